// Projects and work orders: what a won deal becomes. Status from quoted to invoiced; tasks scheduled in working days
// on the workspace calendar; time worked with start, pause (a setback, a non-working day), resume and stop; estimate
// against actual; files kept in versions; participants and observers (members and the customer's contacts); a timeline
// that also carries the conversations about the project.
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

const Text = (max = 200) => z.string().trim().max(max);
const Ref = z.object({ id: Id, name: z.string() });
const Day = z.string().date();
const Money = z.number().min(0).max(1e11).multipleOf(0.01, 'field.cents');

export const ProjectKind = z.enum(['project', 'work_order']);
export const ProjectStatus = z.enum(['quoted', 'in_progress', 'delivered', 'invoiced', 'cancelled']);
export type ProjectStatus = z.infer<typeof ProjectStatus>;
export const ProjectTaskStatus = z.enum(['todo', 'doing', 'done']);
export const PauseReason = z.enum(['setback', 'non_working_day', 'other']);
export type PauseReason = z.infer<typeof PauseReason>;

export const ProjectTask = z.object({
  id: Id,
  title: z.string(),
  status: ProjectTaskStatus,
  assignee: Ref.nullable(),
  estimateMinutes: z.number().int().nullable(),
  /** Minutes worked on it, the running timers included. */
  actualMinutes: z.number().int(),
  startDate: z.string().nullable(),
  workingDays: z.number().int().nullable(),
  /** The last working day: startDate plus workingDays on the workspace calendar (weekends and holidays skipped). */
  dueDate: z.string().nullable(),
  late: z.boolean(),
  doneAt: IsoDateTime.nullable(),
});
export type ProjectTask = z.infer<typeof ProjectTask>;

export const ProjectSummary = z.object({
  id: Id,
  /** "OT-0042" for a work order, "P-0042" for a project. */
  reference: z.string(),
  number: z.number().int(),
  kind: ProjectKind,
  title: z.string(),
  status: ProjectStatus,
  contact: Ref.nullable(),
  company: Ref.nullable(),
  owner: Ref.nullable(),
  deal: z.object({ id: Id, title: z.string() }).nullable(),
  value: z.number(),
  currency: z.string(),
  startDate: z.string().nullable(),
  /** Set on the project, or the latest task's end. */
  dueDate: z.string().nullable(),
  late: z.boolean(),
  tasksDone: z.number().int(),
  tasksTotal: z.number().int(),
  estimateMinutes: z.number().int(),
  actualMinutes: z.number().int(),
  version: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const ProjectParticipant = z.object({
  id: Id,
  role: z.enum(['participant', 'observer']),
  user: Ref.nullable(),
  contact: Ref.nullable(),
});
export const ProjectDocument = z.object({
  /** The document: its versions share it. */
  id: Id,
  name: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      fileId: Id,
      name: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      note: z.string(),
      /** A member's or a customer's name. */
      by: z.string(),
      byCustomer: z.boolean(),
      at: IsoDateTime,
    }),
  ),
});
export type ProjectDocument = z.infer<typeof ProjectDocument>;

export const Project = ProjectSummary.extend({
  requirements: z.string(),
  description: z.string(),
  deliveredAt: IsoDateTime.nullable(),
  invoicedAt: IsoDateTime.nullable(),
  tasks: z.array(ProjectTask),
  participants: z.array(ProjectParticipant),
  documents: z.array(ProjectDocument),
  conversations: z.array(
    z.object({
      id: Id,
      channel: z.string(),
      subject: z.string().nullable(),
      status: z.string(),
      lastMessageAt: IsoDateTime.nullable(),
    }),
  ),
});
export type Project = z.infer<typeof Project>;

export const ProjectWrite = z.strictObject({
  /** From a won deal: its title, customer and value unless given; requirements from the customer's profile. */
  dealId: Id.nullable().optional(),
  title: Text(200).min(1).optional(),
  kind: ProjectKind.default('project'),
  status: ProjectStatus.default('quoted'),
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
  requirements: Text(10_000).optional(),
  description: Text(10_000).optional(),
  value: Money.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'field.currency')
    .optional(),
  startDate: Day.nullable().optional(),
  dueDate: Day.nullable().optional(),
});
export type ProjectWrite = z.infer<typeof ProjectWrite>;
export const ProjectUpdate = z.strictObject({
  version: z.number().int().min(0),
  title: Text(200).min(1).optional(),
  kind: ProjectKind.optional(),
  status: ProjectStatus.optional(),
  contactId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
  requirements: Text(10_000).optional(),
  description: Text(10_000).optional(),
  value: Money.optional(),
  startDate: Day.nullable().optional(),
  dueDate: Day.nullable().optional(),
});
export type ProjectUpdate = z.infer<typeof ProjectUpdate>;

