// Follow-up sequences. A sale won, a project delivered, an incident resolved or a customer lost enrolls the contact
// in the workspace's sequences for that moment, in the same transaction as the change; each step becomes a due
// action. The due actions are a durable queue of their own: claimed in batches (FOR UPDATE SKIP LOCKED on
// PostgreSQL, so several processes share them; SQLite has one writer), a task made in the batch's transaction,
// a message or survey handed to a job that delivers it on the customer's channel. A crashed batch is claimed again.
import type { BusinessEvent, Enrollment, Sequence, SequenceStep, SequenceTrigger } from '@atiende/contract';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { SequenceStepWrite } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { assertAudience, audienceCondition } from '../segments/index.js';
import { createTask } from '../tasks/index.js';

const DAY = 86_400_000;
const STALE_MS = 5 * 60_000;

type StepInput = z.output<typeof SequenceStepWrite>;
const toSteps = (steps: StepInput[]): SequenceStep[] =>
  steps.map((s) => ({
    id: s.id ?? newId(),
    delayDays: s.delayDays,
    action: s.action,
    title: s.title,
    body: s.body,
    taskKind: s.taskKind,
    channel: s.channel,
    surveyId: s.surveyId ?? null,
    whatsappTemplateId: s.whatsappTemplateId ?? null,
  }));

async function checkSteps(t: Tenant, steps: StepInput[]): Promise<void> {
  const fields: { path: string; message: string }[] = [];
  for (const [i, s] of steps.entries()) {
    if (s.surveyId && !(await t.selectFrom('surveys').select('id').where('id', '=', s.surveyId).executeTakeFirst()))
      fields.push({ path: `steps.${i}.surveyId`, message: 'field.noSuchSurvey' });
    if (
      s.whatsappTemplateId &&
      !(await t.selectFrom('whatsapp_templates').select('id').where('id', '=', s.whatsappTemplateId).executeTakeFirst())
    )
      fields.push({ path: `steps.${i}.whatsappTemplateId`, message: 'field.noSuchTemplate' });
  }
  if (fields.length) throw new AppError('validation_failed', fields);
}

// ── Sequences ────────────────────────────────────────────────────────────────

export async function listSequences(ctx: AppContext, workspaceId: string): Promise<Sequence[]> {
  const t = tenant(ctx.db, workspaceId);
  const [rows, counts] = await Promise.all([
    t.selectFrom('sequences').selectAll().orderBy('created_at').execute(),
    t
      .selectFrom('sequence_enrollments')
      .select(['sequence_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['sequence_id', 'status'])
      .execute(),
  ]);
  const count = (id: string, status: string) =>
    Number(counts.find((c) => c.sequence_id === id && c.status === status)?.n ?? 0);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    trigger: r.trigger as SequenceTrigger,
    enabled: r.enabled === 1,
    steps: JSON.parse(r.steps) as SequenceStep[],
    active: count(r.id, 'active'),
    completed: count(r.id, 'done'),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }));
}

async function getSequence(ctx: AppContext, workspaceId: string, id: string): Promise<Sequence> {
  const found = (await listSequences(ctx, workspaceId)).find((s) => s.id === id);
  if (!found) throw new AppError('not_found');
  return found;
}

export async function createSequence(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; trigger: SequenceTrigger; enabled: boolean; steps: StepInput[] },
): Promise<Sequence> {
  const id = newId();
  const now = Date.now();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await checkSteps(t, input.steps);
    await t
      .insertInto('sequences', {
        id,
        name: input.name,
        trigger: input.trigger,
        enabled: input.enabled ? 1 : 0,
        steps: JSON.stringify(toSteps(input.steps)),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(t, actor, 'sequence.created', { type: 'sequence', id });
  });
  return getSequence(ctx, workspaceId, id);
}

/** New steps apply to enrollments from now on; those already running keep the steps they were given. */
export async function updateSequence(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { name?: string; enabled?: boolean; steps?: StepInput[] },
): Promise<Sequence> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (input.steps) await checkSteps(t, input.steps);
    const done = await t
      .updateTable('sequences')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
        ...(input.steps && { steps: JSON.stringify(toSteps(input.steps)) }),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('not_found');
    await audit(t, actor, 'sequence.updated', { type: 'sequence', id });
  });
  return getSequence(ctx, workspaceId, id);
}

export async function deleteSequence(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.deleteFrom('sequences').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'sequence.deleted', { type: 'sequence', id });
  });
}

// ── Enrolling ────────────────────────────────────────────────────────────────

