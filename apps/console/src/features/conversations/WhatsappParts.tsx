// What WhatsApp messages carry beyond text: shared contact cards (one click into the CRM), catalogue orders (one click
// to a quote or a deal), the ad a customer came from, the message one answers, reactions and WhatsApp's own errors.
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import type {
  CatalogueOrder as Order,
  Conversation,
  Message,
  QuotedMessage as Quoted,
  SharedContact,
} from '@atiende/contract';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatMoney } from '../../money';
import { customersApi } from '../customers/api';
import { dealsApi, usePipelines } from '../deals/api';
import { quotesApi } from '../quotes/api';
import { localeOf } from '../../locale';

/** The message this one answers, quoted above it. */
export function QuotedMessage({ quoted }: { quoted: Quoted }) {
  return (
    <Paper
      px="xs"
      py={2}
      bg="gray.1"
      style={{ borderLeft: '3px solid var(--mantine-color-teal-5)' }}
      data-testid="quoted-message"
    >
      <Text size="xs" fw={600} c="teal.8">
        ↩ {quoted.senderName ?? ''}
      </Text>
      <Text size="xs" c="dimmed" lineClamp={2}>
        {quoted.excerpt}
      </Text>
    </Paper>
  );
}

/** Who reacted with what: the customer, the team. */
export function Reactions({ reactions }: { reactions: { customer?: string; agent?: string } }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} data-testid="reactions">
      {(['customer', 'agent'] as const)
        .filter((by) => reactions[by])
        .map((by) => (
          <Badge key={by} variant="default" size="lg" radius="xl" title={t(`inbox.whatsapp.reactedBy.${by}`)}>
            {reactions[by]}
          </Badge>
        ))}
    </Group>
  );
}

/** Contact cards the customer shared: each can become a contact of the CRM with one click. */
export function SharedContacts({ contacts }: { contacts: SharedContact[] }) {
  return (
    <Stack gap={6}>
      {contacts.map((c, i) => (
        <SharedContactCard key={i} contact={c} />
      ))}
    </Stack>
  );
}

const LABELS = ['cell', 'mobile', 'iphone', 'home', 'work', 'main', 'fax', 'other'];

function SharedContactCard({ contact: c }: { contact: SharedContact }) {
  const { t } = useTranslation();
  // WhatsApp names labels in English capitals (CELL, WORK); the known ones are said in the console's language.
  const label = (raw: string) =>
    LABELS.includes(raw.toLowerCase()) ? t(`inbox.whatsapp.labels.${raw.toLowerCase()}`) : raw.toLowerCase();
  const [created, setCreated] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      customersApi.createRecord<{ id: string }>('contacts', {
        name: c.name,
        emails: c.emails.map((e) => ({ value: e.email, label: e.label })),
        phones: c.phones.map((p) => ({ value: p.phone, label: p.label })),
        ...(c.phones[0]?.waId ? { whatsappId: c.phones[0].waId } : {}),
        source: t('inbox.whatsapp.sharedSource'),
      }),
    onSuccess: (contact) => setCreated(contact.id),
  });
  return (
    <Paper withBorder p="xs" data-testid="shared-contact">
      <Text size="sm" fw={600}>
        👤 {c.name}
      </Text>
      {(c.company || c.title) && (
        <Text size="xs" c="dimmed">
          {[c.title, c.company].filter(Boolean).join(' · ')}
        </Text>
      )}
      {c.phones.map((p) => (
        <Text key={p.phone} size="xs">
          📞 {p.phone}
          {p.label ? ` (${label(p.label)})` : ''}
        </Text>
      ))}
      {c.emails.map((e) => (
        <Text key={e.email} size="xs">
          ✉ {e.email}
          {e.label ? ` (${label(e.label)})` : ''}
        </Text>
      ))}
      {c.address && (
        <Text size="xs" c="dimmed">
          {c.address}
        </Text>
      )}
      {created ? (
        <Anchor component={Link} to={`/contacts/${created}`} size="xs">
          ✓ {t('inbox.whatsapp.contactAdded')}
        </Anchor>
      ) : (
        <Button size="compact-xs" variant="light" mt={4} loading={add.isPending} onClick={() => add.mutate()}>
          {t('inbox.whatsapp.addContact')}
        </Button>
      )}
      {add.isError && (
        <Text size="xs" c="red">
          {add.error.message}
        </Text>
      )}
    </Paper>
  );
}

