// Logging an ARCO request as it arrived (from the privacy page, or from a contact with their data filled in).
import { Alert, Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';
import { privacyApi } from './api';

export const arcoKinds = ['access', 'rectification', 'cancellation', 'opposition', 'revocation'] as const;
export const privacyChannels = [
  'email',
  'phone',
  'whatsapp',
  'web_chat',
  'in_person',
  'paper',
  'web_form',
  'other',
] as const;

export function RequestForm({
  contact,
  onDone,
}: {
  contact?: { id: string; name: string; email: string | null };
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm({
    initialValues: {
      kind: 'access',
      requesterName: contact?.name ?? '',
      requesterEmail: contact?.email ?? '',
      channel: 'email',
      details: '',
      receivedAt: '',
    },
  });
  const { submit, error, busy } = useSubmit(form, async (v) => {
    await privacyApi.createRequest({
      kind: v.kind,
      contactId: contact?.id ?? null,
      requesterName: v.requesterName,
      requesterEmail: v.requesterEmail || null,
      channel: v.channel,
      details: v.details,
      ...(v.receivedAt ? { receivedAt: new Date(v.receivedAt).toISOString() } : {}),
    });
    void client.invalidateQueries({ queryKey: ['privacy-requests'] });
    void client.invalidateQueries({ queryKey: ['contact-privacy'] });
    onDone();
  });
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        <Select
          label={t('privacy.kind')}
          allowDeselect={false}
          data={arcoKinds.map((k) => ({ value: k, label: t(`privacy.kinds.${k}`) }))}
          {...form.getInputProps('kind')}
        />
        <Group grow>
          <TextInput label={t('privacy.requesterName')} required {...form.getInputProps('requesterName')} />
          <TextInput label={t('privacy.requesterEmail')} type="email" {...form.getInputProps('requesterEmail')} />
        </Group>
        <Group grow>
          <Select
            label={t('privacy.channel')}
            allowDeselect={false}
            data={privacyChannels.map((c) => ({ value: c, label: t(`privacy.channels.${c}`) }))}
            {...form.getInputProps('channel')}
          />
          <TextInput label={t('privacy.receivedAt')} type="datetime-local" {...form.getInputProps('receivedAt')} />
        </Group>
        <Textarea label={t('privacy.details')} required autosize minRows={3} {...form.getInputProps('details')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('privacy.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('privacy.logRequest')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