/**
 * Inside the caller's transaction: the contact enters every enabled sequence of the trigger, once per source (a
 * deal won again, a project delivered twice, starts nothing new). Steps become actions due `delayDays` later.
 */
export async function enroll(
  t: Tenant,
  trigger: SequenceTrigger,
  input: {
    contactId: string | null;
    sourceType: string;
    sourceId: string;
    ownerId: string | null;
    sequenceId?: string;
  },
  now = Date.now(),
): Promise<number> {
  if (!input.contactId) return 0;
  const contact = await t
    .selectFrom('contacts')
    .select(['owner_id'])
    .where('id', '=', input.contactId)
    .where('privacy_blocked_at', 'is', null)
    .executeTakeFirst();
  if (!contact) return 0;
  let q = t.selectFrom('sequences').select(['id', 'steps']).where('trigger', '=', trigger).where('enabled', '=', 1);
  if (input.sequenceId) q = q.where('id', '=', input.sequenceId);
  let enrolled = 0;
  for (const sequence of await q.execute()) {
    const id = newId();
    const made = await t
      .insertInto('sequence_enrollments', {
        id,
        sequence_id: sequence.id,
        contact_id: input.contactId,
        source_type: input.sourceType,
        source_id: input.sourceId,
        owner_id: input.ownerId ?? contact.owner_id,
        status: 'active',
        started_at: now,
        ended_at: null,
      })
      .onConflict((oc) => oc.columns(['sequence_id', 'source_type', 'source_id']).doNothing())
      .executeTakeFirst();
    if (!Number(made.numInsertedOrUpdatedRows ?? 0)) continue;
    const steps = JSON.parse(sequence.steps) as SequenceStep[];
    await t
      .insertInto(
        'followup_actions',
        steps.map((s, position) => ({
          id: newId(),
          enrollment_id: id,
          step_id: s.id,
          position,
          due_at: now + s.delayDays * DAY,
          status: 'pending',
          locked_at: null,
          done_at: null,
          result: null,
        })),
      )
      .execute();
    enrolled++;
  }
  return enrolled;
}

/** Contacts chosen by hand (or a segment's) enter a manual sequence. */
/**
 * The business-event listener: what happened starts the sequences that follow it, in the change's transaction — a
 * deal won (after-sale), a project delivered, an incident resolved (a check-in), a customer lost (win-back).
 */
export async function enrollOnEvent(_ctx: AppContext, t: Tenant, event: BusinessEvent, now: number): Promise<void> {
  switch (event.name) {
    case 'deal.won': {
      const deal = event.data.deal;
      await enroll(
        t,
        'deal_won',
        { contactId: deal.contactId, sourceType: 'deal', sourceId: deal.id, ownerId: deal.ownerId },
        now,
      );
      return;
    }
    case 'project.status_changed': {
      const project = event.data.project;
      if (project.to === 'delivered' && project.from !== 'invoiced')
        await enroll(
          t,
          'project_delivered',
          { contactId: project.contactId, sourceType: 'project', sourceId: project.id, ownerId: project.ownerId },
          now,
        );
      return;
    }
    case 'incident.resolved': {
      const incident = event.data.incident;
      await enroll(
        t,
        'incident_resolved',
        { contactId: incident.contactId, sourceType: 'incident', sourceId: incident.id, ownerId: incident.assigneeId },
        now,
      );
      return;
    }
    case 'contact.lost': {
      const contact = event.data.contact;
      await enroll(
        t,
        'customer_lost',
        { contactId: contact.id, sourceType: 'contact', sourceId: `${contact.id}:${now}`, ownerId: contact.ownerId },
        now,
      );
      return;
    }
  }
}

export async function enrollContacts(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  sequenceId: string,
  input: { contactIds?: string[]; segmentId?: string },
): Promise<{ enrolled: number; skipped: number }> {
  const t = tenant(ctx.db, workspaceId);
  const sequence = await t
    .selectFrom('sequences')
    .select(['id', 'trigger', 'enabled'])
    .where('id', '=', sequenceId)
    .executeTakeFirst();
  if (!sequence) throw new AppError('not_found');
  const contacts = await t
    .selectFrom('contacts')
    .select(['contacts.id', 'contacts.owner_id'])
    .where('contacts.privacy_blocked_at', 'is', null)
    .where(await audienceCondition(ctx, workspaceId, input))
    .limit(20_000)
    .execute();
  assertAudience(input, contacts.length);
  let enrolled = 0;
  await t.transaction(async (tx) => {
    const now = Date.now();
    for (const c of contacts)
      enrolled += await enroll(
        tx,
        sequence.trigger as SequenceTrigger,
        {
          contactId: c.id,
          sourceType: 'contact',
          sourceId: `${c.id}:${now}`,
          ownerId: actor.type === 'user' ? actor.id : c.owner_id,
          sequenceId,
        },
        now,
      );
    await audit(tx, actor, 'sequence.enrolled', { type: 'sequence', id: sequenceId }, { contacts: enrolled });
  });
  return { enrolled, skipped: contacts.length - enrolled };
}

