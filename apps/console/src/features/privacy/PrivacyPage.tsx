// Privacy for owners and admins: ARCO requests and their deadlines, the versioned privacy notice, blocked contacts.
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { PrivacyNotice, PrivacyNoticeVersion, PrivacyPurpose } from '@atiende/contract';
import { noticeTemplate } from '@atiende/contract/i18n';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { RequestForm } from './RequestForm';
import { RequestsTable } from './RequestsTable';
import { customersApi } from '../customers/api';
import { privacyApi, usePrivacyNotice, usePrivacyNoticeVersions } from './api';
import { localeOf } from '../../locale';

export function PrivacyPage() {
  const { t } = useTranslation();
  const { tab = 'requests' } = useParams();
  const navigate = useNavigate();
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Title order={3}>{t('privacy.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('privacy.intro')}
        </Text>
        <Tabs value={tab} onChange={(v) => navigate(`/privacy/${v}`)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="requests">{t('privacy.tabs.requests')}</Tabs.Tab>
            <Tabs.Tab value="notice">{t('privacy.tabs.notice')}</Tabs.Tab>
            <Tabs.Tab value="blocked">{t('privacy.tabs.blocked')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="requests" pt="md">
            <Requests />
          </Tabs.Panel>
          <Tabs.Panel value="notice" pt="md">
            <NoticeEditor />
          </Tabs.Panel>
          <Tabs.Panel value="blocked" pt="md">
            <Blocked />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}

function Requests() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('open');
  const [logging, setLogging] = useState(false);
  const requests = useQuery({
    queryKey: ['privacy-requests', status],
    queryFn: () => privacyApi.listRequests(status),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <SegmentedControl
          value={status}
          onChange={setStatus}
          data={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`privacy.filter.${s}`) }))}
        />
        <Button onClick={() => setLogging(true)}>{t('privacy.logRequest')}</Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('privacy.dueHelp')}
      </Text>
      {requests.isPending ? (
        <Loader />
      ) : requests.isError ? (
        <Alert color="red">{requests.error.message}</Alert>
      ) : (
        <RequestsTable requests={requests.data} canManage />
      )}
      <Modal opened={logging} onClose={() => setLogging(false)} title={t('privacy.logRequest')} size="lg">
        <RequestForm onDone={() => setLogging(false)} />
      </Modal>
    </Stack>
  );
}

type PurposeRow = PrivacyPurpose;

function NoticeEditor() {
  const session = useSession().data!;
  const client = useQueryClient();
  const notice = usePrivacyNotice();
  const versions = usePrivacyNoticeVersions();
  if (notice.isPending) return <Loader />;
  if (notice.isError) return <Alert color="red">{notice.error.message}</Alert>;
  const template = noticeTemplate[session.workspace.language];
  return (
    <NoticeForm
      key={notice.data?.version ?? 0}
      current={notice.data}
      initialBody={notice.data?.body ?? template.body(session.workspace.name)}
      initialPurposes={notice.data?.purposes ?? template.purposes}
      versions={versions.data ?? []}
      onPublished={(saved) => {
        client.setQueryData(['privacy-notice'], saved);
        void client.invalidateQueries({ queryKey: ['privacy-notice-versions'] });
        void client.invalidateQueries({ queryKey: ['contact-privacy'] });
      }}
    />
  );
}

