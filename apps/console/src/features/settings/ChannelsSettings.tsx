// Channels: the inboxes of the workspace, connecting a WhatsApp Business number (and what to paste in Meta), and the
// approved templates of each number.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Inbox } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';
import { channelColor } from '../conversations/format';
import { EmailDetails, EmailInboxForm } from './EmailInboxSettings';
import { settingsApi, useInboxes } from './api';

export function ChannelsSettings() {
  const { t } = useTranslation();
  const [connecting, setConnecting] = useState(false);
  // null: closed; 'new': connecting a mailbox; an inbox: changing it.
  const [emailForm, setEmailForm] = useState<'new' | Inbox | null>(null);
  const inboxes = useInboxes();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('channelSettings.title')}</Title>
        <Group gap="xs">
          <Button onClick={() => setConnecting(true)}>{t('channelSettings.connectWhatsapp')}</Button>
          <Button variant="light" onClick={() => setEmailForm('new')}>
            {t('channelSettings.connectEmail')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('channelSettings.intro')}
      </Text>
      {inboxes.data?.map((inbox) => (
        <Paper key={inbox.id} withBorder p="md" data-testid="inbox-card">
          <Group gap="xs" mb="xs">
            <Badge variant="light" color={channelColor[inbox.channel]}>
              {t(`channels.${inbox.channel}`)}
            </Badge>
            <Text fw={600}>{inbox.name}</Text>
            {inbox.whatsapp?.displayPhoneNumber && (
              <Text size="sm" c="dimmed">
                {inbox.whatsapp.displayPhoneNumber}
              </Text>
            )}
          </Group>
          {inbox.whatsapp && <WhatsappDetails inbox={inbox} />}
          {inbox.email && <EmailDetails inbox={inbox} onEdit={() => setEmailForm(inbox)} />}
        </Paper>
      ))}
      <Modal
        opened={connecting}
        onClose={() => setConnecting(false)}
        title={t('channelSettings.connectWhatsapp')}
        size="lg"
      >
        <ConnectWhatsapp onDone={() => setConnecting(false)} />
      </Modal>
      <Modal
        opened={emailForm !== null}
        onClose={() => setEmailForm(null)}
        title={
          emailForm !== null && emailForm !== 'new' ? t('channelSettings.edit') : t('channelSettings.connectEmail')
        }
        size="lg"
      >
        {emailForm !== null && (
          <EmailInboxForm inbox={emailForm === 'new' ? undefined : emailForm} onDone={() => setEmailForm(null)} />
        )}
      </Modal>
    </Stack>
  );
}

function ConnectWhatsapp({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm({
    initialValues: {
      name: 'WhatsApp',
      phoneNumberId: '',
      businessAccountId: '',
      displayPhoneNumber: '',
      accessToken: '',
      appSecret: '',
    },
  });
  const { submit, error, busy } = useSubmit(form, async (v) => {
    await settingsApi.createWhatsappInbox({
      ...v,
      businessAccountId: v.businessAccountId || null,
      displayPhoneNumber: v.displayPhoneNumber || null,
    });
    await client.invalidateQueries({ queryKey: ['inboxes'] });
    onDone();
  });
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        <TextInput label={t('channelSettings.name')} required {...form.getInputProps('name')} />
        <TextInput
          label={t('channelSettings.phoneNumberId')}
          description={t('channelSettings.phoneNumberIdHelp')}
          required
          {...form.getInputProps('phoneNumberId')}
        />
        <Group grow>
          <TextInput label={t('channelSettings.businessAccountId')} {...form.getInputProps('businessAccountId')} />
          <TextInput label={t('channelSettings.displayPhoneNumber')} {...form.getInputProps('displayPhoneNumber')} />
        </Group>
        <PasswordInput
          label={t('channelSettings.accessToken')}
          description={t('channelSettings.accessTokenHelp')}
          required
          {...form.getInputProps('accessToken')}
        />
        <PasswordInput
          label={t('channelSettings.appSecret')}
          description={t('channelSettings.appSecretHelp')}
          required
          {...form.getInputProps('appSecret')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('channelSettings.connect')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Copyable({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" w={190} c="dimmed">
        {label}
      </Text>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {value}
      </Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="subtle" onClick={copy}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function WhatsappDetails({ inbox }: { inbox: Inbox }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const info = inbox.whatsapp!;
  const templates = useQuery({
    queryKey: ['templates', inbox.id],
    queryFn: () => settingsApi.listInboxWhatsappTemplates(inbox.id),
  });
  const form = useForm({ initialValues: { name: '', language: 'es_MX', category: 'utility', body: '' } });
  const add = useSubmit(form, async (v) => {
    await settingsApi.createWhatsappTemplate(inbox.id, v);
    form.reset();
    await client.invalidateQueries({ queryKey: ['templates', inbox.id] });
  });
  const remove = async (id: string) => {
    await settingsApi.deleteTemplate(id);
    await client.invalidateQueries({ queryKey: ['templates', inbox.id] });
  };
  return (
    <Stack gap="sm">
      <Copyable label={t('channelSettings.webhookUrl')} value={info.webhookUrl} testId="webhook-url" />
      <Copyable label={t('channelSettings.verifyToken')} value={info.verifyToken} testId="verify-token" />
      <Text size="xs" c="dimmed">
        {t('channelSettings.webhookHelp')}{' '}
        {info.hasAccessToken && info.hasAppSecret ? t('channelSettings.secretsSet') : ''}
      </Text>
      <Title order={5} mt="sm">
        {t('channelSettings.templates')}
      </Title>
      <Text size="xs" c="dimmed">
        {t('channelSettings.templatesHelp')}
      </Text>
      {templates.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('channelSettings.noTemplates')}
        </Text>
      )}
      {Boolean(templates.data?.length) && (
        <Table data-testid="templates">
          <Table.Tbody>
            {templates.data!.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {x.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {x.language} · {t(`channelSettings.categories.${x.category}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {x.body}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('channelSettings.remove')}
                    onClick={() => void remove(x.id)}
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
          {add.error && (
            <Alert color="red" py="xs">
              {add.error}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              size="xs"
              label={t('channelSettings.templateName')}
              placeholder="renovacion_plan"
              {...form.getInputProps('name')}
            />
            <TextInput size="xs" label={t('channelSettings.templateLanguage')} {...form.getInputProps('language')} />
            <Select
              size="xs"
              label={t('channelSettings.templateCategory')}
              allowDeselect={false}
              data={(['utility', 'marketing', 'authentication'] as const).map((c) => ({
                value: c,
                label: t(`channelSettings.categories.${c}`),
              }))}
              {...form.getInputProps('category')}
            />
          </Group>
          <Textarea
            size="xs"
            label={t('channelSettings.templateBody')}
            autosize
            minRows={2}
            placeholder="Hola {{1}}, tu plan {{2}} vence pronto."
            {...form.getInputProps('body')}
          />
          <Button size="xs" variant="light" w="fit-content" type="submit" loading={add.busy}>
            {t('channelSettings.addTemplate')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
