// Labels and quick replies: the inbox's shared vocabulary and the team's best answers.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { QuickReply } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';
import { settingsApi, useLabels, useQuickReplies } from './api';

const colors = ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'grape', 'pink'];
const channels = ['webchat', 'whatsapp', 'email', 'phone', 'visit'] as const;

export function InboxSetupSettings() {
  return (
    <Stack gap="xl">
      <Labels />
      <QuickReplies />
    </Stack>
  );
}

function Labels() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const labels = useLabels();
  const form = useForm({ initialValues: { name: '', color: 'blue' } });
  const add = useSubmit(form, async (v) => {
    await settingsApi.createLabel(v);
    form.reset();
    await client.invalidateQueries({ queryKey: ['labels'] });
  });
  return (
    <Stack>
      <Title order={3}>{t('inboxSetup.labels')}</Title>
      <Text size="sm" c="dimmed">
        {t('inboxSetup.labelsIntro')}
      </Text>
      <Group gap="xs" data-testid="labels">
        {labels.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('inboxSetup.none')}
          </Text>
        )}
        {labels.data?.map((l) => (
          <Paper key={l.id} withBorder px="xs" py={2}>
            <Group gap={4}>
              <Text size="sm" c={l.color === 'gray' ? undefined : `${l.color}.7`}>
                {l.name}
              </Text>
              <ActionIcon
                size="xs"
                variant="subtle"
                color="red"
                aria-label={`${t('inboxSetup.remove')} ${l.name}`}
                onClick={() =>
                  void settingsApi.deleteLabel(l.id).then(() => client.invalidateQueries({ queryKey: ['labels'] }))
                }
              >
                ×
              </ActionIcon>
            </Group>
          </Paper>
        ))}
      </Group>
      <form onSubmit={form.onSubmit(add.submit)}>
        <Group align="flex-end">
          <TextInput label={t('inboxSetup.newLabel')} {...form.getInputProps('name')} />
          <Select
            label={t('inboxSetup.color')}
            w={140}
            allowDeselect={false}
            data={colors}
            {...form.getInputProps('color')}
          />
          <Button type="submit" loading={add.busy}>
            {t('inboxSetup.add')}
          </Button>
        </Group>
        {add.error && (
          <Alert color="red" mt="xs">
            {add.error}
          </Alert>
        )}
      </form>
    </Stack>
  );
}

/** The files a quick reply sends along: listed, removable, and one more added with the button. */
function QuickReplyFiles({ reply }: { reply: QuickReply }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['quick-replies'] });
  const upload = useSubmit(null, async (file: File) => {
    await settingsApi.uploadQuickReplyAttachment(reply.id, file, {
      contentType: file.type || 'application/octet-stream',
      headers: { 'x-file-name': encodeURIComponent(file.name) },
    });
    await refresh();
  });
  return (
    <Group gap={6} mt={4}>
      {reply.attachments.map((a) => (
        <Badge
          key={a.id}
          variant="light"
          color="gray"
          rightSection={
            <ActionIcon
              size="xs"
              variant="transparent"
              aria-label={t('inboxSetup.removeFile', { name: a.name })}
              onClick={() => void settingsApi.deleteQuickReplyAttachment(reply.id, a.id).then(refresh)}
            >
              ×
            </ActionIcon>
          }
        >
          📎 {a.name}
        </Badge>
      ))}
      <FileButton onChange={(file) => file && void upload.submit(file)}>
        {(props) => (
          <Button
            {...props}
            size="compact-xs"
            variant="subtle"
            loading={upload.busy}
            aria-label={t('inboxSetup.addFileTo', { shortcut: reply.shortcut })}
          >
            {t('inboxSetup.addFile')}
          </Button>
        )}
      </FileButton>
      {upload.error && (
        <Text size="xs" c="red">
          {upload.error}
        </Text>
      )}
    </Group>
  );
}

function QuickReplies() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const replies = useQuickReplies();
  const form = useForm({
    initialValues: { shortcut: '', title: '', body: '', language: '', channels: [] as string[] },
  });
  // The same form adds a reply or, after "Edit", changes one.
  const [editing, setEditing] = useState<string | null>(null);
  const add = useSubmit(form, async (v) => {
    const body = { ...v, language: v.language || null };
    if (editing) await settingsApi.updateQuickReply(editing, body);
    else await settingsApi.createQuickReply(body);
    form.reset();
    setEditing(null);
    await client.invalidateQueries({ queryKey: ['quick-replies'] });
  });
  return (
    <Stack>
      <Title order={3}>{t('inboxSetup.quickReplies')}</Title>
      <Text size="sm" c="dimmed">
        {t('inboxSetup.quickRepliesIntro')}
      </Text>
      {replies.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('inboxSetup.none')}
        </Text>
      )}
      {Boolean(replies.data?.length) && (
        <Table data-testid="quick-replies-table">
          <Table.Tbody>
            {replies.data!.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    /{r.shortcut}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.language ?? t('inboxSetup.anyLanguage')}
                    {r.channels.length ? ` · ${r.channels.map((c) => t(`channels.${c}`)).join(', ')}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.title}
                  </Text>
                  <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                    {r.body}
                  </Text>
                  <QuickReplyFiles reply={r} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={t('inboxSetup.editReply', { shortcut: r.shortcut })}
                    onClick={() => {
                      setEditing(r.id);
                      form.setValues({
                        shortcut: r.shortcut,
                        title: r.title,
                        body: r.body,
                        language: r.language ?? '',
                        channels: r.channels,
                      });
                    }}
                  >
                    {t('inboxSetup.edit')}
                  </Button>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('inboxSetup.remove')}
                    onClick={() =>
                      void settingsApi
                        .deleteQuickReply(r.id)
                        .then(() => client.invalidateQueries({ queryKey: ['quick-replies'] }))
                    }
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={form.onSubmit(add.submit)}>
        <Stack gap="xs">
          {add.error && <Alert color="red">{add.error}</Alert>}
          <Group grow align="flex-start">
            <TextInput label={t('inboxSetup.shortcut')} placeholder="saludo" {...form.getInputProps('shortcut')} />
            <TextInput label={t('inboxSetup.title')} {...form.getInputProps('title')} />
            <Select
              label={t('inboxSetup.language')}
              data={[
                { value: '', label: t('inboxSetup.anyLanguage') },
                { value: 'es', label: 'Español' },
                { value: 'en', label: 'English' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('language')}
            />
          </Group>
          <Textarea
            label={t('inboxSetup.body')}
            autosize
            minRows={2}
            placeholder="Hola {{contact.first_name}}, soy {{agent.first_name}}…"
            {...form.getInputProps('body')}
          />
          <MultiSelect
            label={t('inboxSetup.channels')}
            data={channels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
            {...form.getInputProps('channels')}
          />
          <Group gap="xs">
            <Button type="submit" w="fit-content" loading={add.busy}>
              {editing ? t('inboxSetup.saveReply') : t('inboxSetup.add')}
            </Button>
            {editing && (
              <Button
                variant="default"
                onClick={() => {
                  setEditing(null);
                  form.reset();
                }}
              >
                {t('inboxSetup.cancelEdit')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