export async function stopEnrollment(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const done = await t
      .updateTable('sequence_enrollments')
      .set({ status: 'stopped', ended_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('not_found');
    await t
      .updateTable('followup_actions')
      .set({ status: 'skipped', result: 'stopped' })
      .where('enrollment_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await audit(t, actor, 'sequence.enrollment_stopped', { type: 'sequence_enrollment', id });
  });
}

export async function listEnrollments(
  ctx: AppContext,
  workspaceId: string,
  query: { sequenceId?: string; contactId?: string },
): Promise<Enrollment[]> {
  const t = tenant(ctx.db, workspaceId);
  let q = t
    .selectFrom('sequence_enrollments')
    .innerJoin('sequences', 'sequences.id', 'sequence_enrollments.sequence_id')
    .innerJoin('contacts', 'contacts.id', 'sequence_enrollments.contact_id')
    .select([
      'sequence_enrollments.id',
      'sequence_enrollments.sequence_id',
      'sequence_enrollments.source_type',
      'sequence_enrollments.source_id',
      'sequence_enrollments.status',
      'sequence_enrollments.started_at',
      'sequences.name as sequenceName',
      'contacts.id as contactId',
      'contacts.name as contactName',
    ])
    .where('contacts.privacy_blocked_at', 'is', null);
  if (query.sequenceId) q = q.where('sequence_enrollments.sequence_id', '=', query.sequenceId);
  if (query.contactId) q = q.where('sequence_enrollments.contact_id', '=', query.contactId);
  const rows = await q.orderBy('sequence_enrollments.started_at', 'desc').limit(200).execute();
  const actions = rows.length
    ? await t
        .selectFrom('followup_actions')
        .selectAll()
        .where(
          'enrollment_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('position')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    sequenceId: r.sequence_id,
    sequence: r.sequenceName,
    contact: { id: r.contactId, name: r.contactName },
    source: { type: r.source_type, id: r.source_id.split(':')[0]! },
    status: r.status as Enrollment['status'],
    startedAt: iso(r.started_at),
    actions: actions
      .filter((a) => a.enrollment_id === r.id)
      .map((a) => ({
        stepId: a.step_id,
        position: a.position,
        dueAt: iso(a.due_at),
        status: a.status as 'pending',
        result: a.result,
      })),
  }));
}

// ── Running the due actions ──────────────────────────────────────────────────

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
/** {{name}} and {{company}} in a step's text. */
export const fill = (text: string, values: { name: string; company: string }) =>
  text.replace(/\{\{\s*name\s*\}\}/g, firstName(values.name)).replace(/\{\{\s*company\s*\}\}/g, values.company);

/** Claims up to `limit` due actions (any workspace): only this caller gets them. */
async function claim(ctx: AppContext, limit: number, now: number) {
  const dialect = ctx.dialect;
  let due = ctx.db
    .selectFrom('followup_actions')
    .select('id')
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  return ctx.db
    .updateTable('followup_actions')
    .set({ status: 'running', locked_at: now })
    .where('id', 'in', (eb) => eb.selectFrom(due.as('due')).select('due.id'))
    .where('status', '=', 'pending')
    .returningAll()
    .execute();
}

/**
 * Runs every due action, a batch at a time, until none is left (or `maxBatches`). Returns how many were handled.
 * A batch is one transaction per workspace: its tasks and their "done" are written together or not at all.
 */
