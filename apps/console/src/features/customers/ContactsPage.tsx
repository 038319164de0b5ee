// Contacts: search as you type, filter by status or tag, open one; create a new one.
import { Anchor, Badge, Button, Group, Modal, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import type { Contact, ContactPage, CustomerStatus, Segment } from '@atiende/contract';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api';
import { can, useSession } from '../../session';
import { StatusBadge } from './shared';
import { CreateForm } from './CreateForm';

const statuses: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];

export function ContactsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession().data!;
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const [status, setStatus] = useState<string | null>(null);
  const [creating, { open, close }] = useDisclosure(false);
  const [params, setParams] = useSearchParams();
  const segmentId = params.get('segment');
  const segment = useQuery({ queryKey: ['segment', segmentId], queryFn: () => api<Segment>('GET', `/api/segments/${segmentId}`), enabled: Boolean(segmentId) });
  const list = useInfiniteQuery({
    queryKey: ['contacts', debounced, status, segmentId],
    queryFn: ({ pageParam }) => api<ContactPage>('GET', `/api/contacts?limit=50${debounced ? `&q=${encodeURIComponent(debounced)}` : ''}${status ? `&status=${status}` : ''}${segmentId ? `&segment=${segmentId}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Group justify="space-between">
          <Title order={3}>{t('customers.contacts')}</Title>
          {can(session, 'agent') && (
            <Group gap="xs">
              <Button variant="subtle" component={Link} to="/contacts/duplicates">{t('duplicates.open')}</Button>
              <Button variant="light" component={Link} to="/contacts/import">{t('imports.open')}</Button>
              <Button onClick={open}>{t('customers.newContact')}</Button>
            </Group>
          )}
        </Group>
        <Group align="flex-end">
          <TextInput style={{ flex: 1, minWidth: 220 }} aria-label={t('customers.search')} placeholder={t('customers.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <Select w={200} aria-label={t('customers.status')} placeholder={t('customers.allStatuses')} clearable value={status} onChange={setStatus} data={statuses.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))} />
        </Group>
        {segmentId && (
          <Group gap="xs">
            <Badge size="lg" variant="light" color="grape">{t('segments.showing', { name: segment.data?.name ?? '…' })}</Badge>
            <Button size="xs" variant="subtle" onClick={() => setParams({})}>{t('segments.clear')}</Button>
          </Group>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">{t('customers.total', { count: list.data?.pages[0]?.total ?? 0 })}</Text>
          <Anchor size="sm" href={`/api/contacts/export.csv?${new URLSearchParams({ ...(debounced ? { q: debounced } : {}), ...(status ? { status } : {}), ...(segmentId ? { segment: segmentId } : {}) }).toString()}`}>{t('customers.exportCsv')}</Anchor>
        </Group>
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover data-testid="contact-table">
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/contacts/${c.id}`)}>
                  <Table.Td><Text size="sm" fw={500}>{c.name}</Text><Text size="xs" c="dimmed">{c.companies.join(', ')}</Text></Table.Td>
                  <Table.Td><Text size="sm">{c.email ?? ''}</Text><Text size="xs" c="dimmed">{c.phone ?? ''}</Text></Table.Td>
                  <Table.Td><StatusBadge status={c.status} /></Table.Td>
                  <Table.Td><Group gap={4}>{c.tags.map((tag) => <Badge key={tag} size="xs" variant="outline">{tag}</Badge>)}</Group></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.isSuccess && rows.length === 0 && <Text c="dimmed">{t('customers.none')}</Text>}
        {list.hasNextPage && <Button variant="subtle" w="fit-content" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>{t('customers.more')}</Button>}
      </Stack>
      <Modal opened={creating} onClose={close} title={t('customers.newContact')}>
        <CreateForm<Contact> path="/api/contacts" kind="contact" onCreated={(c) => navigate(`/contacts/${c.id}`)} />
      </Modal>
    </ScrollArea>
  );
}
