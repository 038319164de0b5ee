// Outbound webhooks: the workspace's business events POSTed as JSON to an address, signed with HMAC-SHA256
// (X-Atiende-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<body>")>), retried with backoff, with a log.
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

export const WebhookEvent = z.enum([
  'deal.won',
  'deal.lost',
  'quote.accepted',
  'quote.declined',
  'project.status_changed',
  'incident.resolved',
  'contact.lost',
  'contact.merged',
  'subscription.renewed',
  'subscription.ended',
  'conversation.created',
  'message.received',
  'conversation.resolved',
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export const Webhook = z.object({
  id: Id,
  url: z.string(),
  description: z.string(),
  events: z.array(z.union([WebhookEvent, z.literal('*')])),
  enabled: z.boolean(),
  /** Shown whole only when created; afterwards its last four characters. */
  secret: z.string(),
  createdAt: IsoDateTime,
});
export type Webhook = z.infer<typeof Webhook>;
const Url = z
  .string()
  .trim()
  .max(2_000)
  .url('field.url')
  .refine((u) => /^https?:\/\//i.test(u), 'field.url')
  .refine((u) => {
    try {
      const parsed = new URL(u);
      return !parsed.username && !parsed.password;
    } catch {
      return false;
    }
  }, 'field.urlCredentials');
export const WebhookWrite = z.strictObject({
  url: Url,
  description: z.string().trim().max(200).default(''),
  events: z
    .array(z.union([WebhookEvent, z.literal('*')]))
    .min(1)
    .max(20),
  enabled: z.boolean().default(true),
});
export const WebhookUpdate = z.strictObject({
  url: Url.optional(),
  description: z.string().trim().max(200).optional(),
  events: z
    .array(z.union([WebhookEvent, z.literal('*')]))
    .min(1)
    .max(20)
    .optional(),
  enabled: z.boolean().optional(),
});
export const WebhookDelivery = z.object({
  id: Id,
  event: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: IsoDateTime,
  lastAttemptAt: IsoDateTime.nullable(),
  deliveredAt: IsoDateTime.nullable(),
  payload: z.unknown(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
