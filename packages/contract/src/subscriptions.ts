// Subscriptions and renewals: what each customer pays for by the month or the year, when it renews, a reminder to
// its owner before that, each renewal or non-renewal with its reason, and churn and retention by month and cohort.
import { z } from 'zod';
import { addMonths } from './calendar.js';
import { Id, IsoDateTime } from './common.js';

const Money = z.number().min(0).max(1e11).multipleOf(0.01, 'field.cents');
const Day = z.string().date();
const Text = (max = 200) => z.string().trim().max(max);

export const SubscriptionInterval = z.enum(['monthly', 'yearly']);
export type SubscriptionInterval = z.infer<typeof SubscriptionInterval>;
export const SubscriptionStatus = z.enum(['active', 'ended']);

/** The renewal date `times` intervals after `day`; the 31st of January renews monthly on the last day of February. */
export function addInterval(day: string, interval: SubscriptionInterval, times = 1): string {
  return addMonths(day, (interval === 'yearly' ? 12 : 1) * times);
}

export const SubscriptionEvent = z.object({
  id: Id,
  kind: z.enum(['started', 'renewed', 'not_renewed', 'changed']),
  /** The renewal date the event was about (renewed, not renewed). */
  periodEnd: z.string().nullable(),
  /** After a renewal: the next renewal date. */
  renewsOn: z.string().nullable(),
  price: z.number().nullable(),
  plan: z.string().nullable(),
  reason: z.string().nullable(),
  by: z.string().nullable(),
  at: IsoDateTime,
});
export type SubscriptionEvent = z.infer<typeof SubscriptionEvent>;

export const Subscription = z.object({
  id: Id,
  plan: z.string(),
  price: z.number().describe('Per interval, before tax'),
  currency: z.string(),
  interval: SubscriptionInterval,
  /** The price as a monthly amount (a yearly price over 12), for recurring revenue. */
  monthlyValue: z.number(),
  startedOn: z.string(),
  renewsOn: z.string().describe('The next renewal date (workspace calendar)'),
  remindDaysBefore: z.number().int(),
  status: SubscriptionStatus,
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  /** Days from today to renewsOn (negative: overdue, neither renewed nor ended). Null once ended. */
  daysToRenewal: z.number().int().nullable(),
  contact: z.object({ id: Id, name: z.string() }),
  company: z.object({ id: Id, name: z.string() }).nullable(),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  dealId: Id.nullable(),
  notes: z.string(),
  version: z.number().int(),
  events: z.array(SubscriptionEvent).describe('Only on a single subscription; empty in lists'),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionWrite = z.strictObject({
  contactId: Id,
  companyId: Id.nullable().optional(),
  plan: Text(120).min(1),
  price: Money,
  currency: z.string().length(3).toUpperCase().default('MXN'),
  interval: SubscriptionInterval.default('yearly'),
  startedOn: Day,
  /** Defaults to one interval after the start. */
  renewsOn: Day.optional(),
  remindDaysBefore: z.number().int().min(0).max(180).default(30),
  ownerId: Id.nullable().optional(),
  dealId: Id.nullable().optional(),
  notes: Text(4_000).default(''),
});
export const SubscriptionUpdate = z.strictObject({
  version: z.number().int().min(0),
  plan: Text(120).min(1).optional(),
  price: Money.optional(),
  interval: SubscriptionInterval.optional(),
  renewsOn: Day.optional(),
  remindDaysBefore: z.number().int().min(0).max(180).optional(),
  ownerId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  notes: Text(4_000).optional(),
});
export const SubscriptionRenew = z.strictObject({
  version: z.number().int().min(0),
  /** A new price or plan from this renewal on; the same when left out. */
  price: Money.optional(),
  plan: Text(120).min(1).optional(),
  interval: SubscriptionInterval.optional(),
});
export const SubscriptionEnd = z.strictObject({
  version: z.number().int().min(0),
  reason: Text(500).min(1, 'field.required'),
  /** Defaults to the renewal date that was not renewed (or today, when that is past). */
  endedOn: Day.optional(),
  /** The contact becomes a former customer (win-back sequences start) when no other subscription of theirs is active. */
  markContactFormer: z.boolean().default(true),
});
export const SubscriptionQuery = z.strictObject({
  status: SubscriptionStatus.optional(),
  contactId: Id.optional(),
  companyId: Id.optional(),
  /** Active ones renewing within this many days (overdue ones included). */
  renewingWithinDays: z.coerce.number().int().min(0).max(3_650).optional(),
  q: Text(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const RetentionReport = z.object({
  months: z.array(
    z.object({
      month: z.string().describe('YYYY-MM'),
      activeAtStart: z.number().int(),
      started: z.number().int(),
      renewed: z.number().int(),
      ended: z.number().int(),
      /** Ended in the month over active at its start, in percent. */
      churnRate: z.number().nullable(),
      /** Renewals due in the month that were renewed, over those decided (renewed + ended). */
      renewalRate: z.number().nullable(),
      recurringAtStart: z.number().describe('Monthly recurring revenue at the start of the month'),
      recurringLost: z.number(),
      sameMonthLastYear: z.object({ ended: z.number().int(), churnRate: z.number().nullable() }),
    }),
  ),
  cohorts: z.array(
    z.object({
      cohort: z.string().describe('Month the subscriptions started, YYYY-MM'),
      size: z.number().int(),
      /** Percent still active at the end of month 0, 1, 2… after the start (as far as months have passed). */
      retained: z.array(z.number()),
    }),
  ),
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  active: z.number().int(),
  recurring: z.number().describe('Monthly recurring revenue now'),
  renewingIn30Days: z.number().int(),
  overdue: z.number().int(),
});
export type RetentionReport = z.infer<typeof RetentionReport>;
