// What the contacts and companies lists share: search as you type, a status filter, pages loaded on demand.
import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CustomerStatus } from '@atiende/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customersApi } from './api';

const statuses: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];

/** The filters (q, status and any extra such as a segment) drive one paged query of contacts or companies. */
export function useCustomerList<Row extends { id: string }>(
  resource: 'contacts' | 'companies',
  extra: Record<string, string | null> = {},
) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const [status, setStatus] = useState<string | null>(null);
  const filters: Record<string, string> = Object.fromEntries(
    Object.entries({ q: debounced, status, ...extra }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const list = useInfiniteQuery({
    queryKey: [resource, filters],
    queryFn: ({ pageParam }) =>
      customersApi.listRecords<Row>(resource, { limit: '50', ...filters, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return {
    q,
    setQ,
    status,
    setStatus,
    filters,
    list,
    rows: list.data?.pages.flatMap((p) => p.items) ?? [],
    total: list.data?.pages[0]?.total ?? 0,
  };
}

export function ListFilters({
  state,
}: {
  state: Pick<ReturnType<typeof useCustomerList>, 'q' | 'setQ' | 'status' | 'setStatus'>;
}) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end">
      <TextInput
        style={{ flex: 1, minWidth: 220 }}
        aria-label={t('customers.search')}
        placeholder={t('customers.search')}
        value={state.q}
        onChange={(e) => state.setQ(e.currentTarget.value)}
      />
      <Select
        w={200}
        aria-label={t('customers.status')}
        placeholder={t('customers.allStatuses')}
        clearable
        value={state.status}
        onChange={state.setStatus}
        data={statuses.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))}
      />
    </Group>
  );
}

/** The table of a list, its empty state and the "more" button. */
export function ListRows<Row extends { id: string; tags: string[] }>(props: {
  state: { rows: Row[]; list: ReturnType<typeof useCustomerList>['list'] };
  minWidth: number;
  testId?: string;
  onOpen: (row: Row) => void;
  cells: (row: Row) => ReactNode;
}) {
  const { t } = useTranslation();
  const { rows, list } = props.state;
  return (
    <>
      <Table.ScrollContainer minWidth={props.minWidth}>
        <Table highlightOnHover data-testid={props.testId}>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => props.onOpen(r)}>
                {props.cells(r)}
                <Table.Td>
                  <Group gap={4}>
                    {r.tags.map((tag) => (
                      <Badge key={tag} size="xs" variant="outline">
                        {tag}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text c="dimmed">{t('customers.none')}</Text>}
      {list.hasNextPage && (
        <Button variant="subtle" w="fit-content" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('customers.more')}
        </Button>
      )}
    </>
  );
}
