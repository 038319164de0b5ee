// The service-standards dashboard: each standard with its definition on hover, target, value, the period before and a
// weekly sparkline, with the conversations behind it on click; per channel, team and agent; incoming against resolved
// and the backlog; the heat map; new customers; satisfaction; outliers. Printable (to PDF) and exportable to CSV.
import '../insight-i18n';
import '@mantine/charts/styles.css';
import { BarChart, CompositeChart, LineChart, Sparkline } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { Breakdown, Dashboard, ServiceTarget, Standard, StandardKey } from '@atiende/contract';
import { standardWords } from '@atiende/contract/i18n/analytics';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { useMembers, useTeams } from '../settings/api';
import { standardsApi, standardsFiles } from './api';
import i18n from '../../i18n';
import { localeOf } from '../../locale';

/** Browser tests drive the console through automation: charts then draw at once, without animation. */
const animate = !navigator.webdriver;
const channels = ['webchat', 'whatsapp', 'email', 'phone', 'visit'] as const;
const printCss =
  '@media print { nav, header, .no-print { display: none !important; } .mantine-AppShell-main { padding: 0 !important; } .print-grid { break-inside: avoid; } }';

export function StandardsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'es';
  const [days, setDays] = useState('30');
  const [channel, setChannel] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [drill, setDrill] = useState<StandardKey | null>(null);
  const [editTargets, setEditTargets] = useState(false);
  const query = useMemo(() => {
    const to = new Date(Date.now() + 60_000);
    const params = new URLSearchParams({
      from: new Date(to.getTime() - Number(days) * 86_400_000).toISOString(),
      to: to.toISOString(),
    });
    if (channel) params.set('channel', channel);
    if (teamId) params.set('teamId', teamId);
    if (agentId) params.set('agentId', agentId);
    return params.toString();
  }, [days, channel, teamId, agentId]);
  const dashboard = useQuery({
    queryKey: ['standards', query],
    queryFn: () => standardsApi.getDashboard(query),
  });
  const teams = useTeams();
  const members = useMembers();
  const d = dashboard.data;
  return (
    <ScrollArea h="100%">
      <style>{printCss}</style>
      <Stack p="md" maw={1300}>
        <Group justify="space-between">
          <Title order={3}>{t('standards.title')}</Title>
          <Group className="no-print">
            <Button variant="default" onClick={() => setEditTargets(true)}>
              {t('standards.targets')}
            </Button>
            <Button component="a" variant="default" href={standardsFiles.dashboardCsv(query)}>
              {t('standards.exportCsv')}
            </Button>
            <Button variant="default" onClick={() => window.print()}>
              {t('standards.print')}
            </Button>
          </Group>
        </Group>
        <Group className="no-print">
          <SegmentedControl
            value={days}
            onChange={setDays}
            data={[
              { value: '7', label: t('standards.days7') },
              { value: '30', label: t('standards.days30') },
              { value: '90', label: t('standards.days90') },
              { value: '365', label: t('standards.year') },
            ]}
          />
          <Select
            aria-label={t('standards.allChannels')}
            placeholder={t('standards.allChannels')}
            clearable
            value={channel}
            onChange={setChannel}
            data={channels.map((c) => ({ value: c, label: t(`channels.${c}`, c) }))}
            w={170}
          />
          <Select
            aria-label={t('standards.allTeams')}
            placeholder={t('standards.allTeams')}
            clearable
            value={teamId}
            onChange={setTeamId}
            data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            w={170}
          />
          <Select
            aria-label={t('standards.allAgents')}
            placeholder={t('standards.allAgents')}
            clearable
            value={agentId}
            onChange={setAgentId}
            data={(members.data ?? [])
              .filter((m) => m.role !== 'viewer')
              .map((m) => ({ value: m.userId, label: m.name }))}
            w={190}
          />
        </Group>
        {dashboard.error && <Alert color="red">{describeError(dashboard.error)}</Alert>}
        {d && (
          <>
            {d.conversations === 0 && <Text c="dimmed">{t('standards.empty')}</Text>}
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} className="print-grid" data-testid="standards">
              {d.standards.map((s) => (
                <StandardCard key={s.key} standard={s} language={language} onOpen={() => setDrill(s.key)} />
              ))}
            </SimpleGrid>
            <Breakdowns dashboard={d} />
            <SimpleGrid cols={{ base: 1, md: 2 }} className="print-grid">
              <Paper withBorder p="md">
                <Title order={6} mb="sm">
                  {t('standards.flow')}
                </Title>
                <CompositeChart
                  h={240}
                  data={d.daily}
                  dataKey="day"
                  withLegend
                  series={[
                    { name: 'incoming', label: t('standards.incoming'), color: 'blue.5', type: 'bar' },
                    { name: 'resolved', label: t('standards.resolved'), color: 'teal.5', type: 'bar' },
                    { name: 'backlog', label: t('standards.backlog'), color: 'orange.6', type: 'line' },
                  ]}
                  barProps={{ isAnimationActive: animate }}
                  lineProps={{ isAnimationActive: animate }}
                />
              </Paper>
              <Paper withBorder p="md">
                <Title order={6} mb="sm">
                  {t('standards.backlogAge')}
                </Title>
                <BarChart
                  h={240}
                  data={d.backlogAge.map((a) => ({ age: t(`standards.ages.${a.key}`), count: a.count }))}
                  dataKey="age"
                  series={[{ name: 'count', label: t('standards.backlog'), color: 'orange.6' }]}
                  barProps={{ isAnimationActive: animate }}
                />
              </Paper>
              <Paper withBorder p="md">
                <Title order={6} mb="sm">
                  {t('standards.heatmap')}
                </Title>
                <Heatmap cells={d.heatmap} />
              </Paper>
              <Paper withBorder p="md">
                <Title order={6} mb="sm">
                  {t('standards.newCustomers')}
                </Title>
                <BarChart
                  h={240}
                  data={d.newCustomers}
                  dataKey="month"
                  withLegend
                  series={[
                    { name: 'count', label: t('standards.thisYear'), color: 'blue.6' },
                    { name: 'sameMonthLastYear', label: t('standards.lastYear'), color: 'gray.5' },
                  ]}
                  barProps={{ isAnimationActive: animate }}
                />
              </Paper>
              <Paper withBorder p="md">
                <Title order={6} mb="sm">
                  {t('standards.satisfaction')}
                </Title>
                <LineChart
                  h={240}
                  data={d.satisfaction}
                  dataKey="month"
                  withLegend
                  connectNulls
                  series={[
                    { name: 'csat', label: 'CSAT %', color: 'teal.6' },
                    { name: 'nps', label: 'NPS', color: 'blue.6' },
                  ]}
                  lineProps={{ isAnimationActive: animate }}
                />
              </Paper>
              <Outliers dashboard={d} />
            </SimpleGrid>
            <WeeklySummary />
          </>
        )}
      </Stack>
      {drill && <DrillDown standard={drill} query={query} language={language} onClose={() => setDrill(null)} />}
      {editTargets && <TargetsEditor language={language} onClose={() => setEditTargets(false)} />}
    </ScrollArea>
  );
}

