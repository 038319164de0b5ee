// Service standards (seed 002): first response, first-contact resolution, instant service and waiting, resolution,
// reopening, successful customers and complaints, customer effort, handle time, backlog, outliers; their targets per
// channel, the dashboard that shows them for a period, and the conversations behind each figure.
import { z } from 'zod';
import { Channel } from './conversations.js';
import { Id, IsoDateTime, Measure } from './common.js';

export const StandardKey = z.enum([
  'first_response',
  'first_response_p90',
  'first_response_business',
  'first_contact_resolution',
  'instant_service',
  'waiting_time',
  'resolution',
  'reopen_rate',
  'successful_customer',
  'complaints_per_1000',
  'transfers_per_conversation',
  'abandoned_rate',
  'ces',
  'handle_time',
  'minutes_per_matter',
  'csat',
  'nps',
  'backlog',
]);
export type StandardKey = z.infer<typeof StandardKey>;
/** Standards with a target people set; the others are shown without one. */
export const TargetStandard = z.enum([
  'first_response',
  'first_contact_resolution',
  'instant_service',
  'resolution',
  'reopen_rate',
  'successful_customer',
  'complaints_per_1000',
  'transfers_per_conversation',
  'abandoned_rate',
  'ces',
  'handle_time',
  'csat',
  'nps',
]);
export type TargetStandard = z.infer<typeof TargetStandard>;
export const StandardUnit = z.enum(['minutes', 'percent', 'per_thousand', 'ratio', 'score', 'count']);

export const ServiceTarget = z.strictObject({
  standard: TargetStandard,
  channel: z.union([Channel, z.literal('')]).describe("'' for every channel"),
  target: Measure,
});
export type ServiceTarget = z.infer<typeof ServiceTarget>;
export const ServiceTargets = z.array(ServiceTarget).max(200);

export const DashboardQuery = z.strictObject({
  from: z.string().datetime({ offset: true }).optional().describe('Default: 30 days before `to`'),
  to: z.string().datetime({ offset: true }).optional().describe('Default: now'),
  channel: Channel.optional(),
  teamId: Id.optional(),
  agentId: Id.optional(),
});

export const Standard = z.object({
  key: StandardKey,
  unit: StandardUnit,
  value: z.number().nullable(),
  previous: z.number().nullable().describe('The same standard over the period of equal length just before'),
  target: z.number().nullable(),
  /** Lower is better (times, reopenings, complaints, transfers, abandonment). */
  lowerIsBetter: z.boolean(),
  met: z.boolean().nullable(),
  /** How many conversations (or answers) the value is computed from. */
  basis: z.number(),
  /** Weekly values across the period, for the sparkline. */
  trend: z.array(z.object({ week: z.string(), value: z.number().nullable() })),
});
export type Standard = z.infer<typeof Standard>;

const Breakdown = z.object({
  key: z.string(),
  label: z.string(),
  conversations: z.number(),
  firstResponseMinutes: z.number().nullable(),
  firstResponseP90Minutes: z.number().nullable(),
  firstResponseTargetMinutes: z.number().nullable(),
  instantService: z.number().nullable(),
  firstContactResolution: z.number().nullable(),
  resolutionMinutes: z.number().nullable(),
  reopenRate: z.number().nullable(),
  handleMinutes: z.number().nullable(),
  minutesPerMatter: z.number().nullable(),
  transfersPerConversation: z.number().nullable(),
});
export type Breakdown = z.infer<typeof Breakdown>;

export const Dashboard = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  timeZone: z.string(),
  conversations: z.number(),
  standards: z.array(Standard),
  byChannel: z.array(Breakdown),
  byTeam: z.array(Breakdown),
  byAgent: z.array(Breakdown),
  daily: z.array(z.object({ day: z.string(), incoming: z.number(), resolved: z.number(), backlog: z.number() })),
  backlogAge: z.array(
    z.object({
      key: z.enum(['under_1h', 'under_4h', 'under_1d', 'under_3d', 'under_7d', 'over_7d']),
      count: z.number(),
    }),
  ),
  heatmap: z.array(z.object({ weekday: z.number().describe('0 = Sunday'), hour: z.number(), count: z.number() })),
  newCustomers: z.array(z.object({ month: z.string(), count: z.number(), sameMonthLastYear: z.number() })),
  satisfaction: z.array(
    z.object({
      month: z.string(),
      responses: z.number(),
      csat: z.number().nullable(),
      nps: z.number().nullable(),
      ces: z.number().nullable(),
    }),
  ),
  outliers: z.object({
    conversations: z.array(
      z.object({
        id: Id,
        contactName: z.string(),
        channel: z.string(),
        assignee: z.string().nullable(),
        createdAt: IsoDateTime,
        metric: z.enum(['first_response', 'resolution', 'handle_time']),
        minutes: z.number(),
        usualMinutes: z.number(),
        deviations: z.number(),
      }),
    ),
    agents: z.array(
      z.object({
        id: Id,
        name: z.string(),
        metric: z.enum(['first_response', 'resolution', 'handle_time']),
        minutes: z.number(),
        usualMinutes: z.number(),
        deviations: z.number(),
        conversations: z.number(),
      }),
    ),
  }),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DrillDownQuery = DashboardQuery.extend({
  standard: StandardKey,
  outcome: z
    .enum(['missed', 'met', 'all'])
    .default('missed')
    .describe('missed: the conversations that miss the target (or count against the standard)'),
  offset: z.coerce.number().int().min(0).default(0),
});
export const DrillDown = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: Id,
      contactName: z.string(),
      channel: z.string(),
      assignee: z.string().nullable(),
      createdAt: IsoDateTime,
      resolvedAt: IsoDateTime.nullable(),
      firstResponseMinutes: z.number().nullable(),
      resolutionMinutes: z.number().nullable(),
      handleMinutes: z.number(),
      agentReplies: z.number(),
      transfers: z.number(),
      returned: z.boolean(),
      abandoned: z.boolean(),
    }),
  ),
});
export const AnalyticsSettings = z.strictObject({ weeklySummary: z.boolean() });
