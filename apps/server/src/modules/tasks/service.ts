// Follow-up tasks: something someone must do about a contact by a date (call back an unhappy customer, send a quote).
// People create them, and so do other modules (an unhappy survey answer); they show on the contact and on one's list.
import type { Task } from '@atiende/contract';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { notify } from '../../platform/notifications.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';

export interface NewTask {
  title: string;
  body?: string;
  contactId?: string | null;
  assigneeId?: string | null;
  dueAt?: number | null;
  source?: { type: string; id: string } | null;
  dealId?: string | null;
  kind?: Task['kind'];
}

/** Inside the caller's transaction, so a task and what caused it are written together. */
export async function createTask(t: Tenant, input: NewTask, now = Date.now()): Promise<string> {
  const id = newId();
  await t
    .insertInto('tasks', {
      id,
      contact_id: input.contactId ?? null,
      assignee_id: input.assigneeId ?? null,
      title: input.title,
      body: input.body ?? '',
      due_at: input.dueAt ?? null,
      status: 'open',
      source_type: input.source?.type ?? null,
      source_id: input.source?.id ?? null,
      created_at: now,
      done_at: null,
      done_by: null,
      deal_id: input.dealId ?? null,
      kind: input.kind ?? 'task',
    })
    .execute();
  return id;
}

/** Inside the caller's transaction: a task another record keeps (a renewal's reminder) moves to a new date, a new reminder. */
export async function rescheduleTask(t: Tenant, id: string, dueAt: number, title?: string): Promise<void> {
  await t
    .updateTable('tasks')
    .set({ due_at: dueAt, reminded_at: null, ...(title !== undefined && { title }) })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

/** Inside the caller's transaction: the task's reason has passed (the renewal was decided), so it is done. */
export async function closeTask(t: Tenant, id: string, actor: Actor, now = Date.now()): Promise<void> {
  await t
    .updateTable('tasks')
    .set({ status: 'done', done_at: now, done_by: actor.type === 'user' ? actor.id : null })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

function selectTasks(t: Tenant) {
  return t
    .selectFrom('tasks')
    .leftJoin('contacts', 'contacts.id', 'tasks.contact_id')
    .leftJoin('users', 'users.id', 'tasks.assignee_id')
    .leftJoin('deals', 'deals.id', 'tasks.deal_id')
    .selectAll('tasks')
    .select(['contacts.name as contactName', 'users.name as assigneeName', 'deals.title as dealTitle'])
    .where((eb) => eb.or([eb('tasks.contact_id', 'is', null), eb('contacts.privacy_blocked_at', 'is', null)]));
}
type Row = Awaited<ReturnType<ReturnType<typeof selectTasks>['executeTakeFirstOrThrow']>>;

const toTask = (r: Row): Task => ({
  id: r.id,
  kind: r.kind as Task['kind'],
  title: r.title,
  body: r.body,
  status: r.status as Task['status'],
  dueAt: r.due_at === null ? null : iso(r.due_at),
  contact: r.contact_id ? { id: r.contact_id, name: r.contactName ?? '' } : null,
  assignee: r.assignee_id ? { id: r.assignee_id, name: r.assigneeName ?? '' } : null,
  deal: r.deal_id ? { id: r.deal_id, title: r.dealTitle ?? '' } : null,
  source: r.source_type && r.source_id ? { type: r.source_type, id: r.source_id } : null,
  createdAt: iso(r.created_at),
  doneAt: r.done_at === null ? null : iso(r.done_at),
});

export async function listTasks(
  ctx: AppContext,
  workspaceId: string,
  query: { contactId?: string; dealId?: string; assigneeId?: string; status?: 'open' | 'done' },
): Promise<Task[]> {
  let q = selectTasks(tenant(ctx.db, workspaceId));
  if (query.contactId) q = q.where('tasks.contact_id', '=', query.contactId);
  if (query.dealId) q = q.where('tasks.deal_id', '=', query.dealId);
  if (query.assigneeId) q = q.where('tasks.assignee_id', '=', query.assigneeId);
  if (query.status) q = q.where('tasks.status', '=', query.status);
  const rows = await q
    .orderBy('tasks.status', 'desc')
    .orderBy('tasks.due_at')
    .orderBy('tasks.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(toTask);
}

export async function getTask(t: Tenant, id: string): Promise<Task> {
  const row = await selectTasks(t).where('tasks.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toTask(row);
}

async function checkRefs(
  t: Tenant,
  input: { contactId?: string | null; assigneeId?: string | null; dealId?: string | null },
): Promise<void> {
  await assertReferences(t, [
    { table: 'deals', id: input.dealId, path: 'dealId', message: 'field.noSuchDeal' },
    { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
  ]);
  await assertAgentMember(t, input.assigneeId, 'assigneeId');
}

export async function addTask(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: {
    title: string;
    body?: string;
    contactId?: string | null;
    assigneeId?: string | null;
    dueAt?: string | null;
    dealId?: string | null;
    kind?: Task['kind'];
  },
): Promise<Task> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await checkRefs(t, input);
    // A deal's activity is about the deal's contact unless another is named; it is the creator's unless given.
    const deal = input.dealId
      ? await t.selectFrom('deals').select(['contact_id']).where('id', '=', input.dealId).executeTakeFirst()
      : undefined;
    const contactId = input.contactId !== undefined ? input.contactId : (deal?.contact_id ?? null);
    const assigneeId =
      input.assigneeId !== undefined ? input.assigneeId : input.dealId && actor.type === 'user' ? actor.id : null;
    const id = await createTask(t, {
      ...input,
      contactId,
      assigneeId,
      dueAt: input.dueAt ? Date.parse(input.dueAt) : null,
    });
    await audit(t, actor, 'task.created', { type: 'task', id }, { contactId: input.contactId ?? null });
    return getTask(t, id);
  });
}

export async function updateTask(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: {
    title?: string;
    body?: string;
    contactId?: string | null;
    assigneeId?: string | null;
    dueAt?: string | null;
    status?: 'open' | 'done';
    dealId?: string | null;
    kind?: Task['kind'];
  },
): Promise<Task> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('tasks').select(['status']).where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await checkRefs(t, input);
    const now = Date.now();
    await t
      .updateTable('tasks')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.body !== undefined && { body: input.body }),
        ...(input.contactId !== undefined && { contact_id: input.contactId }),
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
        // A new date is a new reminder.
        ...(input.dueAt !== undefined && { due_at: input.dueAt ? Date.parse(input.dueAt) : null, reminded_at: null }),
        ...(input.dealId !== undefined && { deal_id: input.dealId }),
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.status !== undefined &&
          input.status !== current.status && {
            status: input.status,
            done_at: input.status === 'done' ? now : null,
            done_by: input.status === 'done' ? actor.id : null,
          }),
      })
      .where('id', '=', id)
      .execute();
    await audit(t, actor, input.status === 'done' && current.status !== 'done' ? 'task.done' : 'task.updated', {
      type: 'task',
      id,
    });
    return getTask(t, id);
  });
}

