// The inbox: conversations from every channel on the left, the selected one on the right; live updates come
// from the realtime socket into the same query cache.
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Center,
  Collapse,
  Drawer,
  Group,
  Loader,
  Menu,
  MultiSelect,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import type { Conversation } from '@atiende/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconUserCircle } from '@tabler/icons-react';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { can, useSession } from '../../session';
import { LogActivityButton } from './LogActivity';
import { NewIncidentButton } from '../incidents/NewIncidentButton';
import { NewDealButton } from '../deals/NewDealButton';
import { TrainingReminder } from '../training/TrainingReminder';
import { SlaBadge } from './SlaBadge';
import { Thread } from './Thread';

const CustomerPanel = lazy(() => import('./CustomerPanel').then((m) => ({ default: m.CustomerPanel })));
import { channelColor, clock, timeAgo } from './format';
import { useLabels, useMembers, useTeams } from '../settings/api';
import { conversationsApi } from './api';
import { useSegments } from '../segments/api';
import { displayAddress } from '../../email-address';

type StatusFilter = 'open' | 'pending' | 'snoozed' | 'resolved' | 'all';
type View = 'all' | 'mine' | 'unassigned' | 'team' | 'mentions';

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { conversationId } = useParams();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const [status, setStatus] = useState<StatusFilter>('open');
  const [view, setView] = useState<View>('all');
  const [labelId, setLabelId] = useState<string | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [sla, setSla] = useState<string | null>(null);
  const [origin, setOrigin] = useState<string | null>(null);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const segments = useSegments();
  const [sort, setSort] = useState<'activity' | 'waiting'>('activity');
  const activeFilters =
    [labelId, teamId, priority, channel, segmentId, sla, origin].filter(Boolean).length + (sort === 'waiting' ? 1 : 0);
  const [search, setSearch] = useState('');
  const [searched] = useDebouncedValue(search.trim(), 250);
  const results = useQuery({
    queryKey: ['message-search', searched],
    queryFn: () => conversationsApi.searchMessages(searched),
    enabled: searched.length > 0,
  });
  const labels = useLabels();
  const teams = useTeams();
  const filters = {
    status,
    view,
    sort,
    limit: '30',
    ...(labelId ? { labelId } : {}),
    ...(teamId ? { teamId } : {}),
    ...(priority ? { priority } : {}),
    ...(channel ? { channel } : {}),
    ...(sla ? { sla } : {}),
    ...(origin ? { fromAd: origin === 'ad' ? 'true' : 'false' } : {}),
    ...(segmentId ? { segmentId } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: ['conversations', filters],
    queryFn: ({ pageParam }) =>
      conversationsApi.listConversations(
        new URLSearchParams({ ...filters, ...(pageParam ? { before: pageParam } : {}) }).toString(),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const conversations = list.data?.pages.flatMap((p) => p.items) ?? [];
  const showList = !phone || !conversationId;
  const showThread = !phone || Boolean(conversationId);

  return (
    <Group h="100%" gap={0} wrap="nowrap" align="stretch">
      {showList && (
        <Stack
          w={phone ? '100%' : 360}
          gap={0}
          style={{ borderRight: '1px solid var(--mantine-color-gray-3)', flexShrink: 0 }}
        >
          <Stack p="sm" gap="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <SegmentedControl
              size="xs"
              fullWidth
              value={status}
              onChange={(v) => setStatus(v)}
              data={(['open', 'pending', 'snoozed', 'resolved', 'all'] as const).map((s) => ({
                value: s,
                label: t(`status.${s}`),
              }))}
            />
            <TextInput
              size="xs"
              aria-label={t('inbox.search')}
              placeholder={t('inbox.search')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
            <Select
              size="xs"
              aria-label={t('inbox.view')}
              allowDeselect={false}
              value={view}
              onChange={(v) => v && setView(v)}
              data={(['all', 'mine', 'unassigned', 'team', 'mentions'] as const).map((v) => ({
                value: v,
                label: t(`inbox.views.${v}`),
              }))}
            />
            {phone && (
              <Button
                size="xs"
                variant={activeFilters ? 'light' : 'default'}
                onClick={() => setFiltersOpen((o) => !o)}
                aria-expanded={filtersOpen}
                data-testid="inbox-more-filters"
              >
                {t('frame.inbox.filters', { count: activeFilters })}
              </Button>
            )}
            {/* On a phone the filters fold away behind a button, so the conversations come first. */}
            <Collapse expanded={!phone || filtersOpen}>
              <Stack gap="xs">
                <Group gap={6} grow>
                  <Select
                    size="xs"
                    aria-label={t('inbox.label')}
                    placeholder={t('inbox.label')}
                    clearable
                    value={labelId}
                    onChange={setLabelId}
                    data={(labels.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                  />
                  <Select
                    size="xs"
                    aria-label={t('inbox.team')}
                    placeholder={t('inbox.team')}
                    clearable
                    value={teamId}
                    onChange={setTeamId}
                    data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                  />
                  <Select
                    size="xs"
                    aria-label={t('inbox.priorityLabel')}
                    placeholder={t('inbox.priorityLabel')}
                    clearable
                    value={priority}
                    onChange={setPriority}
                    data={(['urgent', 'high', 'normal', 'low'] as const).map((p) => ({
                      value: p,
                      label: t(`inbox.priority.${p}`),
                    }))}
                  />
                </Group>
                <Group gap={6} grow>
                  <Select
                    size="xs"
                    aria-label={t('inbox.channel')}
                    placeholder={t('inbox.channel')}
                    clearable
                    value={channel}
                    onChange={setChannel}
                    data={(['webchat', 'whatsapp', 'email', 'phone', 'visit'] as const).map((c) => ({
                      value: c,
                      label: t(`channels.${c}`),
                    }))}
                  />
                  <Select
                    size="xs"
                    aria-label={t('inbox.segment')}
                    placeholder={t('inbox.segment')}
                    clearable
                    searchable
                    value={segmentId}
                    onChange={setSegmentId}
                    data={(segments.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                  />
                </Group>
                <Group gap={6} grow>
                  <Select
                    size="xs"
                    aria-label={t('inbox.slaState')}
                    placeholder={t('inbox.slaState')}
                    clearable
                    value={sla}
                    onChange={setSla}
                    data={(['breached', 'at_risk', 'on_track'] as const).map((x) => ({
                      value: x,
                      label: t(`inbox.slaStates.${x}`),
                    }))}
                  />
                  <Select
                    size="xs"
                    aria-label={t('inbox.origin')}
                    placeholder={t('inbox.origin')}
                    clearable
                    value={origin}
                    onChange={setOrigin}
                    data={(['ad', 'other'] as const).map((x) => ({ value: x, label: t(`inbox.origins.${x}`) }))}
                  />
                </Group>
                <SegmentedControl
                  size="xs"
                  fullWidth
                  value={sort}
                  onChange={(v) => setSort(v)}
                  data={[
                    { value: 'activity', label: t('inbox.sort.activity') },
                    { value: 'waiting', label: t('inbox.sort.waiting') },
                  ]}
                />
              </Stack>
            </Collapse>
          </Stack>
          <ScrollArea style={{ flex: 1 }} data-testid="conversation-list">
            {searched && (
              <Stack gap={0} data-testid="search-results">
                {results.data?.length === 0 && (
                  <Text p="lg" c="dimmed" ta="center">
                    {t('inbox.noResults')}
                  </Text>
                )}
                {results.data?.map((r) => (
                  <UnstyledButton
                    key={r.message.id}
                    onClick={() => navigate(`/inbox/${r.conversation.id}`)}
                    w="100%"
                    p="sm"
                    style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                  >
                    <Group justify="space-between" wrap="nowrap">
                      <Text size="sm" fw={500} truncate>
                        {r.conversation.contact.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {timeAgo(r.message.createdAt, i18n.language)}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {r.message.body}
                    </Text>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
            {!searched && list.isPending && (
              <Center p="lg">
                <Loader size="sm" />
              </Center>
            )}
            {!searched && list.isSuccess && conversations.length === 0 && (
              <Text p="lg" c="dimmed" ta="center">
                {t('inbox.empty')}
              </Text>
            )}
            {!searched &&
              conversations.map((c) => (
                <ConversationRow
                  key={c.id}
                  conversation={c}
                  selected={c.id === conversationId}
                  language={i18n.language}
                  onClick={() => navigate(`/inbox/${c.id}`)}
                />
              ))}
            {!searched && list.hasNextPage && (
              <Center p="sm">
                <Button
                  variant="subtle"
                  size="xs"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  {t('inbox.more')}
                </Button>
              </Center>
            )}
          </ScrollArea>
        </Stack>
      )}
      {showThread && (
        <Box style={{ flex: 1, minWidth: 0 }}>
          {conversationId ? (
            <ConversationPane id={conversationId} onBack={phone ? () => navigate('/inbox') : undefined} />
          ) : (
            <Center h="100%">
              <Stack align="center">
                <TrainingReminder />
                <Text c="dimmed">{t('inbox.pick')}</Text>
              </Stack>
            </Center>
          )}
        </Box>
      )}
    </Group>
  );
}

function ConversationRow({
  conversation: c,
  selected,
  language,
  onClick,
}: {
  conversation: Conversation;
  selected: boolean;
  language: string;
  onClick: () => void;
}) {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      onClick={onClick}
      w="100%"
      p="sm"
      bg={selected ? 'cyan.0' : undefined}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
      data-testid="conversation-row"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={c.waitingSince ? 700 : 500} size="sm" truncate>
          {c.contact.name}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {timeAgo(c.lastMessageAt, language)}
        </Text>
      </Group>
      {c.subject && (
        <Text size="xs" fw={500} lineClamp={1}>
          {c.subject}
        </Text>
      )}
      <Text size="xs" c="dimmed" lineClamp={1}>
        {c.lastMessagePreview}
      </Text>
      <Group gap={4} mt={4}>
        <Badge size="xs" variant="light" color={channelColor[c.channel]}>
          {t(`channels.${c.channel}`)}
        </Badge>
        {c.waitingSince && (
          <Badge size="xs" variant="filled" color="orange">
            {t('inbox.waiting')}
          </Badge>
        )}
        {c.abandonedAt && (
          <Badge size="xs" variant="light" color="red" title={t('inbox.abandonedHelp')}>
            {t('inbox.abandoned')}
          </Badge>
        )}
        <SlaBadge conversation={c} />
        {c.labels.map((l) => (
          <Badge key={l.id} size="xs" variant="dot" color={l.color}>
            {l.name}
          </Badge>
        ))}
        {c.priority !== 'normal' && (
          <Badge
            size="xs"
            variant="outline"
            color={c.priority === 'urgent' ? 'red' : c.priority === 'high' ? 'orange' : 'gray'}
          >
            {t(`inbox.priority.${c.priority}`)}
          </Badge>
        )}
      </Group>
    </UnstyledButton>
  );
}

function ConversationPane({ id, onBack }: { id: string; onBack?: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const conversation = useQuery({
    queryKey: ['conversation', id],
    queryFn: () => conversationsApi.getConversation(id),
  });
  const members = useMembers();
  const teams = useTeams();
  const labels = useLabels();
  const wide = useMediaQuery('(min-width: 75em)') ?? true;
  const panel = usePanel(wide);
  const update = useMutation({
    mutationFn: (body: {
      status?: string;
      assigneeId?: string | null;
      priority?: string;
      snoozedUntil?: string;
      teamId?: string | null;
      labelIds?: string[];
    }) => conversationsApi.updateConversation(id, body),
    onSuccess: (c) => {
      client.setQueryData(['conversation', id], c);
      void client.invalidateQueries({ queryKey: ['conversations'] });
      void client.invalidateQueries({ queryKey: ['labels'] });
    },
  });
  if (conversation.isPending)
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  if (conversation.isError)
    return (
      <Center h="100%">
        <Text c="red">{conversation.error.message}</Text>
      </Center>
    );
  const c = conversation.data;
  const agent = can(session, 'agent');
  return (
    <Stack h="100%" gap={0}>
      <Group
        p="sm"
        justify="space-between"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        wrap="wrap"
        gap="xs"
      >
        {/* On a phone the badges go under the name rather than squeezing it to a letter. */}
        <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
          {onBack && (
            <ActionIcon variant="subtle" onClick={onBack} aria-label={t('inbox.back')}>
              ←
            </ActionIcon>
          )}
          <Stack gap={0} style={{ minWidth: 0, flex: '1 1 140px' }}>
            <Text
              fw={600}
              truncate
              data-testid="conversation-contact"
              component={Link}
              to={`/contacts/${c.contact.id}`}
              title={t('customers.openContact')}
            >
              {c.contact.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {[c.subject, displayAddress(c.contact.email), c.contact.phone].filter(Boolean).join(' · ')}
            </Text>
          </Stack>
          <Badge variant="light" color={channelColor[c.channel]}>
            {t(`channels.${c.channel}`)}
          </Badge>
          <SlaBadge conversation={c} withWindow />
          {c.abandonedAt && (
            <Badge variant="light" color="red" title={t('inbox.abandonedHelp')}>
              {t('inbox.abandoned')}
            </Badge>
          )}
          {c.contact.unverifiedEmail && (
            <Badge
              variant="light"
              color="yellow"
              data-testid="unverified-badge"
              title={t('privacy.unverifiedBanner', { email: c.contact.unverifiedEmail })}
            >
              {t('privacy.unverifiedBadge')}
            </Badge>
          )}
          <Button
            size="xs"
            variant={panel.open ? 'light' : 'default'}
            onClick={panel.toggle}
            aria-pressed={panel.open}
            leftSection={<IconUserCircle size={16} aria-hidden />}
            data-testid="customer-panel-toggle"
          >
            {t('frame.panel.open')}
          </Button>
        </Group>
        {agent && (
          <Group gap="xs">
            <LogActivityButton contact={c.contact} />
            <NewIncidentButton conversationId={c.id} />
            <NewDealButton initial={{ contact: { id: c.contact.id, name: c.contact.name }, source: 'conversation' }} />
            <Select
              size="xs"
              w={150}
              aria-label={t('inbox.transferToTeam')}
              placeholder={t('inbox.team')}
              clearable
              value={c.teamId}
              data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              onChange={(value) => update.mutate({ teamId: value })}
            />
            <MultiSelect
              searchable
              size="xs"
              w={180}
              aria-label={t('inbox.labels')}
              placeholder={c.labels.length ? undefined : t('inbox.labels')}
              value={c.labels.map((l) => l.id)}
              data={(labels.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
              onChange={(ids) => update.mutate({ labelIds: ids })}
            />
            <Select
              size="xs"
              w={170}
              aria-label={t('inbox.assignTo')}
              placeholder={t('inbox.assignee.unassigned')}
              clearable
              value={c.assigneeId}
              data={(members.data ?? [])
                .filter((m) => m.role !== 'viewer')
                .map((m) => ({ value: m.userId, label: m.name }))}
              onChange={(value) => update.mutate({ assigneeId: value })}
            />
            <Select
              size="xs"
              w={120}
              aria-label={t('inbox.priorityLabel')}
              allowDeselect={false}
              value={c.priority}
              data={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({
                value: p,
                label: t(`inbox.priority.${p}`),
              }))}
              onChange={(value) => value && update.mutate({ priority: value })}
            />
            {c.status !== 'resolved' && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button size="xs" variant="default">
                    {c.status === 'snoozed' && c.snoozedUntil
                      ? t('inbox.snoozedUntil', { time: clock(c.snoozedUntil, i18n.language) })
                      : t('inbox.snooze')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {c.status !== 'pending' && (
                    <Menu.Item onClick={() => update.mutate({ status: 'pending' })}>{t('inbox.markPending')}</Menu.Item>
                  )}
                  {snoozeChoices().map((choice) => (
                    <Menu.Item
                      key={choice.key}
                      onClick={() => update.mutate({ status: 'snoozed', snoozedUntil: choice.at.toISOString() })}
                    >
                      {t(`inbox.snoozeFor.${choice.key}`)}
                    </Menu.Item>
                  ))}
                  {c.status !== 'open' && (
                    <Menu.Item onClick={() => update.mutate({ status: 'open' })}>{t('inbox.reopen')}</Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
            <MergeMenu conversation={c} />
            {c.status === 'resolved' ? (
              <Button
                size="xs"
                variant="light"
                loading={update.isPending}
                onClick={() => update.mutate({ status: 'open' })}
              >
                {t('inbox.reopen')}
              </Button>
            ) : (
              <Button
                size="xs"
                color="teal"
                loading={update.isPending}
                onClick={() => update.mutate({ status: 'resolved' })}
              >
                {t('inbox.resolve')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      <Box style={{ flex: 1, minHeight: 0, display: 'flex' }}>
        <Stack gap={0} style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
          <Thread conversation={c} canWrite={agent} />
        </Stack>
        {wide && panel.open && (
          <Box w={300} style={{ flex: 'none', borderLeft: '1px solid var(--mantine-color-gray-3)' }}>
            <Suspense fallback={<Loader size="sm" m="sm" />}>
              <CustomerPanel contactId={c.contact.id} conversationId={c.id} />
            </Suspense>
          </Box>
        )}
      </Box>
      {!wide && (
        <Drawer opened={panel.open} onClose={panel.toggle} position="right" size={320} title={t('frame.panel.title')}>
          <Suspense fallback={<Loader size="sm" />}>
            <CustomerPanel contactId={c.contact.id} conversationId={c.id} />
          </Suspense>
        </Drawer>
      )}
    </Stack>
  );
}

/** The customer panel beside the thread: open by default on wide screens (remembered), a drawer on narrow ones. */
function usePanel(wide: boolean) {
  const [stored, setStored] = useState(() => localStorage.getItem('atiende.customerPanel'));
  const [drawer, setDrawer] = useState(false);
  if (!wide) return { open: drawer, toggle: () => setDrawer(!drawer) };
  const open = stored !== 'closed';
  return {
    open,
    toggle: () => {
      const next = open ? 'closed' : 'open';
      localStorage.setItem('atiende.customerPanel', next);
      setStored(next);
    },
  };
}

/** Snooze choices: in an hour, tomorrow at 9:00, next Monday at 9:00 (the agent's clock). */
function snoozeChoices(now = new Date()): { key: 'hour' | 'tomorrow' | 'nextWeek'; at: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { key: 'hour', at: new Date(now.getTime() + 3_600_000) },
    { key: 'tomorrow', at: tomorrow },
    { key: 'nextWeek', at: monday },
  ];
}

/** Another conversation of the same contact can be merged into this one. */
function MergeMenu({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const related = useQuery({
    queryKey: ['related', conversation.id],
    queryFn: () => conversationsApi.listRelatedConversations(conversation.id),
    enabled: open,
  });
  const merge = useMutation({
    mutationFn: (mergeId: string) => conversationsApi.mergeConversation(conversation.id, { mergeId }),
    onSuccess: (c) => {
      client.setQueryData(['conversation', c.id], c);
      void client.invalidateQueries({ queryKey: ['messages', c.id] });
      void client.invalidateQueries({ queryKey: ['conversations'] });
      if (c.id !== conversation.id) void navigate(`/inbox/${c.id}`);
    },
  });
  return (
    <Menu position="bottom-end" opened={open} onChange={setOpen}>
      <Menu.Target>
        <Button size="xs" variant="default">
          {t('inbox.merge')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('inbox.mergeHelp')}</Menu.Label>
        {related.data?.length === 0 && <Menu.Item disabled>{t('inbox.nothingToMerge')}</Menu.Item>}
        {related.data?.map((r) => (
          <Menu.Item key={r.id} onClick={() => merge.mutate(r.id)}>
            {t(`channels.${r.channel}`)} · {timeAgo(r.lastMessageAt, i18n.language)} ·{' '}
            {r.lastMessagePreview.slice(0, 40)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
