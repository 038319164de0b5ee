// Customer health: how many active customers are healthy, to watch and at risk, the ones that need attention first
// with the reasons of their score; HealthCard is one customer's score on their page, with their usage.
import '@mantine/charts/styles.css';
import '../subscriptions/after-sales-i18n';
import { AreaChart } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Badge,
  Group,
  Paper,
  RingProgress,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { HealthLevel, HealthReason } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { Figure } from '../../layout/Figure';
import { healthApi } from './api';
import { localeOf } from '../../locale';

const animate = !navigator.webdriver;
export const levelColor: Record<HealthLevel, string> = { healthy: 'teal', watch: 'yellow', at_risk: 'red' };

export function ReasonBadges({ reasons }: { reasons: HealthReason[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {reasons.map((r) => (
        <Badge
          key={r.code}
          size="sm"
          variant="light"
          color={r.points < 0 ? 'red' : 'teal'}
          title={`${r.points > 0 ? '+' : ''}${r.points}`}
        >
          {t(`health.reasons.${r.code}`, { count: r.value ?? 0 })} ({r.points > 0 ? '+' : ''}
          {r.points})
        </Badge>
      ))}
    </Group>
  );
}

export function HealthPage() {
  const { t, i18n } = useTranslation();
  const [mine, setMine] = useState(false);
  const [everyone, setEveryone] = useState(false);
  const query = `maxScore=${everyone ? 100 : 69}&limit=500${mine ? '&ownerId=me' : ''}`;
  const overview = useQuery({
    queryKey: ['customer-health', query],
    queryFn: () => healthApi.getCustomerHealth(query),
  });
  const o = overview.data;
  return (
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
      <Title order={2}>{t('health.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('health.intro')}
      </Text>
      {overview.error && <Alert color="red">{describeError(overview.error)}</Alert>}
      {o && (
        <SimpleGrid cols={3} data-testid="health-counts">
          {(['healthy', 'watch', 'at_risk'] as const).map((level) => (
            <Figure
              key={level}
              label={t(`health.levels.${level}`)}
              value={o.counts[level].toLocaleString(localeOf(i18n.language))}
            />
          ))}
        </SimpleGrid>
      )}
      <Group>
        <Switch label={t('health.mine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
        <Switch label={t('health.all')} checked={everyone} onChange={(e) => setEveryone(e.currentTarget.checked)} />
      </Group>
      <Title order={4}>{t('health.atRisk')}</Title>
      {o?.customers.length === 0 && <Text c="dimmed">{t('health.none')}</Text>}
      {Boolean(o?.customers.length) && (
        <Table data-testid="health-list" verticalSpacing="xs">
          <Table.Tbody>
            {o!.customers.map((h) => (
              <Table.Tr key={h.contact.id}>
                <Table.Td w={70}>
                  <Badge color={levelColor[h.level]} size="lg" variant="filled">
                    {h.score}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${h.contact.id}`} fw={600}>
                    {h.contact.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {[
                      h.owner?.name,
                      h.renewsOn
                        ? t('health.renewsOn', {
                            date: new Date(`${h.renewsOn}T12:00:00`).toLocaleDateString(localeOf(i18n.language)),
                          })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ReasonBadges reasons={h.reasons} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** On a contact's page: their score, its reasons and their usage readings. */
export function HealthCard({ contactId }: { contactId: string }) {
  const { t, i18n } = useTranslation();
  const health = useQuery({
    queryKey: ['contact-health', contactId],
    queryFn: () => healthApi.getContactHealth(contactId),
  });
  const usage = useQuery({
    queryKey: ['contact-usage', contactId],
    queryFn: () => healthApi.getContactUsage(contactId),
  });
  if (health.error) return <Alert color="red">{describeError(health.error)}</Alert>;
  if (health.data === undefined) return null;
  const h = health.data;
  return (
    <Paper withBorder p="md" data-testid="health-card">
      <Stack gap="sm">
        {h === null ? (
          <Text size="sm" c="dimmed">
            {t('health.notCustomer')}
          </Text>
        ) : (
          <Group align="center">
            <RingProgress
              size={84}
              thickness={8}
              sections={[{ value: h.score, color: levelColor[h.level] }]}
              label={
                <Text ta="center" fw={700}>
                  {h.score}
                </Text>
              }
            />
            <Stack gap={4}>
              <Text fw={600}>
                {t('health.score')}: {t(`health.levels.${h.level}`)}
              </Text>
              <ReasonBadges reasons={h.reasons} />
            </Stack>
          </Group>
        )}
        <Text size="sm" fw={600}>
          {t('health.usage')}
        </Text>
        {usage.data?.length ? (
          <AreaChart
            h={140}
            data={usage.data.map((u) => ({
              day: new Date(`${u.day}T12:00:00`).toLocaleDateString(localeOf(i18n.language), {
                day: 'numeric',
                month: 'short',
              }),
              quantity: u.quantity,
            }))}
            dataKey="day"
            series={[{ name: 'quantity', label: t('health.usage'), color: 'blue.6' }]}
            areaProps={{ isAnimationActive: animate }}
          />
        ) : (
          <Text size="xs" c="dimmed">
            {t('health.noUsage')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
