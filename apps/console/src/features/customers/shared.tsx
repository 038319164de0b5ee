// Pieces shared by the contact and company screens: status badge, editable section card, notes and timeline.
import '../insight-i18n';
import { Badge, Button, Chip, Group, Paper, Stack, Tabs, Text, Textarea, Timeline, Title } from '@mantine/core';
import type { CustomerStatus, TimelineItem } from '@atiende/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type RecordRef, customersApi, recordKeys } from './api';
import { clock } from '../conversations/format';

export const statusColor: Record<CustomerStatus, string> = {
  prospect: 'blue',
  active: 'teal',
  former: 'gray',
  blocked: 'red',
};

export function StatusBadge({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light">
      {t(`customers.statuses.${status}`)}
    </Badge>
  );
}

/** A titled card that shows values and, for those who may, turns into a form. */
export function Section({
  title,
  canEdit,
  view,
  edit,
  testId,
}: {
  title: string;
  canEdit: boolean;
  view: ReactNode;
  edit: (done: () => void) => ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        {canEdit && !editing && (
          <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>
            {t('customers.edit')}
          </Button>
        )}
      </Group>
      {editing ? edit(() => setEditing(false)) : view}
    </Paper>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const empty =
    children === null ||
    children === undefined ||
    children === '' ||
    (Array.isArray(children) && children.length === 0);
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <Text size="sm" c="dimmed" w={210} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {empty ? t('customers.empty') : children}
      </Text>
    </Group>
  );
}

export function Notes({ record, canWrite }: { record: RecordRef; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const notes = useQuery({ queryKey: recordKeys.notes(record), queryFn: () => customersApi.listNotes(record) });
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => customersApi.addNote(record, body),
    onSuccess: () => {
      setBody('');
      void client.invalidateQueries({ queryKey: recordKeys.notes(record) });
      void client.invalidateQueries({ queryKey: recordKeys.timeline(record) });
    },
  });
  return (
    <Stack>
      {canWrite && (
        <Stack gap="xs">
          <Textarea
            aria-label={t('customers.addNote')}
            placeholder={t('customers.notePlaceholder')}
            autosize
            minRows={2}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          {add.isError && (
            <Text c="red" size="sm">
              {add.error.message}
            </Text>
          )}
          <Button
            w="fit-content"
            size="xs"
            disabled={!body.trim()}
            loading={add.isPending}
            onClick={() => add.mutate()}
          >
            {t('customers.addNote')}
          </Button>
        </Stack>
      )}
      {notes.data?.map((n) => (
        <Paper key={n.id} withBorder p="sm" bg="yellow.0" data-testid="note">
          <Text size="xs" c="dimmed">
            {n.authorName ?? ''} · {clock(n.createdAt, i18n.language)}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

const kinds = ['conversation', 'message', 'note', 'incident', 'survey', 'task', 'change'] as const;

export function CustomerTimeline({ record }: { record: RecordRef }) {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState<string[]>([...kinds]);
  const items = useInfiniteQuery({
    queryKey: [...recordKeys.timeline(record), selected.join(',')],
    queryFn: ({ pageParam }) => customersApi.listTimeline(record, selected, pageParam),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: selected.length > 0,
  });
  const list = items.data?.pages.flatMap((p) => p.items) ?? [];
  const describe = (item: TimelineItem) => {
    if (item.kind === 'conversation')
      return t('customers.timelineConversation', {
        channel: t(`channels.${item.channel}`, { defaultValue: item.channel ?? '' }),
      });
    if (item.kind === 'change')
      return t('customers.timelineChange', { action: t(`audit.actions.${item.title}`, { defaultValue: item.title }) });
    if (item.kind === 'note') return t('customers.notes');
    if (item.kind === 'incident') return t('customers.timelineIncident', { title: item.title });
    if (item.kind === 'survey' || item.kind === 'task') return `${t(`timelineKinds.${item.kind}`)}: ${item.title}`;
    return `${item.actorName ?? ''}${item.title === 'note' ? ` · ${t('inbox.note')}` : ''}`;
  };
  return (
    <Stack>
      <Chip.Group multiple value={selected} onChange={setSelected}>
        <Group gap="xs">
          {kinds.map((k) => (
            <Chip key={k} value={k} size="xs">
              {t(`customers.kinds.${k}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
        {list.map((item) => (
          <Timeline.Item
            key={`${item.kind}:${item.id}`}
            title={
              <Text size="sm" fw={500}>
                {describe(item)}
              </Text>
            }
          >
            {item.kind === 'incident' ? (
              <Text size="sm" component={Link} to={`/incidents/${item.id}`} c="orange.8">
                {t('customers.openIncident')}
              </Text>
            ) : (
              item.body && (
                <Text size="sm" lineClamp={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {item.body}
                </Text>
              )
            )}
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {clock(item.at, i18n.language)}
              </Text>
              {item.conversationId && (
                <Text size="xs" component={Link} to={`/inbox/${item.conversationId}`} c="cyan.8">
                  {t(`channels.${item.channel}`, { defaultValue: item.channel ?? '' })}
                </Text>
              )}
            </Group>
          </Timeline.Item>
        ))}
      </Timeline>
      {items.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          w="fit-content"
          loading={items.isFetchingNextPage}
          onClick={() => items.fetchNextPage()}
        >
          {t('customers.more')}
        </Button>
      )}
    </Stack>
  );
}

/** The three tabs of a contact or company page: its profile, its timeline and its notes. */
export function ProfileTabs({
  record,
  canWrite,
  profile,
  extra = [],
}: {
  record: RecordRef;
  canWrite: boolean;
  profile: ReactNode;
  extra?: { value: string; label: string; panel: ReactNode }[];
}) {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="profile" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="profile">{t('customers.profile')}</Tabs.Tab>
        <Tabs.Tab value="timeline">{t('customers.timeline')}</Tabs.Tab>
        <Tabs.Tab value="notes">{t('customers.notes')}</Tabs.Tab>
        {extra.map((x) => (
          <Tabs.Tab key={x.value} value={x.value}>
            {x.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="profile" pt="md">
        {profile}
      </Tabs.Panel>
      <Tabs.Panel value="timeline" pt="md">
        <CustomerTimeline record={record} />
      </Tabs.Panel>
      <Tabs.Panel value="notes" pt="md">
        <Notes record={record} canWrite={canWrite} />
      </Tabs.Panel>
      {extra.map((x) => (
        <Tabs.Panel key={x.value} value={x.value} pt="md">
          {x.panel}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
