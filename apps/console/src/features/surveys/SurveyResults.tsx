// Survey results: response rate, CSAT, NPS and CES, per question a percentage table with a pie or bar chart (as the
// seed's figures), free-text answers with the contact, a cross-tab by channel, agent, segment or month, and the CSV.
import '../insight-i18n';
import '@mantine/charts/styles.css';
import { BarChart, PieChart } from '@mantine/charts';
import {
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { Survey, SurveyResults as Results } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Figure } from '../../layout/Figure';
import { surveysApi, surveysFiles } from './api';
import { localeOf } from '../../locale';

/** Browser tests drive the console through automation: charts then draw at once, without animation. */
const animate = !navigator.webdriver;
const palette = [
  'blue.6',
  'teal.6',
  'yellow.6',
  'orange.6',
  'red.6',
  'grape.6',
  'cyan.6',
  'lime.6',
  'pink.6',
  'indigo.6',
  'gray.6',
];

export function SurveyResults({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const [days, setDays] = useState('365');
  const [by, setBy] = useState('none');
  const range = useMemo(() => {
    const to = new Date(Date.now() + 60_000);
    return `from=${encodeURIComponent(new Date(to.getTime() - Number(days) * 86_400_000).toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  }, [days]);
  const results = useQuery({
    queryKey: ['surveys', survey.id, 'results', days, by],
    queryFn: () => surveysApi.getResults<Results>(survey.id, range, by),
  });
  const r = results.data;
  return (
    <Stack data-testid="survey-results">
      <Group justify="space-between">
        <Group>
          <SegmentedControl
            value={days}
            onChange={setDays}
            data={[
              { value: '30', label: t('surveys.days30') },
              { value: '90', label: t('surveys.days90') },
              { value: '365', label: t('surveys.year') },
            ]}
          />
          <Select
            aria-label={t('surveys.crossBy')}
            value={by}
            allowDeselect={false}
            w={180}
            data={(['none', 'channel', 'agent', 'segment', 'month'] as const).map((v) => ({
              value: v,
              label: `${t('surveys.crossBy')}: ${t(`surveys.by.${v}`)}`,
            }))}
            onChange={(v) => setBy(v ?? 'none')}
          />
        </Group>
        <Button component="a" href={surveysFiles.responsesCsv(survey.id, range)} variant="default">
          {t('surveys.exportCsv')}
        </Button>
      </Group>
      {r && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Figure
              label={t('surveys.responses')}
              value={String(r.responses)}
              hint={t('surveys.invitations') + `: ${r.invitations}`}
            />
            <Figure label={t('surveys.responseRate')} value={r.responseRate === null ? '—' : `${r.responseRate} %`} />
            <Figure
              label={t('surveys.csat')}
              value={r.scores.csat.value === null ? '—' : `${r.scores.csat.value} %`}
              hint={t('surveys.csatHint', { count: r.scores.csat.answers })}
            />
            <Figure
              label={t('surveys.nps')}
              value={r.scores.nps.value === null ? '—' : String(r.scores.nps.value)}
              hint={t('surveys.npsHint', { promoters: r.scores.nps.promoters, detractors: r.scores.nps.detractors })}
            />
            <Figure
              label={t('surveys.ces')}
              value={r.scores.ces.value === null ? '—' : String(r.scores.ces.value)}
              hint={
                r.scores.ces.easyShare === null ? undefined : t('surveys.cesHint', { easy: r.scores.ces.easyShare })
              }
            />
          </SimpleGrid>
          {r.crossTab.length > 0 && (
            <Paper withBorder p="md">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('surveys.group')}</Table.Th>
                    <Table.Th>{t('surveys.responses')}</Table.Th>
                    <Table.Th>{t('surveys.csat')}</Table.Th>
                    <Table.Th>{t('surveys.nps')}</Table.Th>
                    <Table.Th>{t('surveys.ces')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.crossTab.map((row) => (
                    <Table.Tr key={row.key}>
                      <Table.Td>{row.label}</Table.Td>
                      <Table.Td>{row.responses}</Table.Td>
                      <Table.Td>{row.scores.csat.value ?? '—'}</Table.Td>
                      <Table.Td>{row.scores.nps.value ?? '—'}</Table.Td>
                      <Table.Td>{row.scores.ces.value ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {r.questions.map((q) => (
              <QuestionCard key={q.id} question={q} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function QuestionCard({ question: q }: { question: Results['questions'][number] }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<'pie' | 'bar'>(q.rows.length <= 5 ? 'pie' : 'bar');
  const text = q.type === 'short_text' || q.type === 'long_text';
  return (
    <Paper withBorder p="md" data-testid={`result-${q.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="start">
          <div>
            {q.section && (
              <Text size="xs" c="dimmed">
                {q.section}
              </Text>
            )}
            <Title order={6}>
              {q.text}
              {q.changed && (
                <Tooltip label={t('surveys.changed')}>
                  <Text span c="orange">
                    {' '}
                    *
                  </Text>
                </Tooltip>
              )}
            </Title>
            <Text size="xs" c="dimmed">
              {t('surveys.answersCount', { count: q.answers })}
              {q.mean !== null ? ` · ${t('surveys.mean', { mean: q.mean })}` : ''}
            </Text>
          </div>
          {!text && (
            <SegmentedControl
              size="xs"
              value={kind}
              onChange={(v) => setKind(v)}
              data={[
                { value: 'pie', label: t('surveys.pie') },
                { value: 'bar', label: t('surveys.bar') },
              ]}
            />
          )}
        </Group>
        {!text &&
          q.answers > 0 &&
          (kind === 'pie' ? (
            <PieChart
              h={180}
              withLabels
              withTooltip
              labelsType="percent"
              pieProps={{ isAnimationActive: animate }}
              data={q.rows
                .filter((row) => row.count > 0)
                .map((row, i) => ({ name: row.label, value: row.count, color: palette[i % palette.length]! }))}
            />
          ) : (
            <BarChart
              h={180}
              data={q.rows.map((row) => ({ option: row.label, percent: row.percent }))}
              dataKey="option"
              series={[{ name: 'percent', label: '%', color: 'blue.6' }]}
              barProps={{ isAnimationActive: animate }}
            />
          ))}
        {!text && (
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.option')}</Table.Th>
                <Table.Th ta="right">{t('surveys.count')}</Table.Th>
                <Table.Th ta="right">{t('surveys.percent')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td ta="right">{row.count}</Table.Td>
                  <Table.Td ta="right">{row.percent}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {text &&
          (q.texts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('surveys.noTexts')}
            </Text>
          ) : (
            q.texts.map((a, i) => (
              <Text key={i} size="sm">
                “{a.text}” —{' '}
                {a.contact ? (
                  <Anchor component={Link} to={`/contacts/${a.contact.id}`}>
                    {a.contact.name}
                  </Anchor>
                ) : (
                  t('surveys.anonymousRespondent')
                )}{' '}
                <Text span size="xs" c="dimmed">
                  {new Date(a.submittedAt).toLocaleDateString(localeOf(i18n.language))}
                </Text>
              </Text>
            ))
          ))}
      </Stack>
    </Paper>
  );
}
