// Quotes: the list (each opens its editor) and, for admins, the catalogue of products and services they are made of.
import '../deals/sales-i18n';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Product } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { describeError } from '../../api';
import { can, useSession } from '../../session';
import { formatMoney as money } from '../../money';
import { QuoteEditor } from './QuoteEditor';
import { quotesApi } from './api';

export function QuotesPage() {
  const { t } = useTranslation();
  const session = useSession().data;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'catalogue' ? 'catalogue' : 'list';
  // An id, or 'new' while creating one.
  const [open, setOpen] = useState<string | null>(params.get('open'));
  // Opened again from the search while already on this page.
  const asked = params.get('open');
  useEffect(() => {
    if (asked) setOpen(asked);
  }, [asked]);
  return (
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
      <Group justify="space-between">
        <Title order={2}>{t('quotes.title')}</Title>
        {can(session, 'agent') && tab === 'list' && <Button onClick={() => setOpen('new')}>{t('quotes.add')}</Button>}
      </Group>
      <SegmentedControl
        w={320}
        data={[
          { value: 'list', label: t('quotes.tabs.list') },
          { value: 'catalogue', label: t('quotes.tabs.catalogue') },
        ]}
        value={tab}
        onChange={(v) => setParams((p) => (p.set('tab', v), p), { replace: true })}
      />
      {tab === 'list' ? <QuoteList onOpen={setOpen} /> : <Catalogue canWrite={can(session, 'admin')} />}
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={t('quotes.name')} size="xl">
          <QuoteEditor
            quoteId={open === 'new' ? null : open}
            canWrite={can(session, 'agent')}
            onDone={(q) => setOpen(q ? q.id : null)}
          />
        </Modal>
      )}
    </Stack>
  );
}

export function QuoteList({ onOpen, dealId }: { onOpen: (id: string) => void; dealId?: string }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['quotes', dealId ?? 'all'],
    queryFn: () => quotesApi.listQuotes(dealId),
  });
  if (list.error) return <Alert color="red">{describeError(list.error)}</Alert>;
  if (!list.data) return null;
  if (!list.data.items.length)
    return (
      <Text size="sm" c="dimmed">
        {t('quotes.none')}
      </Text>
    );
  return (
    <Table highlightOnHover data-testid="quote-list">
      <Table.Tbody>
        {list.data.items.map((q) => (
          <Table.Tr key={q.id} onClick={() => onOpen(q.id)} style={{ cursor: 'pointer' }}>
            <Table.Td>{q.reference}</Table.Td>
            <Table.Td>{q.title}</Table.Td>
            {!dealId && <Table.Td>{q.company?.name ?? q.contact?.name ?? '—'}</Table.Td>}
            <Table.Td>
              <Badge
                variant="light"
                color={
                  q.status === 'accepted'
                    ? 'green'
                    : q.status === 'declined' || q.expired
                      ? 'red'
                      : q.status === 'sent'
                        ? 'blue'
                        : 'gray'
                }
              >
                {q.expired ? t('quotes.expired') : t(`quotes.status.${q.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{money(q.total, q.currency, i18n.language)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Catalogue({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const products = useQuery({
    queryKey: ['products', 'all'],
    queryFn: () => quotesApi.listAllProducts(),
  });
  const [draft, setDraft] = useState({
    sku: '',
    name: '',
    kind: 'service' as 'service' | 'product',
    unit: 'servicio',
    price: 0,
    taxRate: 16,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['products'] });
  const add = useMutation({
    mutationFn: () => quotesApi.createProduct({ ...draft, sku: draft.sku || null }),
    onSuccess: () => (refresh(), setDraft({ ...draft, sku: '', name: '', price: 0 })),
  });
  const toggle = useMutation({
    mutationFn: (p: Product) => quotesApi.updateProduct(p.id, { active: !p.active }),
    onSuccess: refresh,
  });
  return (
    <Stack>
      {products.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('quotes.catalogue.empty')}
        </Text>
      )}
      {Boolean(products.data?.length) && (
        <Table data-testid="catalogue">
          <Table.Tbody>
            {products.data!.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.sku ?? ''}</Table.Td>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{t(`quotes.catalogue.kinds.${p.kind}`)}</Table.Td>
                <Table.Td>
                  {money(p.price, p.currency, i18n.language)} / {p.unit}
                </Table.Td>
                <Table.Td>{p.taxRate} %</Table.Td>
                <Table.Td>
                  <Switch
                    label={t('quotes.catalogue.active')}
                    checked={p.active}
                    disabled={!canWrite}
                    onChange={() => toggle.mutate(p)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && (
        <Group align="end">
          <TextInput
            label={t('quotes.catalogue.sku')}
            value={draft.sku}
            onChange={(e) => setDraft({ ...draft, sku: e.currentTarget.value })}
            w={110}
          />
          <TextInput
            label={t('quotes.catalogue.name')}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <Select
            label={t('quotes.catalogue.kind')}
            data={(['service', 'product'] as const).map((k) => ({ value: k, label: t(`quotes.catalogue.kinds.${k}`) }))}
            value={draft.kind}
            onChange={(v) => v && setDraft({ ...draft, kind: v as 'service' })}
            allowDeselect={false}
            w={130}
          />
          <TextInput
            label={t('quotes.catalogue.unit')}
            value={draft.unit}
            onChange={(e) => setDraft({ ...draft, unit: e.currentTarget.value })}
            w={100}
          />
          <NumberInput
            label={t('quotes.catalogue.price')}
            value={draft.price}
            onChange={(v) => setDraft({ ...draft, price: Number(v) || 0 })}
            min={0}
            decimalScale={2}
            thousandSeparator=","
            w={170}
          />
          <NumberInput
            label={t('quotes.catalogue.taxRate')}
            value={draft.taxRate}
            onChange={(v) => setDraft({ ...draft, taxRate: Number(v) || 0 })}
            min={0}
            max={100}
            w={80}
          />
          <Button onClick={() => add.mutate()} disabled={!draft.name.trim()} loading={add.isPending}>
            {t('quotes.catalogue.add')}
          </Button>
        </Group>
      )}
      {(add.error || toggle.error) && <Alert color="red">{describeError(add.error ?? toggle.error)}</Alert>}
    </Stack>
  );
}
