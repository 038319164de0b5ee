// Writing to a customer first by email, from their profile: the new conversation opens in the inbox.
import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Inbox } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSubmit } from '../auth/useApiForm';
import { conversationsApi } from './api';
import { useInboxes } from '../settings/api';
import { displayAddress } from '../../email-address';

export function WriteEmailButton({ contact }: { contact: { id: string; email: string | null } }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const inboxes = useInboxes();
  const mailboxes = (inboxes.data ?? []).filter((i) => i.channel === 'email');
  // Without an address or a mailbox there is nothing to write from or to.
  if (!contact.email || !mailboxes.length) return null;
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {t('writeEmail.open')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('writeEmail.title', { email: displayAddress(contact.email) })}
        size="lg"
      >
        {open && <WriteEmailForm contactId={contact.id} mailboxes={mailboxes} onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function WriteEmailForm({
  contactId,
  mailboxes,
  onDone,
}: {
  contactId: string;
  mailboxes: Inbox[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { inboxId: mailboxes[0]!.id, subject: '', body: '' } });
  const { submit, error, busy } = useSubmit(form, async (v) => {
    const message = await conversationsApi.startEmailConversation({ contactId, ...v });
    void client.invalidateQueries({ queryKey: ['conversations'] });
    void client.invalidateQueries({ queryKey: ['timeline'] });
    onDone();
    void navigate(`/inbox/${message.conversationId}`);
  });
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        {mailboxes.length > 1 && (
          <Select
            label={t('writeEmail.from')}
            allowDeselect={false}
            data={mailboxes.map((m) => ({ value: m.id, label: m.email?.address || m.name }))}
            {...form.getInputProps('inboxId')}
          />
        )}
        <TextInput label={t('writeEmail.subject')} required {...form.getInputProps('subject')} />
        <Textarea label={t('writeEmail.body')} required autosize minRows={5} {...form.getInputProps('body')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('writeEmail.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