export const ProjectListQuery = z.strictObject({
  status: z
    .union([ProjectStatus, z.literal('active')])
    .optional()
    .describe('active: quoted, in progress or delivered'),
  contactId: Id.optional(),
  companyId: Id.optional(),
  dealId: Id.optional(),
  ownerId: Id.optional(),
  q: Text(100).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ProjectPage = z.object({ total: z.number().int(), items: z.array(ProjectSummary) });
export type ProjectPage = z.infer<typeof ProjectPage>;

export const ProjectTaskWrite = z.strictObject({
  title: Text(200).min(1),
  assigneeId: Id.nullable().optional(),
  estimateMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  startDate: Day.nullable().optional(),
  workingDays: z.number().int().min(1).max(1_000).nullable().optional(),
});
export const ProjectTaskUpdate = z.strictObject({
  title: Text(200).min(1).optional(),
  assigneeId: Id.nullable().optional(),
  status: ProjectTaskStatus.optional(),
  estimateMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  startDate: Day.nullable().optional(),
  workingDays: z.number().int().min(1).max(1_000).nullable().optional(),
});

/** One span of time worked; the running one has no end. */
export const TimeEntry = z.object({
  id: Id,
  projectId: Id,
  taskId: Id.nullable(),
  user: Ref,
  startedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
  minutes: z.number().int(),
  /** pause: may be resumed; stop: the timer stopped; logged: entered afterwards. */
  endKind: z.enum(['pause', 'stop', 'logged']).nullable(),
  pauseReason: PauseReason.nullable(),
  note: z.string(),
});
export type TimeEntry = z.infer<typeof TimeEntry>;
/** The signed-in person's timer: running, paused (it may be resumed) or none. */
export const Timer = z.object({
  state: z.enum(['running', 'paused', 'none']),
  entry: TimeEntry.nullable(),
  project: z.object({ id: Id, reference: z.string(), title: z.string() }).nullable(),
  task: z.object({ id: Id, title: z.string() }).nullable(),
  /** Minutes on this task today across its spans, the running one included. */
  todayMinutes: z.number().int(),
});
export type Timer = z.infer<typeof Timer>;
export const TimerStart = z.strictObject({
  projectId: Id,
  taskId: Id.nullable().optional(),
  note: Text(500).optional(),
});
export const TimerPause = z.strictObject({ reason: PauseReason, note: Text(500).optional() });
export const TimerStop = z.strictObject({ note: Text(500).optional() });
/** Time someone forgot to clock: a span logged afterwards. */
export const TimeLog = z.strictObject({
  taskId: Id.nullable().optional(),
  startedAt: IsoDateTime,
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  note: Text(500).optional(),
});

export const ParticipantWrite = z
  .strictObject({
    userId: Id.optional(),
    contactId: Id.optional(),
    role: z.enum(['participant', 'observer']).default('participant'),
  })
  .refine((p) => Boolean(p.userId) !== Boolean(p.contactId), 'field.contactOrUser');

export const ProjectEventKind = z.enum([
  'created',
  'status',
  'task_added',
  'task_done',
  'file',
  'comment',
  'time',
  'participant',
  'conversation',
  'approval',
  'change_request',
]);
export const ProjectTimelineItem = z.object({
  id: z.string(),
  at: IsoDateTime,
  kind: z.union([ProjectEventKind, z.literal('message')]),
  /** Who: a member, the customer, or the channel's sender. */
  by: z.string().nullable(),
  byCustomer: z.boolean(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** Seen by the customer in the portal. */
  public: z.boolean(),
});
export type ProjectTimelineItem = z.infer<typeof ProjectTimelineItem>;
export const ProjectComment = z.strictObject({ body: Text(10_000).min(1), public: z.boolean().default(false) });

/** Estimate against actual on finished projects: how far off estimates run, to quote better next time. */
export const EstimateReport = z.object({
  projects: z.array(
    z.object({
      id: Id,
      reference: z.string(),
      title: z.string(),
      status: ProjectStatus,
      estimateMinutes: z.number().int(),
      actualMinutes: z.number().int(),
      ratio: z.number().nullable(),
    }),
  ),
  /** Actual over estimate across them (1.2: 20% more time than estimated); null without estimates. */
  overallRatio: z.number().nullable(),
  medianRatio: z.number().nullable(),
});
export type EstimateReport = z.infer<typeof EstimateReport>;
