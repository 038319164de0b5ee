// Quotes and the catalogue they are made from. A line's net is quantity × unit price less its discount; its IVA is on
// the net; the quote's totals are the sums, kept with the quote so lists need no arithmetic. Sending mints the
// customer's link (only its hash is kept); the customer accepts or declines until the validity ends, and acceptance
// wins the deal with the quote's value. Accepted and declined quotes no longer change.
import type { Product, Quote, QuoteLine } from '@atiende/contract';
import type { z } from 'zod';
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ProductWrite, QuoteLineWrite, QuoteWrite } from '@atiende/contract';
import { withNumber } from '../../db/numbering.js';
import { contains } from '../../db/like.js';
import { customerMatches, queryTerms } from '../../platform/search.js';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hashToken, newId, randomToken } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { winDealFromQuote } from '../deals/index.js';
import { raiseEvent } from '../../platform/business-events.js';
import { localToday } from '../projects/index.js';

const cents = (value: number) => Math.round(value * 100);
const money = (value: number) => Math.round(Number(value)) / 100;
export const quoteReference = (number: number) => `COT-${String(number).padStart(4, '0')}`;

// ── Catalogue ────────────────────────────────────────────────────────────────

type ProductRow = {
  id: string;
  sku: string | null;
  name: string;
  description: string;
  kind: string;
  unit: string;
  price_cents: number;
  currency: string;
  tax_rate: number;
  active: number;
};
const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  kind: r.kind as Product['kind'],
  unit: r.unit,
  price: money(r.price_cents),
  currency: r.currency,
  taxRate: r.tax_rate,
  active: r.active === 1,
});

export async function listProducts(
  ctx: AppContext,
  workspaceId: string,
  query: { q?: string; all?: boolean },
): Promise<Product[]> {
  let q = tenant(ctx.db, workspaceId).selectFrom('products').selectAll();
  if (!query.all) q = q.where('active', '=', 1);
  const rows = await q.orderBy('name').limit(1000).execute();
  const needle = query.q?.trim().toLowerCase();
  return rows
    .filter((r) => !needle || r.name.toLowerCase().includes(needle) || (r.sku ?? '').toLowerCase().includes(needle))
    .map(toProduct);
}