/** An order from the catalogue: its lines and total, and one click to a quote or a deal for this customer. */
export function OrderCard({ order, conversation }: { order: Order; conversation: Conversation | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const currency = Object.keys(order.totals)[0] || 'MXN';
  const total = order.totals[currency] ?? 0;
  const title = t('inbox.whatsapp.orderTitle', { name: conversation?.contact.name ?? '' });
  const quote = useMutation({
    mutationFn: () =>
      quotesApi.createQuote({
        title,
        contactId: conversation?.contact.id ?? null,
        currency,
        lines: order.items.map((i) => ({ description: i.sku, quantity: i.quantity, unitPrice: i.price })),
      }),
    onSuccess: (q) => void navigate(`/quotes?open=${q.id}`),
  });
  const deal = useMutation({
    mutationFn: () =>
      dealsApi.createDeal({
        title,
        pipelineId: pipelines.data?.[0]?.id,
        value: total,
        currency,
        contactId: conversation?.contact.id ?? null,
      }),
    onSuccess: (d) => void navigate(`/deals?open=${d.id}`),
  });
  const money = (n: number) => formatMoney(n, currency, i18n.language);
  return (
    <Paper withBorder p="xs" data-testid="order">
      <Text size="sm" fw={600}>
        🛒 {t('inbox.whatsapp.order', { count: order.items.length })}
      </Text>
      <Table fz="xs" withRowBorders={false} verticalSpacing={2} horizontalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('inbox.whatsapp.sku')}</Table.Th>
            <Table.Th ta="right">{t('inbox.whatsapp.quantity')}</Table.Th>
            <Table.Th ta="right">{t('inbox.whatsapp.price')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.items.map((i, n) => (
            <Table.Tr key={n}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{i.sku}</Table.Td>
              <Table.Td ta="right">{i.quantity.toLocaleString(localeOf(i18n.language))}</Table.Td>
              <Table.Td ta="right">{formatMoney(i.price, i.currency || currency, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600} ta="right" data-testid="order-total">
        {t('inbox.whatsapp.total', { total: money(total) })}
      </Text>
      <Group gap="xs" mt={4}>
        <Button size="compact-xs" variant="light" loading={quote.isPending} onClick={() => quote.mutate()}>
          {t('inbox.whatsapp.makeQuote')}
        </Button>
        <Button
          size="compact-xs"
          variant="light"
          disabled={!pipelines.data?.length}
          loading={deal.isPending}
          onClick={() => deal.mutate()}
        >
          {t('inbox.whatsapp.makeDeal')}
        </Button>
      </Group>
      {(quote.error ?? deal.error) && (
        <Text size="xs" c="red">
          {(quote.error ?? deal.error)!.message}
        </Text>
      )}
    </Paper>
  );
}

/** The ad or post the customer tapped before writing. */
export function AdReferral({ referral }: { referral: NonNullable<Conversation['referral']> }) {
  const { t } = useTranslation();
  return (
    <Paper px="xs" py={4} bg="grape.0" data-testid="referral">
      <Text size="xs" fw={600}>
        📣 {t(referral.sourceType === 'post' ? 'inbox.whatsapp.fromPost' : 'inbox.whatsapp.fromAd')}
        {referral.headline ? `: ${referral.headline}` : ''}
      </Text>
      {referral.body && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {referral.body}
        </Text>
      )}
      {referral.sourceUrl && /^https:\/\//.test(referral.sourceUrl) && (
        <Anchor size="xs" href={referral.sourceUrl} target="_blank" rel="noopener noreferrer nofollow">
          {t('inbox.whatsapp.openAd')}
        </Anchor>
      )}
    </Paper>
  );
}

/** WhatsApp's own words when it could not pass a message on, and what to do. */
export function WhatsappErrors({
  errors,
}: {
  errors: { code: number | null; title: string | null; details: string | null }[];
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed" fs="italic">
        {t('inbox.kinds.unsupported')}
      </Text>
      {errors.map((e, i) => (
        <Text key={i} size="xs" c="dimmed" data-testid="whatsapp-error">
          {[e.code, e.title, e.details].filter(Boolean).join(' · ')}
        </Text>
      ))}
    </Stack>
  );
}

/** A form the customer filled in (a WhatsApp Flow): its answers. */
export function FlowResponse({ response }: { response: Record<string, unknown> }) {
  const entries = Object.entries(response).filter(([k]) => k !== 'flow_token');
  return (
    <Stack gap={0}>
      {entries.map(([k, v]) => (
        <Text key={k} size="xs">
          <b>{k}</b>: {typeof v === 'string' ? v : JSON.stringify(v)}
        </Text>
      ))}
    </Stack>
  );
}

export type WhatsappMeta = {
  contacts?: SharedContact[];
  order?: Order;
  replyTo?: Quoted;
  reactions?: { customer?: string; agent?: string };
  referral?: Conversation['referral'];
  errors?: { code: number | null; title: string | null; details: string | null }[];
  response?: unknown;
  forwarded?: boolean;
};
export const metaOf = (m: Message) => m.metadata as WhatsappMeta;
