// Satisfaction surveys: their definition (sections of questions, each text in Spanish and English), how they are
// sent (public link, email, WhatsApp, the website chat, by themselves after a resolved conversation), the answers and
// the results; follow-up tasks that unhappy answers create.
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

/** A text in both languages; one of them may be empty (the other is shown). */
export const LocalText = z
  .strictObject({ es: z.string().trim().max(2_000), en: z.string().trim().max(2_000) })
  .refine((t) => t.es.length > 0 || t.en.length > 0, 'field.required');
const OptionalLocalText = z.strictObject({ es: z.string().trim().max(4_000), en: z.string().trim().max(4_000) });
export type LocalText = z.infer<typeof LocalText>;

export const QuestionType = z.enum([
  'csat',
  'nps',
  'ces',
  'likert',
  'single',
  'multiple',
  'short_text',
  'long_text',
  'yes_no',
]);
export type QuestionType = z.infer<typeof QuestionType>;
const Key = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'field.customKey');
export const SurveyOption = z.strictObject({ id: Key, label: LocalText });
export const SurveyQuestion = z
  .strictObject({
    id: Key.describe('Stable key: answers of every version are read by it'),
    type: QuestionType,
    text: LocalText,
    help: OptionalLocalText.optional(),
    required: z.boolean(),
    /** Single and multiple choice: the options; Likert: the points of the scale in order (1, 2, …). */
    options: z.array(SurveyOption).max(20).optional(),
  })
  .superRefine((q, ctx) => {
    const needs = q.type === 'single' || q.type === 'multiple' ? 2 : q.type === 'likert' ? 2 : 0;
    if ((q.options?.length ?? 0) < needs)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'field.twoOptions' });
    const ids = (q.options ?? []).map((o) => o.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'field.duplicateKey' });
  });
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;
export const SurveySection = z.strictObject({
  title: OptionalLocalText,
  questions: z.array(SurveyQuestion).min(1).max(40),
});
export const SurveyDefinition = z
  .strictObject({
    title: LocalText,
    intro: OptionalLocalText,
    thanks: OptionalLocalText,
    sections: z.array(SurveySection).min(1).max(20),
  })
  .superRefine((d, ctx) => {
    const ids = d.sections.flatMap((s) => s.questions.map((q) => q.id));
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'field.duplicateKey' });
  });
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

export const SurveyStatus = z.enum(['draft', 'active', 'closed']);
export const FollowUpThresholds = z.strictObject({
  csat: z
    .number()
    .int()
    .min(0)
    .max(5)
    .nullable()
    .describe('An answer at or below this (1–5) is a detractor; null: never'),
  nps: z.number().int().min(-1).max(10).nullable(),
  ces: z.number().int().min(0).max(7).nullable(),
});
export const SurveyTemplate = z.enum([
  'post_conversation_csat',
  'nps_active',
  'churn',
  'client_questionnaire',
  'provider_questionnaire',
]);
export type SurveyTemplate = z.infer<typeof SurveyTemplate>;

export const SurveyWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  status: SurveyStatus.optional(),
  anonymous: z.boolean().optional().describe('Answers are kept without the contact'),
  definition: SurveyDefinition,
  afterResolution: z.boolean().optional().describe('Sent by itself when a conversation is resolved'),
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional()
    .describe('Wait after the resolution (default 60)'),
  frequencyDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .describe('At most one invitation per contact in this many days (default 30)'),
  invitationDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .optional()
    .describe('An invitation link works for this many days (default 14)'),
  followUp: FollowUpThresholds.optional(),
  whatsappTemplateId: Id.nullable()
    .optional()
    .describe('Approved template with one parameter (the link), used outside the 24-hour window'),
});
export const SurveyUpdate = SurveyWrite.partial();
export const SurveyFromTemplate = z.strictObject({
  template: SurveyTemplate,
  name: z.string().trim().min(1).max(120).optional(),
});

export const Survey = z.object({
  id: Id,
  name: z.string(),
  template: z.string().nullable(),
  status: SurveyStatus,
  anonymous: z.boolean(),
  version: z.number(),
  definition: SurveyDefinition,
  publicUrl: z.string().describe('Anyone with this address may answer'),
  afterResolution: z.boolean(),
  delayMinutes: z.number(),
  frequencyDays: z.number(),
  invitationDays: z.number(),
  followUp: FollowUpThresholds,
  whatsappTemplateId: Id.nullable(),
  invitations: z.number(),
  responses: z.number(),
  updatedAt: IsoDateTime,
});
export type Survey = z.infer<typeof Survey>;

export const SurveySend = z
  .strictObject({
    channel: z.enum(['email', 'whatsapp']),
    contactIds: z.array(Id).max(1_000).optional(),
    segmentId: Id.optional(),
    whatsappTemplateId: Id.optional().describe(
      'Approved template with one parameter (the link), for customers outside the 24-hour window',
    ),
  })
  .refine((s) => (s.contactIds?.length ?? 0) > 0 || s.segmentId, { path: ['contactIds'], message: 'field.required' });