/** A standard's figure in the interface's locale; "per thousand" reads as per hundred, which people say. */
function formatValue(value: number | null, unit: Standard['unit'], t: (k: string) => string): string {
  if (value === null) return '—';
  const number = (n: number) => new Intl.NumberFormat(localeOf(i18n.language), { maximumFractionDigits: 1 }).format(n);
  if (unit === 'per_thousand') return t('standards.perHundred').replace('{{value}}', number(value / 10));
  const suffix = t(`standards.units.${unit}`);
  if (unit === 'minutes' && value >= 120) return `${number(value / 60)} h`;
  return suffix ? `${number(value)} ${suffix}` : number(value);
}

function StandardCard({
  standard: s,
  language,
  onOpen,
}: {
  standard: Standard;
  language: 'es' | 'en';
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const [name, definition] = standardWords[language][s.key];
  const trend = s.trend.map((p) => p.value ?? 0);
  return (
    <Paper withBorder p="sm" data-testid={`standard-${s.key}`} style={{ cursor: 'pointer' }} onClick={onOpen}>
      <Tooltip label={definition} multiline w={300} withArrow>
        <Text size="sm" fw={600} style={{ textDecoration: 'underline dotted' }}>
          {name}
        </Text>
      </Tooltip>
      <Group justify="space-between" align="end" wrap="nowrap">
        <div>
          <Text fw={700} size="xl">
            {formatValue(s.value, s.unit, t)}
          </Text>
          <Text size="xs" c="dimmed">
            {[
              s.key === 'backlog' ? null : t('standards.basis', { count: s.basis }),
              s.previous !== null ? t('standards.previous', { value: formatValue(s.previous, s.unit, t) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
        {trend.length > 1 && (
          <Sparkline
            w={90}
            h={36}
            data={trend}
            curveType="linear"
            color={s.met === false ? 'red.6' : 'blue.6'}
            fillOpacity={0.2}
            strokeWidth={1.5}
          />
        )}
      </Group>
      <Group gap="xs" mt={4}>
        {s.target !== null ? (
          <Text size="xs">{t('standards.target', { value: formatValue(s.target, s.unit, t) })}</Text>
        ) : (
          <Text size="xs" c="dimmed">
            {t('standards.noTarget')}
          </Text>
        )}
        {s.met !== null && (
          <Badge size="xs" color={s.met ? 'green' : 'red'} variant="light">
            {s.met ? t('standards.met') : t('standards.missed')}
          </Badge>
        )}
      </Group>
    </Paper>
  );
}

function Breakdowns({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const table = (rows: Breakdown[]) => (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          {(
            [
              'conversations',
              'firstResponse',
              'p90',
              'instant',
              'fcr',
              'resolution',
              'reopen',
              'handle',
              'perMatter',
              'transfers',
            ] as const
          ).map((c) => (
            <Table.Th key={c}>{t(`standards.columns.${c}`)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td>{r.label}</Table.Td>
            <Table.Td>{r.conversations}</Table.Td>
            <Table.Td>
              {r.firstResponseMinutes ?? '—'}
              {r.firstResponseTargetMinutes !== null && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  / {r.firstResponseTargetMinutes}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{r.firstResponseP90Minutes ?? '—'}</Table.Td>
            <Table.Td>{r.instantService ?? '—'}</Table.Td>
            <Table.Td>{r.firstContactResolution ?? '—'}</Table.Td>
            <Table.Td>{r.resolutionMinutes ?? '—'}</Table.Td>
            <Table.Td>{r.reopenRate ?? '—'}</Table.Td>
            <Table.Td>{r.handleMinutes ?? '—'}</Table.Td>
            <Table.Td>{r.minutesPerMatter ?? '—'}</Table.Td>
            <Table.Td>{r.transfersPerConversation ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <Paper withBorder p="md" className="print-grid">
      <Tabs defaultValue="channel">
        <Tabs.List>
          <Tabs.Tab value="channel">{t('standards.byChannel')}</Tabs.Tab>
          <Tabs.Tab value="team">{t('standards.byTeam')}</Tabs.Tab>
          <Tabs.Tab value="agent">{t('standards.byAgent')}</Tabs.Tab>
        </Tabs.List>
        <ScrollArea viewportProps={{ tabIndex: 0, 'aria-label': t('standards.byChannel') }}>
          <Tabs.Panel value="channel" pt="sm">
            {table(dashboard.byChannel.map((r) => ({ ...r, label: t(`channels.${r.key}`, r.label) })))}
          </Tabs.Panel>
          <Tabs.Panel value="team" pt="sm">
            {table(dashboard.byTeam)}
          </Tabs.Panel>
          <Tabs.Panel value="agent" pt="sm">
            {table(dashboard.byAgent)}
          </Tabs.Panel>
        </ScrollArea>
      </Tabs>
    </Paper>
  );
}

function Heatmap({ cells }: { cells: Dashboard['heatmap'] }) {
  const { t } = useTranslation();
  const weekdays = t('standards.weekdays', { returnObjects: true }) as string[];
  const counts = new Map(cells.map((c) => [`${c.weekday}|${c.hour}`, c.count]));
  const max = Math.max(1, ...cells.map((c) => c.count));
  // Monday first, as the week is read in Mexico and most of Europe.
  const order = [1, 2, 3, 4, 5, 6, 0];
  return (
    <Box style={{ display: 'grid', gridTemplateColumns: '36px repeat(24, 1fr)', gap: 2 }} data-testid="heatmap">
      <span />
      {Array.from({ length: 24 }, (_, h) => (
        <Text key={h} size="9px" ta="center" c="dimmed">
          {h % 3 === 0 ? h : ''}
        </Text>
      ))}
      {order.map((day) => [
        <Text key={`d${day}`} size="xs" c="dimmed">
          {weekdays[day]}
        </Text>,
        ...Array.from({ length: 24 }, (_, h) => {
          const n = counts.get(`${day}|${h}`) ?? 0;
          return (
            <Tooltip key={`${day}-${h}`} label={`${weekdays[day]} ${h}:00 · ${n}`}>
              <Box
                h={18}
                style={{
                  borderRadius: 2,
                  background: n ? `rgba(34, 139, 230, ${0.15 + (0.85 * n) / max})` : 'var(--mantine-color-gray-1)',
                }}
              />
            </Tooltip>
          );
        }),
      ])}
    </Box>
  );
}

function Outliers({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const { conversations, agents } = dashboard.outliers;
  return (
    <Paper withBorder p="md" data-testid="outliers">
      <Title order={6}>{t('standards.outliers')}</Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('standards.outliersHelp')}
      </Text>
      {conversations.length + agents.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('standards.noOutliers')}
        </Text>
      )}
      <Stack gap={4}>
        {agents.map((a) => (
          <Text key={`${a.id}-${a.metric}`} size="sm">
            {t('standards.outlierAgent', {
              name: a.name,
              metric: t(`standards.metrics.${a.metric}`),
              minutes: a.minutes,
              usual: a.usualMinutes,
              count: a.conversations,
            })}
          </Text>
        ))}
        {conversations.map((c) => (
          <Anchor key={`${c.id}-${c.metric}`} component={Link} to={`/inbox/${c.id}`} size="sm">
            {t('standards.outlierConversation', {
              contact: c.contactName,
              channel: t(`channels.${c.channel}`, c.channel),
              metric: t(`standards.metrics.${c.metric}`),
              minutes: c.minutes,
              usual: c.usualMinutes,
            })}
          </Anchor>
        ))}
      </Stack>
    </Paper>
  );
}

function DrillDown({
  standard,
  query,
  language,
  onClose,
}: {
  standard: StandardKey;
  query: string;
  language: 'es' | 'en';
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState('missed');
  const rows = useQuery({
    queryKey: ['standards', 'drill', standard, outcome, query],
    queryFn: () =>
      standardsApi.getDrillDown<{
        total: number;
        items: {
          id: string;
          contactName: string;
          channel: string;
          assignee: string | null;
          createdAt: string;
          firstResponseMinutes: number | null;
          resolutionMinutes: number | null;
          handleMinutes: number;
        }[];
      }>(query, standard, outcome),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={`${standardWords[language][standard][0]} · ${t('standards.behind')}`}
    >
      <Stack>
        <SegmentedControl
          value={outcome}
          onChange={setOutcome}
          data={[
            { value: 'missed', label: t('standards.missedOnly') },
            { value: 'met', label: t('standards.metOnly') },
            { value: 'all', label: t('standards.everything') },
          ]}
        />
        <Text size="sm" c="dimmed">
          {rows.data?.total ?? ''}
        </Text>
        <Table data-testid="drill-down">
          <Table.Tbody>
            {rows.data?.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/inbox/${r.id}`} onClick={onClose}>
                    {r.contactName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`channels.${r.channel}`, r.channel)}</Table.Td>
                <Table.Td>{r.assignee ?? '—'}</Table.Td>
                <Table.Td>{new Date(r.createdAt).toLocaleString(localeOf(i18n.language))}</Table.Td>
                <Table.Td>
                  {r.firstResponseMinutes ?? '—'} / {r.resolutionMinutes ?? '—'} / {r.handleMinutes} min
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Modal>
  );
}

function TargetsEditor({ language, onClose }: { language: 'es' | 'en'; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const targets = useQuery({
    queryKey: ['standards', 'targets'],
    queryFn: () => standardsApi.listTargets(),
  });
  const [draft, setDraft] = useState<ServiceTarget[]>([]);
  useEffect(() => setDraft(targets.data ?? []), [targets.data]);
  const save = useMutation({
    mutationFn: () => standardsApi.saveTargets(draft),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['standards'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={t('standards.targets')}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('standards.targetsHelp')}
        </Text>
        <Table>
          <Table.Tbody>
            {draft.map((x, i) => (
              <Table.Tr key={`${x.standard}|${x.channel}`}>
                <Table.Td>{standardWords[language][x.standard][0]}</Table.Td>
                <Table.Td>
                  {x.channel ? t(`channels.${x.channel}`, x.channel) : t('standards.allChannelsTarget')}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`${x.standard} ${x.channel}`}
                    size="xs"
                    w={110}
                    decimalScale={2}
                    // Complaints are counted per thousand answers and read per hundred, here too.
                    value={x.standard === 'complaints_per_1000' ? x.target / 10 : x.target}
                    onChange={(v) => {
                      const target = (Number(v) || 0) * (x.standard === 'complaints_per_1000' ? 10 : 1);
                      setDraft((all) => all.map((y, j) => (j === i ? { ...y, target } : y)));
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {save.error && <Alert color="red">{describeError(save.error)}</Alert>}
        <Button w="fit-content" loading={save.isPending} onClick={() => save.mutate()}>
          {t('standards.saveTargets')}
        </Button>
      </Stack>
    </Modal>
  );
}

function WeeklySummary() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['standards', 'settings'],
    queryFn: () => standardsApi.getSettings(),
  });
  const toggle = useMutation({
    mutationFn: (on: boolean) => standardsApi.saveSettings({ weeklySummary: on }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['standards', 'settings'] }),
  });
  const send = useMutation({ mutationFn: () => standardsApi.sendWeeklySummary() });
  return (
    <Group className="no-print">
      <Switch
        label={t('standards.weeklySummary')}
        checked={settings.data?.weeklySummary ?? true}
        onChange={(e) => toggle.mutate(e.currentTarget.checked)}
      />
      <Button size="xs" variant="light" loading={send.isPending} onClick={() => send.mutate()}>
        {t('standards.sendSummary')}
      </Button>
      {send.data && (
        <Text size="sm" c="green">
          {t('standards.summarySent', { count: send.data.recipients })}
        </Text>
      )}
    </Group>
  );
}
