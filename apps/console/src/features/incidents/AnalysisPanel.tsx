// Recurring-problem analysis: Pareto charts of categories and root causes (count bars, cumulative share line), the
// weekly trend by root cause, this month against the last, attitude and resolution. Loaded only when opened.
import '@mantine/charts/styles.css';
import { BarChart, CompositeChart } from '@mantine/charts';
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { IncidentAnalysis } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Figure } from '../../layout/Figure';
import { incidentsApi } from './api';

type Analysis = IncidentAnalysis;
/** Browser tests drive the console through automation: charts then draw at once, without animation. */
const animate = !navigator.webdriver;
const causeColors = {
  service: 'orange.6',
  product: 'red.6',
  customer_error: 'blue.6',
  third_party: 'grape.6',
  unknown: 'gray.5',
} as const;

export function AnalysisPanel() {
  const { t } = useTranslation();
  const [days, setDays] = useState('365');
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - Number(days) * 86_400_000).toISOString(), to: to.toISOString() };
  }, [days]);
  const analysis = useQuery({
    queryKey: ['incidents', 'analysis', days],
    queryFn: () => incidentsApi.getAnalysis<Analysis>(range.from, range.to),
  });
  const [measure, setMeasure] = useState<'count' | 'minutes'>('count');
  const a = analysis.data;
  return (
    <Stack data-testid="analysis">
      <Group justify="space-between">
        <SegmentedControl
          value={days}
          onChange={setDays}
          data={[
            { value: '30', label: t('analysis.days30') },
            { value: '90', label: t('analysis.days90') },
            { value: '365', label: t('analysis.year') },
          ]}
        />
        <SegmentedControl
          value={measure}
          onChange={(v) => setMeasure(v)}
          data={[
            { value: 'count', label: t('analysis.byCount') },
            { value: 'minutes', label: t('analysis.byTime') },
          ]}
        />
      </Group>
      {a && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Figure label={t('analysis.total')} value={String(a.total)} />
            <Figure
              label={t('analysis.medianResolution')}
              value={
                a.resolution.medianMinutes === null
                  ? '—'
                  : t('analysis.hours', { count: Math.round((a.resolution.medianMinutes / 60) * 10) / 10 })
              }
              hint={
                a.resolution.medianBusinessMinutes === null
                  ? undefined
                  : t('analysis.businessHours', {
                      count: Math.round((a.resolution.medianBusinessMinutes / 60) * 10) / 10,
                    })
              }
            />
            <Figure
              label={t('analysis.attitude')}
              value={a.attitude.before === null ? '—' : `${a.attitude.before} → ${a.attitude.after ?? '—'}`}
              hint={t('analysis.rated', { count: a.attitude.rated })}
            />
            <Figure
              label={t('analysis.improved')}
              value={`${a.attitude.improved} / ${a.attitude.worsened}`}
              hint={t('analysis.improvedHint')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Pareto title={t('analysis.paretoCategories')} rows={a.byCategory} measure={measure} />
            <Pareto title={t('analysis.paretoCauses')} rows={a.byRootCause} measure={measure} />
          </SimpleGrid>
          <Paper withBorder p="md">
            <Title order={6} mb="sm">
              {t('analysis.weekly')}
            </Title>
            <BarChart
              h={260}
              data={a.weekly}
              dataKey="week"
              type="stacked"
              withLegend
              barProps={{ isAnimationActive: animate }}
              series={(Object.keys(causeColors) as (keyof typeof causeColors)[]).map((cause) => ({
                name: cause,
                label: t(`incidents.rootCauses.${cause}`),
                color: causeColors[cause],
              }))}
            />
          </Paper>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <MonthTable
              title={t('analysis.topProblems', { month: a.thisMonthVsLast.month })}
              rows={a.thisMonthVsLast.problems}
            />
            <MonthTable
              title={t('analysis.topCategories', { month: a.thisMonthVsLast.month })}
              rows={a.thisMonthVsLast.categories}
            />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function Pareto({
  title,
  rows,
  measure,
}: {
  title: string;
  rows: Analysis['byCategory'];
  measure: 'count' | 'minutes';
}) {
  const { t } = useTranslation();
  // Sorted by the chosen measure, with the running share of that measure: the "vital few" are on the left.
  const total = rows.reduce((s, r) => s + r[measure], 0);
  let running = 0;
  const data = [...rows]
    .sort((x, y) => y[measure] - x[measure])
    .map((r) => {
      running += r[measure];
      return { label: r.label, value: r[measure], share: total ? Math.round((running / total) * 100) : 0 };
    });
  return (
    <Paper withBorder p="md" data-testid="pareto">
      <Title order={6} mb="sm">
        {title}
      </Title>
      {data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('analysis.empty')}
        </Text>
      ) : (
        <CompositeChart
          h={260}
          data={data}
          dataKey="label"
          withRightYAxis
          rightYAxisProps={{ domain: [0, 100] }}
          barProps={{ isAnimationActive: animate }}
          lineProps={{ isAnimationActive: animate }}
          series={[
            {
              name: 'value',
              label: measure === 'count' ? t('analysis.incidents') : t('analysis.minutes'),
              color: 'blue.6',
              type: 'bar',
            },
            { name: 'share', label: t('analysis.cumulative'), color: 'red.6', type: 'line', yAxisId: 'right' },
          ]}
        />
      )}
    </Paper>
  );
}

function MonthTable({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; label: string; thisMonth: number; lastMonth: number }[];
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Title order={6} mb="sm">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('analysis.empty')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{t('analysis.thisMonth')}</Table.Th>
              <Table.Th>{t('analysis.lastMonth')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>{r.thisMonth}</Table.Td>
                <Table.Td c={r.thisMonth > r.lastMonth ? 'red' : undefined}>{r.lastMonth}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
