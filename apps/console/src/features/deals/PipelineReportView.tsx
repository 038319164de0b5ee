// How a pipeline converts: the funnel by stage, win rate and value by lead source, the sales cycle, wins per month
// against the same month a year before, and why deals were lost.
import '@mantine/charts/styles.css';
import './sales-i18n';
import { BarChart } from '@mantine/charts';
import { Alert, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Pipeline } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { Figure } from '../../layout/Figure';
import { formatMoney } from '../../money';
import { dealsApi } from './api';
import { localeOf } from '../../locale';

/** Browser tests drive the console through automation: charts then draw at once, without animation. */
const animate = !navigator.webdriver;

export function PipelineReportView({ pipeline }: { pipeline: Pipeline }) {
  const { t, i18n } = useTranslation();
  const report = useQuery({
    queryKey: ['pipeline-report', pipeline.id],
    queryFn: () => dealsApi.getPipelineReport(pipeline.id),
  });
  const r = report.data;
  const number = (v: number | null, unit = '') =>
    v === null ? '—' : `${v.toLocaleString(localeOf(i18n.language))}${unit}`;
  const money = (v: number) => formatMoney(v, 'MXN', i18n.language, 'never');
  if (report.error) return <Alert color="red">{describeError(report.error)}</Alert>;
  if (!r) return null;
  return (
    <Stack data-testid="pipeline-report">
      <Text size="sm" c="dimmed">
        {t('deals.report.period')}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Figure label={t('deals.report.created')} value={number(r.created)} />
        <Figure label={t('deals.report.won')} value={number(r.won)} />
        <Figure
          label={t('deals.report.winRate')}
          value={number(r.winRate, ' %')}
          hint={t('deals.report.winRateHint')}
        />
        <Figure label={t('deals.report.wonValue')} value={money(r.wonValue)} />
        <Figure
          label={t('deals.report.cycle')}
          value={r.cycleDays.median === null ? '—' : t('deals.report.days', { count: r.cycleDays.median })}
          hint={t('deals.report.cycleHint', { p90: r.cycleDays.p90 ?? '—' })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('deals.report.funnel')}
          </Title>
          <BarChart
            h={240}
            data={r.funnel.map((f) => ({ stage: f.name, reached: f.reached }))}
            dataKey="stage"
            series={[{ name: 'reached', label: t('deals.report.reached'), color: 'blue.6' }]}
            barProps={{ isAnimationActive: animate }}
          />
          <Table mt="sm">
            <Table.Tbody>
              {r.funnel.map((f) => (
                <Table.Tr key={f.stageId}>
                  <Table.Td>{f.name}</Table.Td>
                  <Table.Td>{number(f.reached)}</Table.Td>
                  <Table.Td>{number(f.share, ' %')}</Table.Td>
                  <Table.Td c="dimmed">
                    {f.fromPrevious === null ? '' : t('deals.report.fromPrevious', { value: f.fromPrevious })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('deals.report.wonByMonth')}
          </Title>
          <BarChart
            h={240}
            data={r.wonByMonth}
            dataKey="month"
            withLegend
            series={[
              { name: 'won', label: t('deals.report.thisYear'), color: 'green.6' },
              { name: 'sameMonthLastYear', label: t('deals.report.lastYear'), color: 'gray.5' },
            ]}
            barProps={{ isAnimationActive: animate }}
          />
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('deals.report.bySource')}
          </Title>
          <Table data-testid="report-sources">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('deals.source')}</Table.Th>
                <Table.Th>{t('deals.report.created')}</Table.Th>
                <Table.Th>{t('deals.report.won')}</Table.Th>
                <Table.Th>{t('deals.report.winRate')}</Table.Th>
                <Table.Th>{t('deals.report.wonValue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.bySource.map((s) => (
                <Table.Tr key={s.source}>
                  <Table.Td>{t(`deals.sources.${s.source}`)}</Table.Td>
                  <Table.Td>{number(s.created)}</Table.Td>
                  <Table.Td>{number(s.won)}</Table.Td>
                  <Table.Td>{number(s.winRate, ' %')}</Table.Td>
                  <Table.Td>{money(s.wonValue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('deals.report.lostReasons')}
          </Title>
          {r.lostReasons.length === 0 && (
            <Text c="dimmed" size="sm">
              {t('deals.report.noneLost')}
            </Text>
          )}
          {r.lostReasons.map((l) => (
            <Group key={l.reason} justify="space-between">
              <Text size="sm">{l.reason}</Text>
              <Text size="sm">{number(l.deals)}</Text>
            </Group>
          ))}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
