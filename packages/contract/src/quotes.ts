// Quotes: a catalogue of products and services with price and IVA; quotes made of lines (quantity, unit price,
// discount, IVA) with their totals, sent to the customer as a link and a PDF; the customer accepts (winning the deal)
// or declines online, until the quote's validity ends.
import { z } from 'zod';
import { Id, IsoDateTime, Percent, Quantity } from './common.js';

const Text = (max = 200) => z.string().trim().max(max);
const Money = z.number().min(0).max(1e11).multipleOf(0.01, 'field.cents');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'field.currency');

export const Product = z.object({
  id: Id,
  sku: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(['product', 'service']),
  unit: z.string(),
  price: z.number(),
  currency: z.string(),
  taxRate: z.number(),
  active: z.boolean(),
});
export type Product = z.infer<typeof Product>;
export const ProductWrite = z.strictObject({
  sku: Text(60).nullable().optional(),
  name: Text(200).min(1),
  description: Text(2000).optional(),
  kind: z.enum(['product', 'service']).default('service'),
  unit: Text(30).min(1).default('servicio'),
  price: Money,
  currency: Currency.default('MXN'),
  taxRate: Percent.default(16),
  active: z.boolean().default(true),
});
export const ProductUpdate = ProductWrite.partial();

export const QuoteStatus = z.enum(['draft', 'sent', 'accepted', 'declined']);
export type QuoteStatus = z.infer<typeof QuoteStatus>;
export const QuoteLine = z.object({
  id: Id,
  productId: Id.nullable(),
  description: z.string(),
  quantity: z.number(),
  unit: z.string(),
  unitPrice: z.number(),
  discountPercent: z.number(),
  taxRate: z.number(),
  /** Quantity × unit price, less the discount, before tax. */
  net: z.number(),
  tax: z.number(),
});
export type QuoteLine = z.infer<typeof QuoteLine>;
export const QuoteLineWrite = z.strictObject({
  /** From the catalogue: its name, unit, price and IVA unless given here. */
  productId: Id.nullable().optional(),
  description: Text(1000).min(1).optional(),
  quantity: Quantity.positive().max(1e7),
  unit: Text(30).optional(),
  unitPrice: Money.optional(),
  discountPercent: Percent.default(0),
  taxRate: Percent.optional(),
});

export const Quote = z.object({
  id: Id,
  /** "COT-0007" */
  reference: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: QuoteStatus,
  deal: z.object({ id: Id, title: z.string() }).nullable(),
  contact: z.object({ id: Id, name: z.string() }).nullable(),
  company: z.object({ id: Id, name: z.string() }).nullable(),
  currency: z.string(),
  validUntil: z.string(),
  /** Past its validity without an answer. */
  expired: z.boolean(),
  terms: z.string(),
  lines: z.array(QuoteLine),
  subtotal: z.number(),
  discount: z.number(),
  tax: z.number(),
  total: z.number(),
  sentAt: IsoDateTime.nullable(),
  acceptedAt: IsoDateTime.nullable(),
  acceptedBy: z.string().nullable(),
  declinedAt: IsoDateTime.nullable(),
  declineReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Quote = z.infer<typeof Quote>;
export const QuoteWrite = z.strictObject({
  /** From a deal: its title and customer unless given. */
  dealId: Id.nullable().optional(),
  title: Text(200).min(1).optional(),
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  currency: Currency.default('MXN'),
  /** Thirty days from today when left out. */
  validUntil: z.string().date().optional(),
  terms: Text(10_000).optional(),
  lines: z.array(QuoteLineWrite).max(200).default([]),
});
export type QuoteWrite = z.infer<typeof QuoteWrite>;
export const QuoteUpdate = z.strictObject({
  version: z.number().int().min(0),
  title: Text(200).min(1).optional(),
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  currency: Currency.optional(),
  validUntil: z.string().date().optional(),
  terms: Text(10_000).optional(),
  lines: z.array(QuoteLineWrite).max(200).optional(),
});
export const QuoteListQuery = z.strictObject({
  dealId: Id.optional(),
  contactId: Id.optional(),
  status: QuoteStatus.optional(),
  q: z.string().trim().max(100).optional().describe('Words of the title or customer, or the number (COT-0012, 12)'),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const QuotePage = z.object({ total: z.number().int(), items: z.array(Quote) });
export type QuotePage = z.infer<typeof QuotePage>;
export const QuoteSend = z.strictObject({
  channel: z.enum(['email', 'link']).default('email').describe('link: only the address, to paste in a chat (WhatsApp)'),
});
export const QuoteSent = z.object({
  url: z.string(),
  emailedTo: z.string().nullable(),
  mailNotSetUp: z.boolean().describe('Sent by email on a server without SMTP: nothing was mailed; share the url'),
  quote: Quote,
});
export const QuoteAnswer = z.strictObject({
  accept: z.boolean(),
  name: Text(160).min(1),
  reason: Text(1000).optional(),
});
