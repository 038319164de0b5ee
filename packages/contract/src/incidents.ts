// Incidents (each problem a customer reports), problems (the recurring causes behind several) and their analysis.
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';
import { Channel } from './conversations.js';

export const IncidentChannel = z.enum([...Channel.options, 'other']);
export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;
/** Whose fault it was: our customer service, our product or programming, the customer's own error, a third party, or not known yet. */
export const RootCause = z.enum(['service', 'product', 'customer_error', 'third_party', 'unknown']);
export type RootCause = z.infer<typeof RootCause>;
export const IncidentStatus = z.enum(['open', 'resolved']);
/** 1 hostile, 2 upset, 3 neutral, 4 satisfied, 5 delighted. */
export const Attitude = z.number().int().min(1).max(5);
export const ProblemStatus = z.enum(['investigating', 'fix_in_progress', 'solved']);
export const EscalationStatus = z.enum(['none', 'escalated', 'accepted', 'fixed', 'wont_fix']);

const Text = (max: number) => z.string().trim().max(max);

export const IncidentCategoryWrite = z.strictObject({
  name: Text(80).min(1),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const IncidentCategory = z.object({ id: Id, name: z.string(), position: z.number(), incidents: z.number() });

export const IncidentStep = z.object({
  text: z.string(),
  at: IsoDateTime,
  by: z.string().nullable().describe('Name of who did it'),
});

export const IncidentWrite = z.strictObject({
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional().describe("Defaults to the contact's first company"),
  conversationId: Id.nullable().optional(),
  reportedAt: IsoDateTime.optional().describe('Defaults to now, or to the start of the conversation'),
  channel: IncidentChannel.optional().describe("Defaults to the conversation's channel"),
  customerWords: Text(10_000).optional().describe('The problem as the customer told it'),
  summary: Text(500).min(1).describe("The agent's summary"),
  area: Text(120).optional().describe('Product or service area'),
  categoryId: Id.nullable().optional(),
  severity: Severity.optional(),
  rootCause: RootCause.optional(),
  rootCauseNotes: Text(4_000).optional(),
  attitudeBefore: Attitude.nullable().optional(),
  attitudeBeforeNotes: Text(1_000).optional(),
  attitudeAfter: Attitude.nullable().optional(),
  attitudeAfterNotes: Text(1_000).optional(),
  assigneeId: Id.nullable().optional(),
  articleId: Id.nullable().optional().describe('The knowledge article used or written for it'),
  problemId: Id.nullable().optional(),
  timeSpentMinutes: z.number().int().min(0).max(100_000).optional(),
});
export const IncidentUpdate = IncidentWrite.omit({ conversationId: true })
  .partial()
  .extend({
    status: IncidentStatus.optional().describe('resolved stamps the resolution time; open again clears it'),
    resolvedAt: IsoDateTime.optional().describe('When it was solved, if not now'),
  });
export const IncidentStepWrite = z.strictObject({ text: Text(2_000).min(1) });

export const Incident = z.object({
  id: Id,
  number: z.number(),
  contact: z.object({ id: Id, name: z.string() }).nullable(),
  company: z.object({ id: Id, name: z.string() }).nullable(),
  conversationId: Id.nullable(),
  reportedAt: IsoDateTime,
  channel: IncidentChannel,
  customerWords: z.string(),
  summary: z.string(),
  area: z.string(),
  category: z.object({ id: Id, name: z.string() }).nullable(),
  severity: Severity,
  rootCause: RootCause,
  rootCauseNotes: z.string(),
  attitudeBefore: z.number().nullable(),
  attitudeBeforeNotes: z.string(),
  attitudeAfter: z.number().nullable(),
  attitudeAfterNotes: z.string(),
  assignee: z.object({ id: Id, name: z.string() }).nullable(),
  steps: z.array(IncidentStep),
  article: z.object({ id: Id, title: z.string() }).nullable(),
  problem: z.object({ id: Id, number: z.number(), title: z.string(), status: ProblemStatus }).nullable(),
  status: IncidentStatus,
  resolvedAt: IsoDateTime.nullable(),
  resolutionMinutes: z.number().nullable().describe('From report to resolution, calendar time'),
  resolutionBusinessMinutes: z
    .number()
    .nullable()
    .describe("From report to resolution, counting only the workspace's business hours"),
  timeSpentMinutes: z.number(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Incident = z.infer<typeof Incident>;

export const IncidentListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: IncidentStatus.optional(),
  rootCause: RootCause.optional(),
  severity: Severity.optional(),
  categoryId: Id.optional(),
  problemId: Id.optional(),
  contactId: Id.optional(),
  companyId: Id.optional(),
  conversationId: Id.optional(),
  unlinked: z.enum(['true', 'false']).optional().describe('true: only incidents not linked to a problem'),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const IncidentPage = z.object({
  items: z.array(Incident),
  nextCursor: z.string().nullable(),
  total: z.number(),
});
export type IncidentPage = z.infer<typeof IncidentPage>;

export const ProblemWrite = z.strictObject({
  title: Text(200).min(1),
  description: Text(10_000).optional(),
  ownerId: Id.nullable().optional(),
  correctiveAction: Text(10_000).optional(),
  verification: Text(10_000).optional(),
  escalationStatus: EscalationStatus.optional(),
  escalationReference: Text(500)
    .nullable()
    .optional()
    .describe("The defect's id or address in the product team's tracker"),
  incidentIds: z.array(Id).max(500).optional().describe('Incidents to link on creation'),
});
export const ProblemUpdate = ProblemWrite.omit({ incidentIds: true })
  .partial()
  .extend({ status: ProblemStatus.optional() });
export const ProblemLink = z.strictObject({ incidentIds: z.array(Id).min(1).max(500) });
export const Problem = z.object({
  id: Id,
  number: z.number(),
  title: z.string(),
  description: z.string(),
  status: ProblemStatus,
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  correctiveAction: z.string(),
  verification: z.string(),
  escalationStatus: EscalationStatus,
  escalationReference: z.string().nullable(),
  incidents: z.number(),
  openIncidents: z.number(),
  customers: z.number().describe('Distinct contacts among the linked incidents'),
  solvedAt: IsoDateTime.nullable(),
  customersNotifiedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Problem = z.infer<typeof Problem>;
export const ProblemNotify = z.strictObject({
  message: Text(4_000).min(1).describe('Sent to each linked customer on the channel they reported it through'),
});
export const ProblemNotified = z.object({
  notified: z.number(),
  skipped: z.array(z.object({ incidentNumber: z.number(), reason: z.string() })),
});

export const AnalysisQuery = z.strictObject({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });
const ParetoRow = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number(),
  minutes: z.number(),
  cumulativeShare: z.number().describe('Share of all incidents up to this row, 0..1, by count'),
});
export const IncidentAnalysis = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  total: z.number(),
  byCategory: z.array(ParetoRow),
  byRootCause: z.array(ParetoRow),
  weekly: z.array(
    z.object({
      week: z.string().describe('Monday of the week, YYYY-MM-DD in the workspace time zone'),
      count: z.number(),
      service: z.number(),
      product: z.number(),
      customer_error: z.number(),
      third_party: z.number(),
      unknown: z.number(),
    }),
  ),
  thisMonthVsLast: z.object({
    month: z.string().describe('YYYY-MM in the workspace time zone'),
    problems: z
      .array(z.object({ key: z.string(), label: z.string(), thisMonth: z.number(), lastMonth: z.number() }))
      .describe('Problems with the most incidents reported this month'),
    categories: z.array(z.object({ key: z.string(), label: z.string(), thisMonth: z.number(), lastMonth: z.number() })),
  }),
  attitude: z.object({
    rated: z.number(),
    before: z.number().nullable(),
    after: z.number().nullable(),
    improved: z.number(),
    worsened: z.number(),
  }),
  resolution: z.object({
    resolved: z.number(),
    medianMinutes: z.number().nullable(),
    medianBusinessMinutes: z.number().nullable(),
  }),
});
export const GroupingSuggestion = z.object({
  incidents: z.array(z.object({ id: Id, number: z.number(), summary: z.string() })),
  sharedWords: z.array(z.string()).describe('Why they were grouped: the words their summaries share'),
  similarity: z.number().describe('Average similarity of the group, 0..1'),
  problem: z
    .object({ id: Id, number: z.number(), title: z.string() })
    .nullable()
    .describe('An existing open problem that already holds incidents like these'),
});
export const GroupingSuggestions = z.array(GroupingSuggestion);
export type IncidentAnalysis = z.infer<typeof IncidentAnalysis>;
export type GroupingSuggestion = z.infer<typeof GroupingSuggestion>;
export type IncidentCategory = z.infer<typeof IncidentCategory>;
