// A quote's form: customer, validity, terms and its lines (a product from the catalogue fills description, unit, price
// and IVA; quantity and discount per line), with the totals as the server will compute them. Saved with its version;
// sent by email or as a link to paste in WhatsApp; its PDF; read-only once the customer answered.
import '../deals/sales-i18n';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { Quote } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { RecordPicker } from '../../components/RecordPicker';
import { formatMoney as money } from '../../money';
import { SaveError } from '../../layout/SaveError';
import { quotesApi, quotesFiles, useProducts } from './api';

interface Line {
  productId: string | null;
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  discountPercent: number;
  taxRate: number;
}

/** The same arithmetic as the server: net after discount, IVA on the net, rounded to cents. */
export function lineAmounts(l: Pick<Line, 'quantity' | 'unitPrice' | 'discountPercent' | 'taxRate'>) {
  const gross = Math.round(l.quantity * Math.round(l.unitPrice * 100));
  const net = Math.round(gross * (1 - l.discountPercent / 100));
  return { gross: gross / 100, net: net / 100, tax: Math.round((net * l.taxRate) / 100) / 100 };
}

export function QuoteEditor({
  quoteId,
  dealId,
  canWrite,
  onDone,
}: {
  quoteId: string | null;
  dealId?: string;
  canWrite: boolean;
  onDone: (quote?: Quote) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const quote = useQuery({
    queryKey: ['quote', quoteId],
    queryFn: () => quotesApi.getQuote(quoteId!),
    enabled: Boolean(quoteId),
  });
  const products = useProducts();
  const [title, setTitle] = useState('');
  const [contact, setContact] = useState<{ id: string; name: string } | null>(null);
  const [validUntil, setValidUntil] = useState(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [terms, setTerms] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [sent, setSent] = useState<{ url: string; emailedTo: string | null; mailNotSetUp?: boolean } | null>(null);
  useEffect(() => {
    const q = quote.data;
    if (!q) return;
    setTitle(q.title);
    setContact(q.contact);
    setValidUntil(q.validUntil);
    setTerms(q.terms);
    setLines(
      q.lines.map((l) => ({
        productId: l.productId,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unitPrice,
        discountPercent: l.discountPercent,
        taxRate: l.taxRate,
      })),
    );
  }, [quote.data]);
  const refresh = (saved?: Quote) => {
    void client.invalidateQueries({ queryKey: ['quotes'] });
    void client.invalidateQueries({ queryKey: ['deal'] });
    if (saved) client.setQueryData(['quote', saved.id], saved);
  };
  const body = () => ({
    title: title || undefined,
    contactId: contact?.id ?? null,
    validUntil,
    terms,
    lines: lines.map((l) => ({
      productId: l.productId,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      taxRate: l.taxRate,
    })),
  });
  const save = useMutation({
    mutationFn: () =>
      quoteId
        ? quotesApi.updateQuote(quoteId, { ...body(), version: quote.data!.version })
        : quotesApi.createQuote({ ...body(), ...(dealId && { dealId }) }),
    onSuccess: (saved) => {
      refresh(saved);
      if (!quoteId) onDone(saved);
    },
  });
  const send = useMutation({
    // What is on screen is what leaves: saved first, then sent.
    mutationFn: async (channel: 'email' | 'link') => {
      await quotesApi.updateQuote(quoteId!, { ...body(), version: quote.data!.version });
      return quotesApi.sendQuote(quoteId!, {
        channel,
      });
    },
    onSuccess: (r) => (setSent(r), refresh(r.quote)),
  });
  const remove = useMutation({
    mutationFn: () => quotesApi.deleteQuote(quoteId!),
    onSuccess: () => (refresh(), onDone()),
  });
  const q = quote.data;
  const locked = !canWrite || q?.status === 'accepted' || q?.status === 'declined';
  const currency = q?.currency ?? 'MXN';
  const fmt = (v: number) => money(v, currency, i18n.language);
  const totals = lines.reduce(
    (sum, l) => {
      const a = lineAmounts(l);
      return { subtotal: sum.subtotal + a.net, discount: sum.discount + a.gross - a.net, tax: sum.tax + a.tax };
    },
    { subtotal: 0, discount: 0, tax: 0 },
  );
  const setLine = (i: number, patch: Partial<Line>) =>
    setLines(lines.map((l, k) => (k === i ? { ...l, ...patch } : l)));
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fields.find((f) => f.path === path)?.message : undefined;
  if (quoteId && !q) return null;
  return (
    <Stack>
      {q && (
        <Group>
          <Text fw={600}>{q.reference}</Text>
          <Badge data-testid="quote-status">{q.expired ? t('quotes.expired') : t(`quotes.status.${q.status}`)}</Badge>
          {q.status === 'accepted' && (
            <Text size="sm" c="teal">
              {t('quotes.accepted', { name: q.acceptedBy })}
            </Text>
          )}
          {q.status === 'declined' && (
            <Text size="sm" c="red">
              {t('quotes.declined', { reason: q.declineReason ?? '' })}
            </Text>
          )}
          <Anchor href={quotesFiles.pdf(q.id)} target="_blank" rel="noopener" size="sm">
            {t('quotes.pdf')}
          </Anchor>
        </Group>
      )}
      <Group grow>
        <TextInput
          label={t('quotes.name')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          disabled={locked}
          placeholder={dealId ? undefined : ''}
          error={fieldError('title')}
        />
        <TextInput
          type="date"
          label={t('quotes.validUntil')}
          value={validUntil}
          onChange={(e) => setValidUntil(e.currentTarget.value)}
          disabled={locked}
        />
      </Group>
      <RecordPicker
        kind="contacts"
        label={t('quotes.customer')}
        value={contact}
        onChange={setContact}
        disabled={locked}
      />
      <Text fw={600} size="sm">
        {t('quotes.lines')}
      </Text>
      <Table data-testid="quote-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('quotes.description')}</Table.Th>
            <Table.Th>{t('quotes.quantity')}</Table.Th>
            <Table.Th>{t('quotes.unitPrice')}</Table.Th>
            <Table.Th>{t('quotes.discount')}</Table.Th>
            <Table.Th>{t('quotes.taxRate')}</Table.Th>
            <Table.Th>{t('quotes.net')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l, i) => (
            <Table.Tr key={i}>
              <Table.Td miw={220}>
                <TextInput
                  size="xs"
                  aria-label={t('quotes.description')}
                  value={l.description}
                  onChange={(e) => setLine(i, { description: e.currentTarget.value })}
                  disabled={locked}
                  error={fieldError(`lines.${i}`)}
                />
              </Table.Td>
              <Table.Td w={90}>
                <NumberInput
                  size="xs"
                  aria-label={t('quotes.quantity')}
                  value={l.quantity}
                  onChange={(v) => setLine(i, { quantity: Number(v) || 0 })}
                  min={0}
                  decimalScale={3}
                  disabled={locked}
                />
              </Table.Td>
              <Table.Td w={120}>
                <NumberInput
                  size="xs"
                  aria-label={t('quotes.unitPrice')}
                  value={l.unitPrice}
                  onChange={(v) => setLine(i, { unitPrice: Number(v) || 0 })}
                  min={0}
                  decimalScale={2}
                  thousandSeparator=","
                  disabled={locked}
                />
              </Table.Td>
              <Table.Td w={80}>
                <NumberInput
                  size="xs"
                  aria-label={t('quotes.discount')}
                  value={l.discountPercent}
                  onChange={(v) => setLine(i, { discountPercent: Number(v) || 0 })}
                  min={0}
                  max={100}
                  disabled={locked}
                />
              </Table.Td>
              <Table.Td w={70}>
                <NumberInput
                  size="xs"
                  aria-label={t('quotes.taxRate')}
                  value={l.taxRate}
                  onChange={(v) => setLine(i, { taxRate: Number(v) || 0 })}
                  min={0}
                  max={100}
                  disabled={locked}
                />
              </Table.Td>
              <Table.Td>{fmt(lineAmounts(l).net)}</Table.Td>
              <Table.Td>
                {!locked && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('quotes.removeLine')}
                    onClick={() => setLines(lines.filter((_, k) => k !== i))}
                  >
                    ×
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!locked && (
        <Group align="end">
          <Select
            label={t('quotes.product')}
            data={(products.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.name} · ${money(p.price, p.currency, i18n.language)}`,
            }))}
            value={null}
            searchable
            onChange={(id) => {
              const p = products.data?.find((x) => x.id === id);
              if (p)
                setLines([
                  ...lines,
                  {
                    productId: p.id,
                    description: p.name,
                    quantity: 1,
                    unit: p.unit,
                    unitPrice: p.price,
                    discountPercent: 0,
                    taxRate: p.taxRate,
                  },
                ]);
            }}
            w={320}
          />
          <Button
            variant="light"
            onClick={() =>
              setLines([
                ...lines,
                {
                  productId: null,
                  description: '',
                  quantity: 1,
                  unit: 'servicio',
                  unitPrice: 0,
                  discountPercent: 0,
                  taxRate: 16,
                },
              ])
            }
          >
            {t('quotes.addLine')}
          </Button>
        </Group>
      )}
      <Stack gap={2} align="flex-end" data-testid="quote-totals">
        <Text size="sm">
          {t('quotes.subtotal')}: {fmt(totals.subtotal)}
        </Text>
        {totals.discount > 0 && (
          <Text size="sm">
            {t('quotes.discounts')}: −{fmt(totals.discount)}
          </Text>
        )}
        <Text size="sm">
          {t('quotes.tax')}: {fmt(totals.tax)}
        </Text>
        <Text fw={700}>
          {t('quotes.total')}: {fmt(totals.subtotal + totals.tax)}
        </Text>
      </Stack>
      <Textarea
        label={t('quotes.terms')}
        value={terms}
        onChange={(e) => setTerms(e.currentTarget.value)}
        autosize
        minRows={2}
        disabled={locked}
      />
      {sent && (
        <Alert color={sent.mailNotSetUp ? 'yellow' : 'teal'} data-testid="quote-sent">
          <Text size="sm">
            {sent.mailNotSetUp && sent.emailedTo
              ? t('quotes.notMailed', { email: sent.emailedTo })
              : sent.emailedTo
                ? t('quotes.sentTo', { email: sent.emailedTo })
                : t('quotes.link')}
          </Text>
          <Code block>{sent.url}</Code>
        </Alert>
      )}
      <SaveError
        error={save.error ?? send.error ?? remove.error}
        reloadLabel={t('quotes.reload')}
        onReload={() => (save.reset(), send.reset(), void quote.refetch())}
      />
      {!locked && (
        <Group justify="space-between">
          {q ? (
            <Button color="red" variant="subtle" onClick={() => remove.mutate()}>
              {t('quotes.delete')}
            </Button>
          ) : (
            <span />
          )}
          <Group>
            {q && (
              <>
                <Button
                  variant="default"
                  onClick={() => send.mutate('link')}
                  loading={send.isPending && send.variables === 'link'}
                >
                  {t('quotes.copyLink')}
                </Button>
                <Button
                  variant="default"
                  onClick={() => send.mutate('email')}
                  loading={send.isPending && send.variables === 'email'}
                  disabled={!contact}
                >
                  {t('quotes.sendEmail')}
                </Button>
              </>
            )}
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              {t('quotes.save')}
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}