export async function createProduct(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: z.output<typeof ProductWrite>,
): Promise<Product> {
  const id = newId();
  const now = Date.now();
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .insertInto('products', {
        id,
        sku: input.sku ?? null,
        name: input.name,
        description: input.description ?? '',
        kind: input.kind,
        unit: input.unit,
        price_cents: cents(input.price),
        currency: input.currency,
        tax_rate: input.taxRate,
        active: input.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(t, actor, 'product.created', { type: 'product', id });
    return toProduct(await t.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function updateProduct(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: Partial<z.output<typeof ProductWrite>>,
): Promise<Product> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const done = await t
      .updateTable('products')
      .set({
        ...(input.sku !== undefined && { sku: input.sku }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.unit !== undefined && { unit: input.unit }),
        ...(input.price !== undefined && { price_cents: cents(input.price) }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.taxRate !== undefined && { tax_rate: input.taxRate }),
        ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('not_found');
    await audit(t, actor, 'product.updated', { type: 'product', id });
    return toProduct(await t.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

// ── Quotes ───────────────────────────────────────────────────────────────────

interface LineValues {
  product_id: string | null;
  description: string;
  quantity: number;
  unit: string;
  unit_price_cents: number;
  discount_percent: number;
  tax_rate: number;
}
/** A line's net (after discount) and IVA, in cents. */
export function lineAmounts(l: Pick<LineValues, 'quantity' | 'unit_price_cents' | 'discount_percent' | 'tax_rate'>) {
  const gross = Math.round(l.quantity * l.unit_price_cents);
  const net = Math.round(gross * (1 - l.discount_percent / 100));
  return { gross, net, tax: Math.round((net * l.tax_rate) / 100) };
}

/** The lines as stored: a product fills what the line leaves out; a line without product needs words and a price. */
async function resolveLines(t: Tenant, lines: z.output<typeof QuoteLineWrite>[]): Promise<LineValues[]> {
  const ids = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = ids.length ? await t.selectFrom('products').selectAll().where('id', 'in', ids).execute() : [];
  const byId = new Map(products.map((p) => [p.id, p]));
  const fields: { path: string; message: string }[] = [];
  const out = lines.map((l, i) => {
    const product = l.productId ? byId.get(l.productId) : undefined;
    if (l.productId && !product) fields.push({ path: `lines.${i}.productId`, message: 'field.noSuchProduct' });
    const description = l.description ?? product?.name;
    const price = l.unitPrice !== undefined ? cents(l.unitPrice) : product ? Number(product.price_cents) : undefined;
    if (!description || price === undefined) fields.push({ path: `lines.${i}`, message: 'field.lineNeedsPrice' });
    return {
      product_id: product?.id ?? null,
      description: description ?? '',
      quantity: l.quantity,
      unit: l.unit ?? product?.unit ?? 'servicio',
      unit_price_cents: price ?? 0,
      discount_percent: l.discountPercent,
      tax_rate: l.taxRate ?? product?.tax_rate ?? 16,
    };
  });
  if (fields.length) throw new AppError('validation_failed', fields);
  return out;
}

async function writeLines(t: Tenant, quoteId: string, lines: LineValues[]) {
  await t.deleteFrom('quote_lines').where('quote_id', '=', quoteId).execute();
  if (lines.length)
    await t
      .insertInto(
        'quote_lines',
        lines.map((l, position) => ({ id: newId(), quote_id: quoteId, position, ...l })),
      )
      .execute();
  const totals = lines.reduce(
    (sum, l) => {
      const a = lineAmounts(l);
      return { subtotal: sum.subtotal + a.net, discount: sum.discount + (a.gross - a.net), tax: sum.tax + a.tax };
    },
    { subtotal: 0, discount: 0, tax: 0 },
  );
  return {
    subtotal_cents: totals.subtotal,
    discount_cents: totals.discount,
    tax_cents: totals.tax,
    total_cents: totals.subtotal + totals.tax,
  };
}

function selectQuotes(t: Tenant) {
  return t
    .selectFrom('quotes')
    .leftJoin('deals', 'deals.id', 'quotes.deal_id')
    .leftJoin('contacts', 'contacts.id', 'quotes.contact_id')
    .leftJoin('companies', 'companies.id', 'quotes.company_id')
    .selectAll('quotes')
    .select([
      'deals.title as dealTitle',
      'contacts.name as contactName',
      'contacts.privacy_blocked_at as contactBlocked',
      'companies.name as companyName',
    ]);
}
type QuoteRow = Awaited<ReturnType<ReturnType<typeof selectQuotes>['executeTakeFirstOrThrow']>>;

function toQuote(r: QuoteRow, lines: (LineValues & { id: string })[], today: string): Quote {
  return {
    id: r.id,
    reference: quoteReference(r.number),
    number: r.number,
    title: r.title,
    status: r.status as Quote['status'],
    deal: r.deal_id ? { id: r.deal_id, title: r.dealTitle ?? '' } : null,
    contact: r.contact_id && r.contactBlocked === null ? { id: r.contact_id, name: r.contactName ?? '' } : null,
    company: r.company_id ? { id: r.company_id, name: r.companyName ?? '' } : null,
    currency: r.currency,
    validUntil: r.valid_until,
    expired: (r.status === 'draft' || r.status === 'sent') && r.valid_until < today,
    terms: r.terms,
    lines: lines.map((l): QuoteLine => {
      const a = lineAmounts(l);
      return {
        id: l.id,
        productId: l.product_id,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: money(l.unit_price_cents),
        discountPercent: l.discount_percent,
        taxRate: l.tax_rate,
        net: money(a.net),
        tax: money(a.tax),
      };
    }),
    subtotal: money(r.subtotal_cents),
    discount: money(r.discount_cents),
    tax: money(r.tax_cents),
    total: money(r.total_cents),
    sentAt: r.sent_at === null ? null : iso(r.sent_at),
    acceptedAt: r.accepted_at === null ? null : iso(r.accepted_at),
    acceptedBy: r.accepted_by,
    declinedAt: r.declined_at === null ? null : iso(r.declined_at),
    declineReason: r.decline_reason,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function linesOf(t: Tenant, quoteIds: string[]) {
  if (!quoteIds.length) return new Map<string, (LineValues & { id: string })[]>();
  const rows = await t
    .selectFrom('quote_lines')
    .selectAll()
    .where('quote_id', 'in', quoteIds)
    .orderBy('position')
    .execute();
  const out = new Map<string, (LineValues & { id: string })[]>();
  for (const r of rows)
    out.set(r.quote_id, [
      ...(out.get(r.quote_id) ?? []),
      {
        id: r.id,
        product_id: r.product_id,
        description: r.description,
        quantity: Number(r.quantity),
        unit: r.unit,
        unit_price_cents: Number(r.unit_price_cents),
        discount_percent: Number(r.discount_percent),
        tax_rate: Number(r.tax_rate),
      },
    ]);
  return out;
}

export async function getQuote(ctx: AppContext, t: Tenant, id: string): Promise<Quote> {
  const row = await selectQuotes(t).where('quotes.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const today = localToday(await workspaceCalendar(ctx, t.workspaceId, t));
  return toQuote(row, (await linesOf(t, [id])).get(id) ?? [], today);
}

export async function listQuotes(
  ctx: AppContext,
  workspaceId: string,
  query: { dealId?: string; contactId?: string; status?: string; q?: string; offset: number; limit: number },
): Promise<{ total: number; items: Quote[] }> {
  const t = tenant(ctx.db, workspaceId);
  const words = query.q ? query.q.split(/\s+/).filter(Boolean).slice(0, 8) : [];
  const terms = query.q ? queryTerms(query.q) : [];
  const number = /^(?:cot-?)?0*(\d{1,9})$/i.exec(query.q ?? '')?.[1];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter for the count and the page: Kysely types `where` per builder
  const filter = <Q extends { where: (...args: any[]) => Q }>(q: Q): Q => {
    let out = q;
    if (query.dealId) out = out.where('quotes.deal_id', '=', query.dealId);
    if (query.contactId) out = out.where('quotes.contact_id', '=', query.contactId);
    if (query.status) out = out.where('quotes.status', '=', query.status);
    if (number) out = out.where('quotes.number', '=', Number(number));
    else if (terms.length)
      // Its title holds every word, or its customer (person or company) is found by them.
      out = out.where((eb: ExpressionBuilder<DB, 'quotes'>) =>
        eb.or([
          eb.and(words.map((word) => contains('quotes.title', word))),
          customerMatches(ctx.dialect, 'quotes', workspaceId, terms),
        ]),
      );
    return out;
  };
  const [count, rows] = await Promise.all([
    filter(t.selectFrom('quotes').select((eb) => eb.fn.countAll<number>().as('n'))).executeTakeFirstOrThrow(),
    filter(selectQuotes(t))
      .orderBy('quotes.updated_at', 'desc')
      .orderBy('quotes.id')
      .offset(query.offset)
      .limit(query.limit)
      .execute(),
  ]);
  const lines = await linesOf(
    t,
    rows.map((r) => r.id),
  );
  const today = localToday(await workspaceCalendar(ctx, workspaceId, t));
  return { total: Number(count.n), items: rows.map((r) => toQuote(r, lines.get(r.id) ?? [], today)) };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function createQuote(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: z.output<typeof QuoteWrite>,
): Promise<Quote> {
  return withNumber(ctx, workspaceId, 'quotes', async (t, number) => {
    await assertReferences(t, [
      { table: 'deals', id: input.dealId, path: 'dealId', message: 'field.noSuchDeal' },
      { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
      { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
    ]);
    const deal = input.dealId
      ? await t
          .selectFrom('deals')
          .select(['title', 'contact_id', 'company_id', 'currency'])
          .where('id', '=', input.dealId)
          .executeTakeFirstOrThrow()
      : null;
    if (!input.title && !deal) throw new AppError('validation_failed', [{ path: 'title', message: 'field.required' }]);
    const lines = await resolveLines(t, input.lines);
    const id = newId();
    const now = Date.now();
    await t
      .insertInto('quotes', {
        id,
        number,
        deal_id: input.dealId ?? null,
        contact_id: input.contactId !== undefined ? input.contactId : (deal?.contact_id ?? null),
        company_id: input.companyId !== undefined ? input.companyId : (deal?.company_id ?? null),
        title: input.title ?? deal!.title,
        status: 'draft',
        currency: input.currency,
        valid_until: input.validUntil ?? inDays(30),
        terms: input.terms ?? '',
        token_hash: null,
        sent_at: null,
        accepted_at: null,
        accepted_by: null,
        declined_at: null,
        decline_reason: null,
        created_by: actor.type === 'user' ? actor.id : null,
        version: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t
      .updateTable('quotes')
      .set(await writeLines(t, id, lines))
      .where('id', '=', id)
      .execute();
    await audit(t, actor, 'quote.created', { type: 'quote', id }, { dealId: input.dealId ?? null });
    return getQuote(ctx, t, id);
  });
}

/** An accepted or declined quote is the record of what was agreed: it never changes. */
function assertOpen(status: string) {
  if (status === 'accepted' || status === 'declined') throw new AppError('quote_closed');
}

export async function updateQuote(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: {
    version: number;
    title?: string;
    contactId?: string | null;
    companyId?: string | null;
    currency?: string;
    validUntil?: string;
    terms?: string;
    lines?: z.output<typeof QuoteLineWrite>[];
  },
): Promise<Quote> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t.selectFrom('quotes').select(['status', 'version']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.version !== input.version) throw new AppError('edit_conflict');
    assertOpen(row.status);
    await assertReferences(t, [
      { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
      { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
    ]);
    const totals = input.lines ? await writeLines(t, id, await resolveLines(t, input.lines)) : {};
    const done = await t
      .updateTable('quotes')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.contactId !== undefined && { contact_id: input.contactId }),
        ...(input.companyId !== undefined && { company_id: input.companyId }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.validUntil !== undefined && { valid_until: input.validUntil }),
        ...(input.terms !== undefined && { terms: input.terms }),
        ...totals,
        version: input.version + 1,
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('edit_conflict');
    await audit(t, actor, 'quote.updated', { type: 'quote', id });
    return getQuote(ctx, t, id);
  });
}

export async function deleteQuote(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t.selectFrom('quotes').select('status').where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found');
    assertOpen(row.status);
    await t.deleteFrom('quotes').where('id', '=', id).execute();
    await audit(t, actor, 'quote.deleted', { type: 'quote', id });
  });
}

export const quoteUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/q/${token}`;

/** Sends the quote: a new link each time (an earlier one stops working), by email to the contact or only returned. */
export async function sendQuote(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  channel: 'email' | 'link',
): Promise<{ url: string; emailedTo: string | null; mailNotSetUp: boolean; quote: Quote }> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t
      .selectFrom('quotes')
      .select(['status', 'contact_id', 'number', 'title', 'valid_until', 'total_cents', 'currency'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    assertOpen(row.status);
    const lineCount = await t
      .selectFrom('quote_lines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('quote_id', '=', id)
      .executeTakeFirstOrThrow();
    if (!Number(lineCount.n)) throw new AppError('validation_failed', [{ path: 'lines', message: 'field.required' }]);
    const email = row.contact_id
      ? await t
          .selectFrom('contact_identities')
          .select('value')
          .where('contact_id', '=', row.contact_id)
          .where('kind', '=', 'email')
          .orderBy('position')
          .limit(1)
          .executeTakeFirst()
      : undefined;
    if (channel === 'email' && !email)
      throw new AppError('validation_failed', [{ path: 'channel', message: 'field.noEmail' }]);
    const token = randomToken();
    const now = Date.now();
    await t
      .updateTable('quotes')
      .set((eb) => ({
        status: 'sent',
        token_hash: hashToken(token),
        sent_at: now,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
    const url = quoteUrl(ctx, token);
    if (channel === 'email' && email) {
      const settings = await loadWorkspaceSettings(ctx, workspaceId, t.db);
      const contact = await t
        .selectFrom('contacts')
        .select(['name', 'language'])
        .where('id', '=', row.contact_id!)
        .executeTakeFirstOrThrow();
      const english = contact.language === 'en' || (!contact.language && settings.language === 'en');
      const total = (Number(row.total_cents) / 100).toLocaleString(english ? 'en-US' : 'es-MX', {
        style: 'currency',
        currency: row.currency,
      });
      await ctx.jobs.enqueue(
        'mail.send',
        {
          to: email.value,
          subject: english
            ? `Quote ${quoteReference(row.number)} from ${settings.name}: ${row.title}`
            : `Cotización ${quoteReference(row.number)} de ${settings.name}: ${row.title}`,
          text: english
            ? `Hello ${contact.name},\n\nHere is our quote "${row.title}" for ${total} (IVA included), valid until ${row.valid_until}. See it, download the PDF and accept it online:\n${url}\n\n${settings.name}`
            : `Hola ${contact.name}:\n\nTe compartimos la cotización «${row.title}» por ${total} (IVA incluido), vigente hasta el ${row.valid_until}. Consúltala, descarga el PDF y acéptala en línea:\n${url}\n\n${settings.name}`,
        },
        { executor: t.db },
      );
    }
    await audit(t, actor, 'quote.sent', { type: 'quote', id }, { channel });
    return {
      url,
      emailedTo: channel === 'email' ? (email?.value ?? null) : null,
      mailNotSetUp: channel === 'email' && !ctx.mailer.configured,
      quote: await getQuote(ctx, t, id),
    };
  });
}

/** The quote a customer's link opens (any workspace: the token names it). */
export async function quoteByToken(
  ctx: AppContext,
  token: string,
): Promise<{ quote: Quote; workspaceId: string; company: string; language: 'es' | 'en' }> {
  const row = await ctx.db
    .selectFrom('quotes')
    .select(['id', 'workspace_id', 'contact_id'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const t = tenant(ctx.db, row.workspace_id);
  const settings = await loadWorkspaceSettings(ctx, row.workspace_id);
  const contact = row.contact_id
    ? await t.selectFrom('contacts').select('language').where('id', '=', row.contact_id).executeTakeFirst()
    : undefined;
  const language = contact?.language === 'en' || (!contact?.language && settings.language === 'en') ? 'en' : 'es';
  return { quote: await getQuote(ctx, t, row.id), workspaceId: row.workspace_id, company: settings.name, language };
}

export interface QuoteAnswerInput {
  accept: boolean;
  name: string;
  reason?: string | undefined;
}

/** The customer's answer through the link they were sent. */
export async function answerQuote(ctx: AppContext, token: string, input: QuoteAnswerInput): Promise<Quote> {
  const { quote, workspaceId } = await quoteByToken(ctx, token);
  return answerSentQuote(ctx, workspaceId, quote, input);
}

/** A quote sent to this contact, for the customer portal (which knows the contact from its session). */
export async function contactQuote(ctx: AppContext, t: Tenant, contactId: string, quoteId: string): Promise<Quote> {
  const row = await t
    .selectFrom('quotes')
    .select('id')
    .where('id', '=', quoteId)
    .where('contact_id', '=', contactId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return getQuote(ctx, t, row.id);
}

/** The customer's answer in the portal: the same rules as through the link, which keeps working. */
export async function answerContactQuote(
  ctx: AppContext,
  t: Tenant,
  contactId: string,
  quoteId: string,
  input: QuoteAnswerInput,
): Promise<Quote> {
  return answerSentQuote(ctx, t.workspaceId, await contactQuote(ctx, t, contactId, quoteId), input);
}

/** The customer's answer: acceptance (with their name) wins the deal; a decline keeps their reason. Once only. */
async function answerSentQuote(
  ctx: AppContext,
  workspaceId: string,
  quote: Quote,
  input: QuoteAnswerInput,
): Promise<Quote> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (quote.status !== 'sent' || quote.expired) throw new AppError('quote_closed');
    const now = Date.now();
    const done = await t
      .updateTable('quotes')
      .set((eb) => ({
        ...(input.accept
          ? { status: 'accepted', accepted_at: now, accepted_by: input.name }
          : { status: 'declined', declined_at: now, decline_reason: input.reason ?? null, accepted_by: input.name }),
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', quote.id)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    // Two answers at once: the second finds it answered.
    if (!Number(done.numUpdatedRows)) throw new AppError('quote_closed');
    const actor = { type: 'visitor' as const, id: quote.contact?.id ?? null };
    if (input.accept && quote.deal) {
      const row = await t
        .selectFrom('quotes')
        .select('subtotal_cents')
        .where('id', '=', quote.id)
        .executeTakeFirstOrThrow();
      await winDealFromQuote(ctx, t, actor, quote.deal.id, Number(row.subtotal_cents), quote.id);
    }
    await audit(
      t,
      actor,
      input.accept ? 'quote.accepted' : 'quote.declined',
      { type: 'quote', id: quote.id },
      { by: input.name },
    );
    await raiseEvent(ctx, t, {
      name: input.accept ? 'quote.accepted' : 'quote.declined',
      data: {
        quote: {
          id: quote.id,
          reference: quote.reference,
          title: quote.title,
          total: quote.total,
          currency: quote.currency,
          dealId: quote.deal?.id ?? null,
          contactId: quote.contact?.id ?? null,
          by: input.name,
          reason: input.reason ?? null,
        },
      },
    });
    return getQuote(ctx, t, quote.id);
  });
}

/** The contact's quotes that were sent to them (the portal lists them). */
export async function quotesOfContact(ctx: AppContext, t: Tenant, contactId: string): Promise<Quote[]> {
  const rows = await selectQuotes(t)
    .where('quotes.contact_id', '=', contactId)
    .where('quotes.status', '!=', 'draft')
    .orderBy('quotes.updated_at', 'desc')
    .limit(50)
    .execute();
  const lines = await linesOf(
    t,
    rows.map((r) => r.id),
  );
  const today = localToday(await workspaceCalendar(ctx, t.workspaceId, t));
  return rows.map((r) => toQuote(r, lines.get(r.id) ?? [], today));
}
