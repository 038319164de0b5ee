// Logging a call or a visit in two clicks: from a contact, or from any conversation with them.
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSubmit } from '../auth/useApiForm';
import { conversationsApi } from './api';

const outcomes = {
  call: ['solved', 'follow_up', 'no_answer', 'voicemail', 'wrong_number'],
  visit: ['visited', 'solved', 'follow_up'],
} as const;

export function LogActivityButton({ contact }: { contact: { id: string; phone: string | null } }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {t('activity.log')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('activity.log')}>
        {open && <LogActivityForm contact={contact} onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function LogActivityForm({ contact, onDone }: { contact: { id: string; phone: string | null }; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: {
      kind: 'call' as 'call' | 'visit',
      direction: 'inbound',
      phone: contact.phone ?? '',
      durationMinutes: 5 as number | string,
      outcome: 'solved',
      notes: '',
    },
  });
  const { submit, error, busy } = useSubmit(form, async (v) => {
    const message = await conversationsApi.logActivity({
      contactId: contact.id,
      kind: v.kind,
      direction: v.direction,
      phone: v.kind === 'call' && v.phone ? v.phone : null,
      durationMinutes: Number(v.durationMinutes) || 0,
      outcome: v.outcome,
      notes: v.notes,
    });
    void client.invalidateQueries({ queryKey: ['conversations'] });
    void client.invalidateQueries({ queryKey: ['timeline'] });
    void client.invalidateQueries({ queryKey: ['contact', contact.id] });
    onDone();
    void navigate(`/inbox/${message.conversationId}`);
  });
  const kind = form.values.kind;
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        <SegmentedControl
          value={kind}
          onChange={(v) => {
            form.setFieldValue('kind', v);
            form.setFieldValue('outcome', v === 'visit' ? 'visited' : 'solved');
          }}
          data={[
            { value: 'call', label: t('inbox.kinds.call') },
            { value: 'visit', label: t('inbox.kinds.visit') },
          ]}
        />
        <Select
          label={t('activity.direction')}
          allowDeselect={false}
          data={(['inbound', 'outbound'] as const).map((d) => ({
            value: d,
            label: t(`activity.directions.${kind}.${d}`),
          }))}
          {...form.getInputProps('direction')}
        />
        <Group grow>
          {kind === 'call' && <TextInput label={t('activity.phone')} {...form.getInputProps('phone')} />}
          <NumberInput label={t('activity.minutes')} min={0} max={1440} {...form.getInputProps('durationMinutes')} />
        </Group>
        <Select
          label={t('activity.outcome')}
          allowDeselect={false}
          data={outcomes[kind].map((o) => ({ value: o, label: t(`inbox.log.outcomes.${o}`) }))}
          {...form.getInputProps('outcome')}
        />
        <Textarea label={t('activity.notes')} autosize minRows={3} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('activity.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
