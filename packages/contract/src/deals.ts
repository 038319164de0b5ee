// The sales pipeline: pipelines with ordered stages (open, won or lost), deals with a value in a currency (MXN by
// default, IVA shown as an amount), owner, expected close, probability, lead source and lost reason; the Kanban board
// and the list; every change of a deal names the version it was made on, so an edit over another's is refused.
import { z } from 'zod';
import { Id, IsoDateTime, Percent } from './common.js';

const Text = (max = 200) => z.string().trim().max(max);
const Ref = z.object({ id: Id, name: z.string() });

export const StageKind = z.enum(['open', 'won', 'lost']);
export type StageKind = z.infer<typeof StageKind>;
export const Stage = z.object({
  id: Id,
  name: z.string(),
  kind: StageKind,
  probability: z.number().int().min(0).max(100),
  position: z.number().int(),
});
export type Stage = z.infer<typeof Stage>;
export const Pipeline = z.object({
  id: Id,
  name: z.string(),
  position: z.number().int(),
  stages: z.array(Stage),
  createdAt: IsoDateTime,
});
export type Pipeline = z.infer<typeof Pipeline>;

export const StageWrite = z.strictObject({
  /** An existing stage keeps its deals; a new one has no id. */
  id: Id.optional(),
  name: Text(80).min(1),
  kind: StageKind.default('open'),
  probability: z.number().int().min(0).max(100),
});
export const PipelineWrite = z.strictObject({
  name: Text(80).min(1),
  stages: z
    .array(StageWrite)
    .min(2)
    .max(20)
    .refine(
      (stages) => stages.some((s) => s.kind === 'won') && stages.some((s) => s.kind === 'lost'),
      'field.pipelineNeedsWonAndLost',
    ),
});
export type PipelineWrite = z.infer<typeof PipelineWrite>;

/** Where a lead came from. */
export const LeadSource = z.enum(['manual', 'web_form', 'widget', 'conversation', 'import', 'event', 'referral']);
export type LeadSource = z.infer<typeof LeadSource>;
export const DealStatus = z.enum(['open', 'won', 'lost']);
export type DealStatus = z.infer<typeof DealStatus>;
const Money = z.number().min(0).max(1e11).multipleOf(0.01, 'field.cents');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'field.currency');

