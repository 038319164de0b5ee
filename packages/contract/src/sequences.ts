// Follow-up sequences: after a sale, a delivery, a resolved incident or a customer leaving (win-back), or for contacts
// enrolled by hand, steps a number of days later: a task for the owner (a call on day 3, a check-in on day 30), a
// message in the customer's preferred channel, or a survey (day 45).
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

const Text = (max = 200) => z.string().trim().max(max);

export const SequenceTrigger = z.enum([
  'deal_won',
  'project_delivered',
  'incident_resolved',
  'customer_lost',
  'manual',
]);
export type SequenceTrigger = z.infer<typeof SequenceTrigger>;
export const SequenceAction = z.enum(['task', 'message', 'survey']);

export const SequenceStep = z.object({
  id: Id,
  /** Days after the start (0: the same day). */
  delayDays: z.number().int(),
  action: SequenceAction,
  /** The task's title, or the message's subject line in email. */
  title: z.string(),
  /** The message; {{name}} is the contact's first name, {{company}} your company. */
  body: z.string(),
  taskKind: z.enum(['task', 'call', 'meeting', 'email']),
  /** preferred: the contact's first preferred channel that can reach them. */
  channel: z.enum(['preferred', 'email', 'whatsapp']),
  surveyId: Id.nullable(),
  /** Outside WhatsApp's 24-hour window, an approved template with one parameter (the contact's name). */
  whatsappTemplateId: Id.nullable(),
});
export type SequenceStep = z.infer<typeof SequenceStep>;
export const SequenceStepWrite = z
  .strictObject({
    id: Id.optional(),
    delayDays: z.number().int().min(0).max(3_650),
    action: SequenceAction,
    title: Text(200).default(''),
    body: Text(4_000).default(''),
    taskKind: z.enum(['task', 'call', 'meeting', 'email']).default('task'),
    channel: z.enum(['preferred', 'email', 'whatsapp']).default('preferred'),
    surveyId: Id.nullable().optional(),
    whatsappTemplateId: Id.nullable().optional(),
  })
  .refine((s) => s.action !== 'task' || s.title.length > 0, { message: 'field.required', path: ['title'] })
  .refine((s) => s.action !== 'message' || s.body.length > 0, { message: 'field.required', path: ['body'] })
  .refine((s) => s.action !== 'survey' || Boolean(s.surveyId), { message: 'field.required', path: ['surveyId'] });

export const Sequence = z.object({
  id: Id,
  name: z.string(),
  trigger: SequenceTrigger,
  enabled: z.boolean(),
  steps: z.array(SequenceStep),
  active: z.number().int().describe('Enrollments still running'),
  completed: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Sequence = z.infer<typeof Sequence>;
export const SequenceWrite = z.strictObject({
  name: Text(120).min(1),
  trigger: SequenceTrigger,
  enabled: z.boolean().default(true),
  steps: z.array(SequenceStepWrite).min(1).max(30),
});
export const SequenceUpdate = z.strictObject({
  name: Text(120).min(1).optional(),
  enabled: z.boolean().optional(),
  steps: z.array(SequenceStepWrite).min(1).max(30).optional(),
});

export const Enrollment = z.object({
  id: Id,
  sequenceId: Id,
  sequence: z.string(),
  contact: z.object({ id: Id, name: z.string() }),
  source: z.object({ type: z.string(), id: Id }),
  status: z.enum(['active', 'done', 'stopped']),
  startedAt: IsoDateTime,
  actions: z.array(
    z.object({
      stepId: Id,
      position: z.number().int(),
      dueAt: IsoDateTime,
      status: z.enum(['pending', 'running', 'done', 'skipped', 'failed']),
      result: z.string().nullable(),
    }),
  ),
});
export type Enrollment = z.infer<typeof Enrollment>;
export const EnrollRequest = z
  .strictObject({ contactIds: z.array(Id).max(1_000).optional(), segmentId: Id.optional() })
  .refine((r) => Boolean(r.contactIds?.length) !== Boolean(r.segmentId), 'field.contactsOrSegment');