export async function deleteTask(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.deleteFrom('tasks').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'task.deleted', { type: 'task', id });
  });
}

/**
 * Tells each assignee of an open task that has fallen due, once (any process may run it: the claim is one update).
 * The notice opens the contact; an email follows when the person chose it for tasks.
 */
export async function remindDueTasks(ctx: AppContext, now = Date.now()): Promise<number> {
  const due = await ctx.db
    .selectFrom('tasks')
    .leftJoin('contacts', 'contacts.id', 'tasks.contact_id')
    .select([
      'tasks.id',
      'tasks.workspace_id',
      'tasks.title',
      'tasks.assignee_id',
      'tasks.contact_id',
      'contacts.name as contactName',
    ])
    .where('tasks.status', '=', 'open')
    .where('tasks.due_at', '<=', now)
    .where('tasks.reminded_at', 'is', null)
    .where('tasks.assignee_id', 'is not', null)
    .orderBy('tasks.due_at')
    .limit(200)
    .execute();
  let told = 0;
  for (const task of due) {
    const claimed = await ctx.db
      .updateTable('tasks')
      .set({ reminded_at: now })
      .where('id', '=', task.id)
      .where('reminded_at', 'is', null)
      .executeTakeFirst();
    if (!Number(claimed.numUpdatedRows)) continue;
    await notify(ctx, task.workspace_id, [task.assignee_id], {
      kind: 'task_due',
      conversationId: null,
      contactId: task.contact_id,
      contactName: task.contactName ?? '',
      by: null,
      excerpt: task.title,
    });
    told++;
  }
  return told;
}