export async function runDueFollowups(
  ctx: AppContext,
  options: { batch?: number; maxBatches?: number; now?: number } = {},
): Promise<number> {
  const batch = options.batch ?? 500;
  let handled = 0;
  // Actions a crashed process claimed go back to the queue.
  await ctx.db
    .updateTable('followup_actions')
    .set({ status: 'pending', locked_at: null })
    .where('status', '=', 'running')
    .where('locked_at', '<', Date.now() - STALE_MS)
    .execute();
  for (let n = 0; n < (options.maxBatches ?? Infinity); n++) {
    const now = options.now ?? Date.now();
    const claimed = await claim(ctx, batch, now);
    if (!claimed.length) break;
    const byWorkspace = new Map<string, typeof claimed>();
    for (const a of claimed) byWorkspace.set(a.workspace_id, [...(byWorkspace.get(a.workspace_id) ?? []), a]);
    for (const [workspaceId, actions] of byWorkspace) {
      try {
        await handleBatch(ctx, workspaceId, actions, now);
      } catch (error) {
        // The batch rolled back: its actions wait for the next pass (claimed again once stale).
        ctx.log.warn({ err: error, workspaceId, actions: actions.length }, 'follow-up batch failed; will retry');
        await ctx.db
          .updateTable('followup_actions')
          .set({ status: 'pending', locked_at: null })
          .where(
            'id',
            'in',
            actions.map((a) => a.id),
          )
          .where('status', '=', 'running')
          .execute();
        return handled;
      }
    }
    handled += claimed.length;
    if (claimed.length < batch) break;
  }
  return handled;
}

async function handleBatch(
  ctx: AppContext,
  workspaceId: string,
  actions: { id: string; enrollment_id: string; step_id: string; position: number }[],
  now: number,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const enrollmentIds = [...new Set(actions.map((a) => a.enrollment_id))];
    const enrollments = await t
      .selectFrom('sequence_enrollments')
      .innerJoin('sequences', 'sequences.id', 'sequence_enrollments.sequence_id')
      .innerJoin('contacts', 'contacts.id', 'sequence_enrollments.contact_id')
      .select([
        'sequence_enrollments.id',
        'sequence_enrollments.status',
        'sequence_enrollments.contact_id',
        'sequence_enrollments.owner_id',
        'sequence_enrollments.source_type',
        'sequence_enrollments.source_id',
        'sequences.steps',
        'sequences.name as sequenceName',
        'contacts.name as contactName',
        'contacts.privacy_blocked_at',
      ])
      .where('sequence_enrollments.id', 'in', enrollmentIds)
      .execute();
    const byId = new Map(enrollments.map((e) => [e.id, { ...e, stepList: JSON.parse(e.steps) as SequenceStep[] }]));
    const results = new Map<string, { status: 'done' | 'skipped'; result: string }>();
    const deliveries: { actionId: string }[] = [];
    for (const a of actions) {
      const e = byId.get(a.enrollment_id);
      const step = e?.stepList.find((s) => s.id === a.step_id);
      if (!e || !step || e.status !== 'active' || e.privacy_blocked_at !== null) {
        results.set(a.id, {
          status: 'skipped',
          result: !step ? 'step removed' : e?.privacy_blocked_at ? 'contact blocked' : 'enrollment not active',
        });
        continue;
      }
      if (step.action === 'task') {
        const taskId = await createTask(
          t,
          {
            title: step.title,
            body: step.body ? fill(step.body, { name: e.contactName, company: '' }) : `${e.sequenceName}`,
            contactId: e.contact_id,
            assigneeId: e.owner_id,
            dueAt: now,
            source: { type: 'sequence', id: e.id },
            kind: step.taskKind,
          },
          now,
        );
        results.set(a.id, { status: 'done', result: `task:${taskId}` });
      } else {
        deliveries.push({ actionId: a.id });
        results.set(a.id, { status: 'done', result: 'queued' });
      }
    }
    // One statement per outcome kind keeps a batch of hundreds to a handful of writes.
    const groups = new Map<string, string[]>();
    for (const [id, r] of results)
      groups.set(`${r.status}\u0000${r.result}`, [...(groups.get(`${r.status}\u0000${r.result}`) ?? []), id]);
    for (const [key, ids] of groups) {
      const [status, result] = key.split('\u0000') as ['done', string];
      for (let i = 0; i < ids.length; i += 500)
        await t
          .updateTable('followup_actions')
          .set({ status, result, done_at: now, locked_at: null })
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
    }
    for (const d of deliveries)
      await ctx.jobs.enqueue(
        'followup.deliver',
        { workspaceId, actionId: d.actionId },
        { executor: t.db, maxAttempts: 4 },
      );
    // Enrollments with nothing left to do are finished.
    await t
      .updateTable('sequence_enrollments')
      .set({ status: 'done', ended_at: now })
      .where('id', 'in', enrollmentIds)
      .where('status', '=', 'active')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('followup_actions')
              .select(sql.lit(1).as('x'))
              .where('followup_actions.workspace_id', '=', workspaceId)
              .whereRef('followup_actions.enrollment_id', '=', 'sequence_enrollments.id')
              .where('followup_actions.status', 'in', ['pending', 'running']),
          ),
        ),
      )
      .execute();
  });
  if (actions.length) ctx.jobs.nudge();
}
