// Churn and retention: the headline figures, churn by month against the same month a year before, the months as a
// table, retention by cohort as a heat table, and why customers did not renew.
import '@mantine/charts/styles.css';
import './after-sales-i18n';
import { LineChart } from '@mantine/charts';
import { Alert, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { Figure } from '../../layout/Figure';
import { useMoney } from '../../money';
import { useRetention } from './api';
import { localeOf } from '../../locale';

/** Browser tests drive the console through automation: charts then draw at once, without animation. */
const animate = !navigator.webdriver;

export function RetentionView() {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const report = useRetention();
  const r = report.data;
  if (report.error) return <Alert color="red">{describeError(report.error)}</Alert>;
  if (!r) return null;
  const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString(localeOf(i18n.language))} %`);
  const monthName = (m: string) =>
    new Date(`${m}-15T12:00:00`).toLocaleDateString(localeOf(i18n.language), { month: 'short', year: '2-digit' });
  return (
    <Stack data-testid="retention-report">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label={t('subscriptions.report.active')} value={r.active.toLocaleString(localeOf(i18n.language))} />
        <Figure label={t('subscriptions.report.recurring')} value={money(r.recurring)} />
        <Figure
          label={t('subscriptions.report.renewingSoon')}
          value={r.renewingIn30Days.toLocaleString(localeOf(i18n.language))}
        />
        <Figure label={t('subscriptions.report.overdue')} value={r.overdue.toLocaleString(localeOf(i18n.language))} />
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('subscriptions.report.churnByMonth')}
        </Title>
        <LineChart
          h={240}
          data={r.months.map((m) => ({
            month: monthName(m.month),
            churn: m.churnRate ?? 0,
            lastYear: m.sameMonthLastYear.churnRate ?? 0,
          }))}
          dataKey="month"
          unit=" %"
          withLegend
          series={[
            { name: 'churn', label: t('subscriptions.report.churnRate'), color: 'red.6' },
            { name: 'lastYear', label: t('subscriptions.report.lastYear'), color: 'gray.5' },
          ]}
          lineProps={{ isAnimationActive: animate }}
        />
        <Table mt="sm" data-testid="retention-months">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('subscriptions.report.month')}</Table.Th>
              <Table.Th>{t('subscriptions.report.activeAtStart')}</Table.Th>
              <Table.Th>{t('subscriptions.report.started')}</Table.Th>
              <Table.Th>{t('subscriptions.report.renewed')}</Table.Th>
              <Table.Th>{t('subscriptions.report.ended')}</Table.Th>
              <Table.Th>{t('subscriptions.report.churnRate')}</Table.Th>
              <Table.Th>{t('subscriptions.report.renewalRate')}</Table.Th>
              <Table.Th>{t('subscriptions.report.recurringLost')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{monthName(m.month)}</Table.Td>
                <Table.Td>{m.activeAtStart}</Table.Td>
                <Table.Td>{m.started}</Table.Td>
                <Table.Td>{m.renewed}</Table.Td>
                <Table.Td>{m.ended}</Table.Td>
                <Table.Td>{pct(m.churnRate)}</Table.Td>
                <Table.Td>{pct(m.renewalRate)}</Table.Td>
                <Table.Td>{money(m.recurringLost)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={4}>{t('subscriptions.report.cohorts')}</Title>
          <Text size="xs" c="dimmed" mb="sm">
            {t('subscriptions.report.cohortsHint')}
          </Text>
          <Table data-testid="retention-cohorts" withColumnBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('subscriptions.report.cohort')}</Table.Th>
                <Table.Th>{t('subscriptions.report.size')}</Table.Th>
                {Array.from({ length: 12 }, (_, k) => (
                  <Table.Th key={k}>{k}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.cohorts
                .filter((c) => c.size > 0)
                .map((c) => (
                  <Table.Tr key={c.cohort}>
                    <Table.Td>{monthName(c.cohort)}</Table.Td>
                    <Table.Td>{c.size}</Table.Td>
                    {Array.from({ length: 12 }, (_, k) => {
                      const v = c.retained[k];
                      return (
                        <Table.Td
                          key={k}
                          style={
                            v === undefined
                              ? undefined
                              : { background: `rgba(18, 184, 134, ${(v / 100) * 0.6 + 0.05})` }
                          }
                        >
                          {v === undefined ? '' : Math.round(v)}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('subscriptions.report.reasons')}
          </Title>
          {r.reasons.length === 0 && (
            <Text c="dimmed" size="sm">
              {t('subscriptions.report.noReasons')}
            </Text>
          )}
          <Table>
            <Table.Tbody>
              {r.reasons.map((x) => (
                <Table.Tr key={x.reason}>
                  <Table.Td>{x.reason}</Table.Td>
                  <Table.Td>{x.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
