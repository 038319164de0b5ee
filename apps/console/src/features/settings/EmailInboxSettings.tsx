// Email inboxes in Settings → Channels: connecting a mailbox (IMAP in, SMTP out), changing it, and reading it now.
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Inbox } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';
import { timeAgo } from '../conversations/format';
import { settingsApi, settingsFiles } from './api';

type Server = { host: string; port: number; secure: boolean; user: string; password: string };

function ServerFields({
  form,
  prefix,
  legend,
  editing,
}: {
  form: ReturnType<typeof useEmailForm>;
  prefix: 'imap' | 'smtp';
  legend: string;
  editing: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={legend}>
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput
            label={t('channelSettings.host')}
            required
            placeholder={prefix === 'imap' ? 'imap.example.com' : 'smtp.example.com'}
            {...form.getInputProps(`${prefix}.host`)}
          />
          <NumberInput
            label={t('channelSettings.port')}
            required
            min={1}
            max={65535}
            maw={110}
            {...form.getInputProps(`${prefix}.port`)}
          />
        </Group>
        <Checkbox
          label={t('channelSettings.secure')}
          {...form.getInputProps(`${prefix}.secure`, { type: 'checkbox' })}
        />
        <Group grow align="flex-start">
          <TextInput label={t('channelSettings.user')} required {...form.getInputProps(`${prefix}.user`)} />
          <PasswordInput
            label={t('channelSettings.password')}
            required={!editing}
            description={editing ? t('channelSettings.passwordKept') : undefined}
            {...form.getInputProps(`${prefix}.password`)}
          />
        </Group>
      </Stack>
    </Fieldset>
  );
}

function useEmailForm(inbox?: Inbox) {
  const info = inbox?.email;
  const server = (s: NonNullable<Inbox['email']>['imap'] | undefined, port: number): Server => ({
    host: s?.host ?? '',
    port: s?.port ?? port,
    secure: s?.secure ?? true,
    user: s?.user ?? '',
    password: '',
  });
  return useForm({
    initialValues: {
      name: inbox?.name ?? 'Correo',
      address: info?.address ?? '',
      displayName: info?.displayName ?? '',
      mailbox: info?.mailbox ?? 'INBOX',
      threadColleagues: info?.threadColleagues ?? true,
      imap: server(info?.imap, 993),
      smtp: server(info?.smtp, 465),
    },
  });
}

/** Connects a mailbox, or with `inbox` changes one (an empty password keeps the stored one). */
export function EmailInboxForm({ inbox, onDone }: { inbox?: Inbox; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useEmailForm(inbox);
  const { submit, error, busy } = useSubmit(form, async (v) => {
    const server = ({ password, ...rest }: Server) => (password ? { ...rest, password } : rest);
    const body = { ...v, displayName: v.displayName || null, imap: server(v.imap), smtp: server(v.smtp) };
    if (inbox) await settingsApi.updateEmailInbox(inbox.id, body);
    else await settingsApi.createEmailInbox(body);
    await client.invalidateQueries({ queryKey: ['inboxes'] });
    onDone();
  });
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('channelSettings.emailIntro')}
        </Text>
        {error && <Alert color="red">{error}</Alert>}
        <TextInput label={t('channelSettings.name')} required {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <TextInput
            label={t('channelSettings.address')}
            type="email"
            required
            placeholder="soporte@tuempresa.mx"
            {...form.getInputProps('address')}
          />
          <TextInput label={t('channelSettings.displayName')} {...form.getInputProps('displayName')} />
        </Group>
        <ServerFields form={form} prefix="imap" legend={t('channelSettings.incoming')} editing={Boolean(inbox)} />
        <TextInput label={t('channelSettings.mailbox')} required {...form.getInputProps('mailbox')} />
        <ServerFields form={form} prefix="smtp" legend={t('channelSettings.outgoing')} editing={Boolean(inbox)} />
        <Checkbox
          label={t('channelSettings.threadColleagues')}
          description={t('channelSettings.threadColleaguesHint')}
          {...form.getInputProps('threadColleagues', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {inbox ? t('channelSettings.save') : t('channelSettings.connect')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What an email inbox card shows: its servers, when the mailbox was last read and why it failed, and "check now". */
export function EmailDetails({ inbox, onEdit }: { inbox: Inbox; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const info = inbox.email!;
  const [result, setResult] = useState<string | null>(null);
  const check = useSubmit(null, async () => {
    const r = await settingsApi.checkEmailInbox(inbox.id);
    setResult(r.error ?? t('channelSettings.checked', { fetched: r.fetched, stored: r.stored }));
    await client.invalidateQueries({ queryKey: ['inboxes'] });
  });
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="email-address">
        {info.displayName ? `${info.displayName} <${info.address}>` : info.address}
      </Text>
      {info.imap.host ? (
        <Text size="xs" c="dimmed">
          IMAP {info.imap.user} @ {info.imap.host}:{info.imap.port} · {info.mailbox} — SMTP {info.smtp.host}:
          {info.smtp.port}
        </Text>
      ) : (
        <Text size="xs" c="orange">
          {t('channelSettings.noServers')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {info.lastCheckedAt
          ? t('channelSettings.lastChecked', { time: timeAgo(info.lastCheckedAt, i18n.language) })
          : t('channelSettings.neverChecked')}
      </Text>
      {info.lastError && (
        <Alert color="red" py="xs" data-testid="email-error">
          {info.lastError}
        </Alert>
      )}
      {check.error && (
        <Alert color="red" py="xs">
          {check.error}
        </Alert>
      )}
      <Group gap="xs">
        <Button size="xs" variant="light" loading={check.busy} onClick={() => void check.submit(undefined)}>
          {t('channelSettings.checkNow')}
        </Button>
        <Button size="xs" variant="subtle" onClick={onEdit}>
          {t('channelSettings.edit')}
        </Button>
        {result && (
          <Text size="xs" data-testid="email-check-result">
            {result}
          </Text>
        )}
      </Group>
      <SkippedMail inboxId={inbox.id} />
    </Stack>
  );
}

/**
 * Mail the inbox read and stored no message of (a report about no mail of ours, an automatic reply with nothing to
 * join, a mail without sender): listed on request, each downloadable whole.
 */
function SkippedMail({ inboxId }: { inboxId: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const skipped = useQuery({
    queryKey: ['email-skipped', inboxId],
    queryFn: () => settingsApi.listSkippedEmail(inboxId),
    enabled: open,
  });
  return (
    <Stack gap={4}>
      <Button size="compact-xs" variant="subtle" w="fit-content" onClick={() => setOpen((o) => !o)}>
        {open ? t('channelSettings.skipped.hide') : t('channelSettings.skipped.show')}
      </Button>
      {open && skipped.data?.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('channelSettings.skipped.none')}
        </Text>
      )}
      {open &&
        skipped.data?.map((s) => (
          <Group key={s.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="skipped-mail">
            <Text size="xs" c="dimmed" miw={90}>
              {timeAgo(s.receivedAt, i18n.language)}
            </Text>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="xs" fw={500} truncate>
                {s.subject || t('channelSettings.skipped.noSubject')} · {s.sender ?? '—'}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`channelSettings.skipped.reasons.${s.reason}`)}
              </Text>
            </Stack>
            {s.original && (
              <Anchor size="xs" href={settingsFiles.skippedEmail(inboxId, s.id)} download>
                .eml
              </Anchor>
            )}
          </Group>
        ))}
    </Stack>
  );
}
