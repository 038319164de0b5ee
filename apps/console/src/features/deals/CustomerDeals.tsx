// A contact's or a company's deals: what they are buying or bought, at which stage, for how much.
import './sales-i18n';
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { DealCard } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay } from '../../locale';
import { formatMoney as money } from '../../money';
import { NewDealButton } from './NewDealButton';
import { dealsApi, usePipelines } from './api';

/** A deal's stage (with won or lost), value and expected close, as cells of a table row. */
export function DealFigures({ deal: d, stage }: { deal: DealCard; stage: string | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Table.Td>
        {stage}{' '}
        {d.status !== 'open' && (
          <Badge size="xs" color={d.status === 'won' ? 'green' : 'red'}>
            {t(`deals.statuses.${d.status}`)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{money(d.value, d.currency, i18n.language)}</Table.Td>
      <Table.Td>{d.expectedCloseDate ? formatDay(d.expectedCloseDate, i18n.language) : ''}</Table.Td>
    </>
  );
}

export function CustomerDeals({
  contact,
  company,
  canWrite,
}: {
  contact?: { id: string; name: string };
  company?: { id: string; name: string };
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const filter = contact ? `contactId=${contact.id}` : `companyId=${company!.id}`;
  const deals = useQuery({
    queryKey: ['deals', 'of', filter],
    queryFn: () => dealsApi.listFirstDeals(filter),
  });
  const pipelines = usePipelines();
  const stages = new Map((pipelines.data ?? []).flatMap((p) => p.stages.map((s) => [s.id, s.name] as const)));
  return (
    <Stack data-testid="customer-deals">
      {deals.data?.items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('deals.noneForCustomer')}
        </Text>
      )}
      {Boolean(deals.data?.items.length) && (
        <Table>
          <Table.Tbody>
            {deals.data!.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Text size="sm" component={Link} to="/deals">
                    {d.title}
                  </Text>
                </Table.Td>
                <DealFigures deal={d} stage={stages.get(d.stageId)} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && (
        <Group>
          <NewDealButton
            size="sm"
            initial={{ contact: contact ?? null, company: company ?? null }}
            onCreated={() => void client.invalidateQueries({ queryKey: ['deals'] })}
          />
        </Group>
      )}
    </Stack>
  );
}