function NoticeForm(props: {
  current: PrivacyNotice | null;
  initialBody: string;
  initialPurposes: PurposeRow[];
  versions: PrivacyNoticeVersion[];
  onPublished: (notice: PrivacyNotice) => void;
}) {
  const { t, i18n } = useTranslation();
  const { current } = props;
  const [body, setBody] = useState(props.initialBody);
  const [purposes, setPurposes] = useState<PurposeRow[]>(props.initialPurposes);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const fieldError = (path: string) => error?.fields.find((f) => f.path === path)?.message;
  const setPurpose = (i: number, patch: Partial<PurposeRow>) =>
    setPurposes(purposes.map((p, j) => (i === j ? { ...p, ...patch } : p)));
  const publish = async () => {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const saved = await privacyApi.publishNotice({ body, purposes });
      setDone(true);
      props.onPublished(saved);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal_error', String(e)));
    } finally {
      setBusy(false);
    }
  };
  const day = (iso: string) => new Date(iso).toLocaleDateString(localeOf(i18n.language));
  return (
    <Stack>
      {current ? (
        <Group gap="md">
          <Text size="sm" fw={500} data-testid="notice-version">
            {t('privacy.notice.current', { version: current.version, date: day(current.publishedAt) })}
          </Text>
          <Anchor size="sm" href={current.publicUrl} target="_blank" rel="noreferrer">
            {t('privacy.notice.publicLink')}
          </Anchor>
        </Group>
      ) : (
        <Alert color="yellow">{t('privacy.noNotice')}</Alert>
      )}
      {done && <Alert color="green">{t('privacy.notice.published')}</Alert>}
      {error && <Alert color="red">{error.message}</Alert>}
      <Textarea
        label={t('privacy.notice.body')}
        description={t('privacy.notice.bodyHelp')}
        autosize
        minRows={8}
        maxRows={24}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        error={fieldError('body')}
      />
      <Paper withBorder p="sm">
        <Text fw={500} size="sm" mb="xs">
          {t('privacy.notice.purposes')}
        </Text>
        {fieldError('purposes') && (
          <Text c="red" size="xs">
            {fieldError('purposes')}
          </Text>
        )}
        <Stack gap="xs">
          {purposes.map((p, i) => (
            <Group key={i} align="flex-start" wrap="nowrap">
              <TextInput
                aria-label={t('privacy.notice.purposeKey')}
                placeholder={t('privacy.notice.purposeKey')}
                w={140}
                value={p.key}
                onChange={(e) => setPurpose(i, { key: e.currentTarget.value })}
                error={fieldError(`purposes.${i}.key`)}
              />
              <TextInput
                aria-label={t('privacy.notice.purposeName')}
                placeholder={t('privacy.notice.purposeName')}
                style={{ flex: 1 }}
                value={p.name}
                onChange={(e) => setPurpose(i, { name: e.currentTarget.value })}
                error={fieldError(`purposes.${i}.name`)}
              />
              <Select
                aria-label={t('privacy.notice.purposeKind')}
                w={210}
                allowDeselect={false}
                data={(['primary', 'secondary'] as const).map((k) => ({
                  value: k,
                  label: t(`privacy.notice.kinds.${k}`),
                }))}
                value={p.kind}
                onChange={(k) => k && setPurpose(i, { kind: k })}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={6}
                aria-label={t('privacy.notice.remove')}
                onClick={() => setPurposes(purposes.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="light"
            size="xs"
            w="fit-content"
            onClick={() => setPurposes([...purposes, { key: '', name: '', kind: 'secondary' }])}
          >
            {t('privacy.notice.addPurpose')}
          </Button>
        </Stack>
      </Paper>
      <Group>
        <Button onClick={publish} loading={busy}>
          {t('privacy.notice.publish', { version: (current?.version ?? 0) + 1 })}
        </Button>
      </Group>
      {props.versions.length > 1 && (
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('privacy.notice.versions')}
          </Text>
          {props.versions.slice(1).map((v) => (
            <Text key={v.version} size="sm" c="dimmed">
              v{v.version} · {day(v.publishedAt)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function Blocked() {
  const { t, i18n } = useTranslation();
  const erased = (useLocation().state as { erased?: string } | null)?.erased;
  const blocked = useQuery({
    queryKey: ['contacts', 'blocked'],
    queryFn: () => customersApi.listBlockedContacts(),
  });
  if (blocked.isPending) return <Loader />;
  if (blocked.isError) return <Alert color="red">{blocked.error.message}</Alert>;
  const notice = erased ? (
    <Alert color="green" mb="sm" data-testid="erased">
      {t('privacy.erased')}
    </Alert>
  ) : null;
  if (!blocked.data.items.length)
    return (
      <>
        {notice}
        <Text size="sm" c="dimmed">
          {t('privacy.noBlocked')}
        </Text>
      </>
    );
  return (
    <>
      {notice}
      <Table data-testid="blocked-contacts">
        <Table.Tbody>
          {blocked.data.items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/contacts/${c.id}`}>
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.email}</Table.Td>
              <Table.Td>{new Date(c.updatedAt).toLocaleDateString(localeOf(i18n.language))}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