export const Deal = z.object({
  id: Id,
  title: z.string(),
  pipelineId: Id,
  stageId: Id,
  status: DealStatus,
  /** Before tax, in the deal's currency. */
  value: z.number(),
  currency: z.string(),
  /** IVA rate in percent (16 by default in Mexico) and the tax it adds. */
  taxRate: z.number(),
  taxAmount: z.number(),
  /** The stage's probability unless the deal sets its own. */
  probability: z.number().int(),
  contact: Ref.nullable(),
  company: Ref.nullable(),
  owner: Ref.nullable(),
  expectedCloseDate: z.string().nullable(),
  source: LeadSource,
  sourceDetail: z.string().nullable(),
  lostReason: z.string().nullable(),
  notes: z.string(),
  wonAt: IsoDateTime.nullable(),
  lostAt: IsoDateTime.nullable(),
  /** Raised by every change; send it back with the next one. */
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Deal = z.infer<typeof Deal>;

export const DealWrite = z.strictObject({
  title: Text(200).min(1),
  pipelineId: Id,
  /** The pipeline's first stage when left out. */
  stageId: Id.optional(),
  value: Money.default(0),
  currency: Currency.default('MXN'),
  taxRate: Percent.default(16),
  probability: z.number().int().min(0).max(100).nullable().optional(),
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
  expectedCloseDate: z.string().date().nullable().optional(),
  source: LeadSource.default('manual'),
  sourceDetail: Text(200).nullable().optional(),
  notes: Text(10_000).optional(),
});
export type DealWrite = z.infer<typeof DealWrite>;
export const DealUpdate = z.strictObject({
  version: z.number().int().min(0),
  title: Text(200).min(1).optional(),
  stageId: Id.optional(),
  value: Money.optional(),
  currency: Currency.optional(),
  taxRate: Percent.optional(),
  probability: z.number().int().min(0).max(100).nullable().optional(),
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
  expectedCloseDate: z.string().date().nullable().optional(),
  source: LeadSource.optional(),
  sourceDetail: Text(200).nullable().optional(),
  lostReason: Text(500).nullable().optional(),
  notes: Text(10_000).optional(),
});
export type DealUpdate = z.infer<typeof DealUpdate>;
/** A card dragged on the board: to a stage, before another card (at the end when left out). */
export const DealMove = z.strictObject({
  version: z.number().int().min(0),
  stageId: Id,
  beforeId: Id.nullable().optional(),
  /** Needed when the stage is a lost one. */
  lostReason: Text(500).optional(),
});

export const DealCard = Deal.pick({
  id: true,
  title: true,
  stageId: true,
  status: true,
  value: true,
  currency: true,
  probability: true,
  contact: true,
  company: true,
  owner: true,
  expectedCloseDate: true,
  version: true,
  updatedAt: true,
});
export type DealCard = z.infer<typeof DealCard>;
export const Board = z.object({
  pipeline: Pipeline,
  columns: z.array(
    z.object({
      stageId: Id,
      /** Deals in the stage (with the filters), their value and the value weighted by probability. */
      count: z.number().int(),
      value: z.number(),
      weighted: z.number(),
      /** The first cards in board order; the rest through GET /api/deals?stageId=…&offset=…. */
      deals: z.array(DealCard),
    }),
  ),
});
export type Board = z.infer<typeof Board>;
export const BoardQuery = z.strictObject({
  ownerId: z.union([Id, z.literal('me')]).optional(),
  q: Text(100).optional(),
  perStage: z.coerce.number().int().min(1).max(200).default(50),
});
export const DealListQuery = z.strictObject({
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  status: DealStatus.optional(),
  ownerId: z.union([Id, z.literal('me')]).optional(),
  contactId: Id.optional(),
  companyId: Id.optional(),
  q: Text(100).optional(),
  sort: z.enum(['board', 'updated', 'value', 'close']).default('updated'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const DealPage = z.object({ items: z.array(DealCard), total: z.number().int() });
export type DealPage = z.infer<typeof DealPage>;

/** How a pipeline converts, for the deals created in a period. */
export const PipelineReport = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  created: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  /** Won of those closed (won or lost), percent. */
  winRate: z.number().nullable(),
  wonValue: z.number(),
  /** Per open stage and the won one: how many of the period's deals got that far, and the share of those created. */
  funnel: z.array(
    z.object({
      stageId: Id,
      name: z.string(),
      reached: z.number().int(),
      share: z.number().nullable(),
      fromPrevious: z.number().nullable(),
    }),
  ),
  bySource: z.array(
    z.object({
      source: LeadSource,
      created: z.number().int(),
      won: z.number().int(),
      lost: z.number().int(),
      winRate: z.number().nullable(),
      wonValue: z.number(),
    }),
  ),
  /** Days from created to won. */
  cycleDays: z.object({ median: z.number().nullable(), p90: z.number().nullable(), deals: z.number().int() }),
  /** Deals won per month (the last twelve up to `to`) against the same month a year before. */
  wonByMonth: z.array(
    z.object({ month: z.string(), won: z.number().int(), value: z.number(), sameMonthLastYear: z.number().int() }),
  ),
  lostReasons: z.array(z.object({ reason: z.string(), deals: z.number().int() })),
});
export type PipelineReport = z.infer<typeof PipelineReport>;
export const PipelineReportQuery = z.strictObject({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

/** A web form the company embeds on its site; every submission opens a deal. */
export const LeadForm = z.object({
  id: Id,
  name: z.string(),
  pipelineId: Id,
  enabled: z.boolean(),
  submissions: z.number().int(),
  url: z.string(),
  embed: z.string(),
  createdAt: IsoDateTime,
});
export type LeadForm = z.infer<typeof LeadForm>;
export const LeadFormWrite = z.strictObject({
  name: Text(120).min(1),
  pipelineId: Id,
  enabled: z.boolean().optional(),
});
export const LeadFormUpdate = LeadFormWrite.partial();
/** What a visitor sends through a lead form. */
export const LeadSubmission = z.strictObject({
  name: Text(120).min(1, 'field.required'),
  email: z.string().trim().toLowerCase().pipe(z.email('field.invalidEmail').max(254)),
  phone: Text(40).optional(),
  company: Text(200).optional(),
  message: Text(4_000).optional(),
  language: z.enum(['es', 'en']).optional(),
});
export type LeadSubmission = z.infer<typeof LeadSubmission>;
export const LeadSubmitted = z.object({ ok: z.literal(true) });
