// Customer health: a score from 0 to 100 per active customer, read from recent satisfaction, open incidents, silence,
// the nearest renewal and usage, with each reason and its points shown; and the list of customers at risk.
import { z } from 'zod';
import { Id, IsoDateTime, Quantity } from './common.js';

export const HealthLevel = z.enum(['healthy', 'watch', 'at_risk']);
export type HealthLevel = z.infer<typeof HealthLevel>;
export const HealthReasonCode = z.enum([
  'happy_answer',
  'unhappy_answer',
  'open_incidents',
  'old_incident',
  'recent_contact',
  'silent',
  'renewal_soon',
  'renewal_overdue',
  'usage_drop',
  'usage_stopped',
]);
export type HealthReasonCode = z.infer<typeof HealthReasonCode>;

export const HealthReason = z.object({
  code: HealthReasonCode,
  /** What it adds to or takes from the score. */
  points: z.number().int(),
  /** The number the reason speaks of: days, incidents, percent. */
  value: z.number().nullable(),
});
export type HealthReason = z.infer<typeof HealthReason>;

export const CustomerHealth = z.object({
  contact: z.object({ id: Id, name: z.string() }),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  score: z.number().int(),
  level: HealthLevel,
  reasons: z.array(HealthReason),
  lastContactAt: IsoDateTime.nullable(),
  renewsOn: z.string().nullable(),
});
export type CustomerHealth = z.infer<typeof CustomerHealth>;

export const HealthQuery = z.strictObject({
  /** Customers at or below this score (default: everyone not healthy). */
  maxScore: z.coerce.number().int().min(0).max(100).default(69),
  ownerId: z.string().max(64).optional().describe('"me" for the signed-in person'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const HealthOverview = z.object({
  counts: z.object({ healthy: z.number().int(), watch: z.number().int(), at_risk: z.number().int() }),
  customers: z.array(CustomerHealth),
});
export type HealthOverview = z.infer<typeof HealthOverview>;

export const UsageReadings = z.strictObject({
  readings: z
    .array(z.strictObject({ contactId: Id, day: z.string().date(), quantity: Quantity.min(0).max(1e12) }))
    .min(1)
    .max(1_000)
    .describe('One total per contact and day (invoices stamped, parts ordered…); a day sent again replaces its total'),
});