export const SurveySendResult = z.object({
  queued: z.number(),
  skipped: z.array(
    z.object({
      contactId: Id,
      name: z.string(),
      reason: z.enum([
        'no_email',
        'email_bounced',
        'unsubscribed',
        'no_whatsapp',
        'recently_invited',
        'blocked',
        'no_inbox',
      ]),
    }),
  ),
});
export const SurveyInvitation = z.object({
  id: Id,
  contact: z.object({ id: Id, name: z.string() }).nullable(),
  conversationId: Id.nullable(),
  channel: z.string(),
  status: z.enum(['scheduled', 'sent', 'failed', 'answered', 'skipped']),
  sendAt: IsoDateTime,
  sentAt: IsoDateTime.nullable(),
  answeredAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime,
  error: z.string().nullable(),
});
export const SurveyInvitationPage = z.object({ items: z.array(SurveyInvitation), total: z.number() });
export const SurveyLink = z.object({ url: z.string(), expiresAt: IsoDateTime });
export const SurveyLinkRequest = z.strictObject({ contactId: Id.optional(), conversationId: Id.optional() });

/** An answer as a respondent sends it: a number for scales, an option key, several for multiple choice, or text. */
export const SurveyAnswerValue = z.union([
  z.number(),
  z.string().max(5_000),
  z.array(z.string().max(40)).max(20),
  z.boolean(),
]);
export const SurveySubmission = z.strictObject({
  answers: z.record(z.string().max(40), SurveyAnswerValue),
  language: z.enum(['es', 'en']).optional(),
});
export const SurveyPublicForm = z.object({
  title: z.string(),
  intro: z.string(),
  language: z.enum(['es', 'en']),
  anonymous: z.boolean(),
  sections: z.array(
    z.object({
      title: z.string(),
      questions: z.array(
        z.object({
          id: z.string(),
          type: QuestionType,
          text: z.string(),
          help: z.string(),
          required: z.boolean(),
          options: z.array(z.object({ id: z.string(), label: z.string() })),
        }),
      ),
    }),
  ),
});
export const SurveySubmitted = z.object({ ok: z.literal(true), thanks: z.string() });

export const ResultsQuery = z.strictObject({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  channel: z.string().max(20).optional(),
  agentId: Id.optional(),
  segmentId: Id.optional(),
  by: z.enum(['channel', 'agent', 'segment', 'month']).optional().describe('Cross-tab the scores by this'),
});
const Score = z.object({ answers: z.number(), value: z.number().nullable() });
export const ScoreSet = z.object({
  csat: Score.describe('Share (0–100) of 4 and 5 among CSAT answers'),
  nps: Score.extend({ promoters: z.number(), passives: z.number(), detractors: z.number() }).describe(
    'Promoters minus detractors, -100 to 100',
  ),
  ces: Score.extend({ easyShare: z.number().nullable() }).describe('Mean of 1–7; easyShare: percent of 5 to 7'),
});
export const QuestionResult = z.object({
  id: z.string(),
  type: QuestionType,
  text: z.string(),
  section: z.string(),
  answers: z.number(),
  rows: z.array(z.object({ key: z.string(), label: z.string(), count: z.number(), percent: z.number() })),
  mean: z.number().nullable(),
  /** Text questions: the latest answers with who wrote them. */
  texts: z.array(
    z.object({
      text: z.string(),
      contact: z.object({ id: Id, name: z.string() }).nullable(),
      submittedAt: IsoDateTime,
    }),
  ),
  /** Earlier versions asked this question in other words. */
  changed: z.boolean(),
});
export const SurveyResults = z.object({
  survey: z.object({ id: Id, name: z.string(), version: z.number() }),
  from: IsoDateTime,
  to: IsoDateTime,
  invitations: z.number(),
  responses: z.number(),
  responseRate: z.number().nullable().describe('Percent of invitations sent that were answered'),
  scores: ScoreSet,
  questions: z.array(QuestionResult),
  crossTab: z.array(z.object({ key: z.string(), label: z.string(), responses: z.number(), scores: ScoreSet })),
  detractors: z.number(),
});
export type SurveyResults = z.infer<typeof SurveyResults>;

export const TaskKind = z.enum(['task', 'call', 'meeting', 'email']);
export const Task = z.object({
  id: Id,
  kind: TaskKind,
  title: z.string(),
  body: z.string(),
  status: z.enum(['open', 'done']),
  dueAt: IsoDateTime.nullable(),
  contact: z.object({ id: Id, name: z.string() }).nullable(),
  assignee: z.object({ id: Id, name: z.string() }).nullable(),
  deal: z.object({ id: Id, title: z.string() }).nullable(),
  source: z.object({ type: z.string(), id: Id }).nullable(),
  createdAt: IsoDateTime,
  doneAt: IsoDateTime.nullable(),
});
export type Task = z.infer<typeof Task>;
export const TaskWrite = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().max(5_000).optional(),
  contactId: Id.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  dueAt: z.string().datetime({ offset: true }).nullable().optional(),
  /** An activity of a deal (its contact, unless given, is the deal's). */
  dealId: Id.nullable().optional(),
  kind: TaskKind.optional(),
});
export const TaskUpdate = TaskWrite.partial().extend({ status: z.enum(['open', 'done']).optional() });
export const TaskListQuery = z.strictObject({
  contactId: Id.optional(),
  dealId: Id.optional(),
  assigneeId: z.union([Id, z.literal('me')]).optional(),
  status: z.enum(['open', 'done']).optional(),
});
