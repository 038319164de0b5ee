// "Hoy": the first screen after signing in. What waits for me (or, for owners and administrators, for the team):
// conversations, service levels about to be missed, tasks and follow-ups due, renewals this month, deals expected to
// close, customers at risk and the satisfaction trend; each line opens the work.
import { Sparkline } from '@mantine/charts';
import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Conversation } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { homeApi } from './api';
import { formatMoney } from '../../money';
import { can, useSession } from '../../session';
import { useWaitingCounts } from '../conversations/api';
import { timeAgo } from '../conversations/format';
import { GettingStarted } from './GettingStarted';
import { formatDay, localeOf } from '../../locale';

const DAY = 86_400_000;

/** Days from today to the month's last day (renewals "this month"). */
function daysLeftInMonth(now = new Date()): number {
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0);
  return Math.max(
    0,
    Math.round((last.getTime() - new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()) / DAY),
  );
}

function useHome(team: boolean, admin: boolean) {
  return {
    sla: useQuery({
      queryKey: ['home', 'sla', team],
      queryFn: () => homeApi.slaAtRisk(team),
    }),
    tasks: useQuery({
      queryKey: ['home', 'tasks', team],
      queryFn: () => homeApi.openTasks(team),
    }),
    renewals: useQuery({
      queryKey: ['home', 'renewals'],
      queryFn: () => homeApi.renewalsWithin(daysLeftInMonth()),
    }),
    deals: useQuery({
      queryKey: ['home', 'deals', team],
      queryFn: () => homeApi.dealsByClose(team),
    }),
    risk: useQuery({
      queryKey: ['home', 'risk', team],
      queryFn: () => homeApi.atRisk(team),
    }),
    satisfaction: useQuery({
      queryKey: ['home', 'satisfaction'],
      queryFn: () => homeApi.dashboardSince(new Date(Date.now() - 90 * DAY)),
      enabled: admin,
      staleTime: 5 * 60_000,
    }),
  };
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const admin = can(session, 'admin');
  const team = admin;
  const language = i18n.language;
  const waiting = useWaitingCounts();
  const home = useHome(team, admin);
  const endOfToday = new Date();
  endOfToday.setHours(23, 59, 59, 999);
  const due = (home.tasks.data ?? [])
    .filter((task) => task.dueAt && new Date(task.dueAt) <= endOfToday)
    .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!));
  const closing = (home.deals.data?.items ?? []).filter(
    (d) => d.expectedCloseDate && new Date(d.expectedCloseDate).getTime() <= Date.now() + 30 * DAY,
  );
  const renewals = home.renewals.data ?? [];
  const satisfaction = home.satisfaction.data?.standards.find((s) => s.key === 'csat');
  const today = new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date());

  return (
    <Stack p="md" gap="md" maw={1200}>
      <div>
        <Title order={1} size="h2">
          {t('frame.home.title')}
        </Title>
        <Text c="gray.7">
          {today} · {team ? t('frame.home.teamView') : t('frame.home.myView')}
        </Text>
      </div>
      {admin && <GettingStarted />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <Panel
          title={t('frame.home.conversations')}
          to="/inbox"
          loading={waiting.isPending}
          testId="home-conversations"
        >
          {waiting.data && (
            <Stack gap={4}>
              <Figure
                value={waiting.data.mineWaiting}
                label={t('frame.home.mineWaiting', { count: waiting.data.mineWaiting })}
                strong
              />
              <Figure value={waiting.data.mine} label={t('frame.home.mine', { count: waiting.data.mine })} />
              <Figure
                value={waiting.data.unassigned}
                label={t('frame.home.unassigned', { count: waiting.data.unassigned })}
              />
            </Stack>
          )}
        </Panel>
        <Panel title={t('frame.home.sla')} to="/inbox" loading={home.sla.isPending} testId="home-sla">
          <Lines
            empty={t('frame.home.slaEmpty')}
            items={(home.sla.data?.items ?? []).map((c) => ({
              key: c.id,
              to: `/inbox/${c.id}`,
              title: c.contact.name,
              detail: dueLine(c, t, language),
            }))}
          />
        </Panel>
        <Panel title={t('frame.home.tasks')} loading={home.tasks.isPending} testId="home-tasks">
          <Lines
            empty={t('frame.home.tasksEmpty')}
            items={due.slice(0, 6).map((task) => ({
              key: task.id,
              to: task.deal ? `/deals?open=${task.deal.id}` : task.contact ? `/contacts/${task.contact.id}` : '/',
              title: task.title,
              detail: [task.contact?.name, timeAgo(task.dueAt!, language), team ? task.assignee?.name : null]
                .filter(Boolean)
                .join(' · '),
              alert: new Date(task.dueAt!).getTime() < Date.now(),
            }))}
          />
        </Panel>
        <Panel
          title={t('frame.home.renewals')}
          to="/subscriptions"
          loading={home.renewals.isPending}
          testId="home-renewals"
        >
          <Lines
            empty={t('frame.home.renewalsEmpty')}
            items={renewals.slice(0, 6).map((s) => ({
              key: s.id,
              to: `/contacts/${s.contact.id}`,
              title: `${s.contact.name} · ${s.plan}`,
              detail: `${formatMoney(s.price, s.currency, language, 'always')} · ${
                (s.daysToRenewal ?? 0) < 0
                  ? t('frame.home.overdue', { count: -(s.daysToRenewal ?? 0) })
                  : t('frame.home.inDays', { count: s.daysToRenewal ?? 0 })
              }`,
              alert: (s.daysToRenewal ?? 0) < 0,
            }))}
          />
        </Panel>
        <Panel title={t('frame.home.deals')} to="/deals" loading={home.deals.isPending} testId="home-deals">
          <Lines
            empty={t('frame.home.dealsEmpty')}
            items={closing.slice(0, 6).map((d) => ({
              key: d.id,
              to: `/deals?open=${d.id}`,
              title: d.title,
              detail: [
                formatMoney(d.value, d.currency, language, 'never'),
                d.contact?.name ?? d.company?.name,
                formatDay(d.expectedCloseDate!, language),
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
          />
        </Panel>
        <Panel title={t('frame.home.risk')} to="/health" loading={home.risk.isPending} testId="home-risk">
          <Lines
            empty={t('frame.home.riskEmpty')}
            items={(home.risk.data?.customers ?? []).map((h) => ({
              key: h.contact.id,
              to: `/contacts/${h.contact.id}`,
              title: h.contact.name,
              detail: t('frame.home.score', { score: h.score }),
              alert: true,
            }))}
          />
        </Panel>
        {admin && (
          <Panel
            title={t('frame.home.satisfaction')}
            to="/standards"
            loading={home.satisfaction.isPending}
            testId="home-satisfaction"
          >
            {satisfaction && satisfaction.value !== null ? (
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={700} fz={28}>
                    {new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 1 }).format(satisfaction.value)}
                  </Text>
                  <Text size="sm" c="gray.7">
                    {t('frame.home.csat', { count: satisfaction.basis })}
                  </Text>
                </div>
                {satisfaction.trend.filter((p) => p.value !== null).length > 1 && (
                  <Sparkline
                    w={120}
                    h={48}
                    data={satisfaction.trend.filter((p) => p.value !== null).map((p) => p.value!)}
                    curveType="linear"
                    color="cyan.8"
                    fillOpacity={0.2}
                    strokeWidth={1.5}
                    role="img"
                    aria-label={t('frame.home.csatTrend')}
                  />
                )}
              </Group>
            ) : (
              <Text size="sm" c="gray.7">
                {t('frame.home.satisfactionEmpty')}
              </Text>
            )}
          </Panel>
        )}
      </SimpleGrid>
    </Stack>
  );
}

function dueLine(c: Conversation, t: (key: string, options?: Record<string, unknown>) => string, language: string) {
  const dues = [c.sla?.firstResponseDueAt, c.sla?.nextResponseDueAt, c.sla?.resolutionDueAt].filter((d): d is string =>
    Boolean(d),
  );
  const next = dues.sort()[0];
  return next ? t('frame.home.slaDue', { when: timeAgo(next, language) }) : '';
}

function Panel({
  title,
  to,
  loading,
  testId,
  children,
}: {
  title: string;
  to?: string;
  loading: boolean;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" data-testid={testId} component="section" aria-label={title}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {to && (
          <Anchor component={Link} to={to} size="sm" style={{ whiteSpace: 'nowrap' }}>
            {t('frame.home.seeAll')}
          </Anchor>
        )}
      </Group>
      {loading ? <Loader size="sm" /> : children}
    </Card>
  );
}

function Figure({ value, label, strong }: { value: number; label: string; strong?: boolean }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge
        size="lg"
        circle={value < 100}
        variant={strong && value > 0 ? 'filled' : 'light'}
        color={strong && value > 0 ? 'red.8' : 'gray'}
      >
        {value}
      </Badge>
      <Anchor component={Link} to="/inbox" size="sm" c="dark">
        {label}
      </Anchor>
    </Group>
  );
}

function Lines({
  items,
  empty,
}: {
  items: { key: string; to: string; title: string; detail: string; alert?: boolean }[];
  empty: string;
}) {
  if (!items.length)
    return (
      <Text size="sm" c="gray.7">
        {empty}
      </Text>
    );
  return (
    <Stack gap={6}>
      {items.map((item) => (
        <div key={item.key}>
          <Anchor component={Link} to={item.to} size="sm" fw={500} c={item.alert ? 'red.9' : undefined}>
            {item.title}
          </Anchor>
          {item.detail && (
            <Text size="xs" c="gray.7">
              {item.detail}
            </Text>
          )}
        </div>
      ))}
    </Stack>
  );
}
