// Projects and work orders: opened from a won deal (carrying the customer's requirements from their profile) or by
// hand; status from quoted to invoiced; tasks scheduled in working days; participants; the conversations about it.
// Every change that matters is a timeline event in the same transaction; a change names the version it was read at.
import type {
  Project,
  ProjectStatus,
  ProjectSummary,
  ProjectTask,
  ProjectUpdate,
  ProjectWrite,
} from '@atiende/contract';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { z } from 'zod';
import { contains } from '../../db/like.js';
import { customerMatches, queryTerms } from '../../platform/search.js';
import { withNumber } from '../../db/numbering.js';
import { raiseEvent } from '../../platform/business-events.js';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { type Calendar, workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { assertAgentMember, loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { listDocuments } from './documents.js';
import { localToday, workingDaysEnd } from './schedule.js';

type ListQuery = {
  status?: ProjectStatus | 'active';
  contactId?: string;
  companyId?: string;
  dealId?: string;
  ownerId?: string;
  q?: string;
  offset: number;
  limit: number;
};

export const referenceOf = (kind: string, number: number) =>
  `${kind === 'work_order' ? 'OT' : 'P'}-${String(number).padStart(4, '0')}`;
const money = (cents: number) => Math.round(cents) / 100;
const OPEN: ProjectStatus[] = ['quoted', 'in_progress'];

/** A timeline event, inside the change's transaction. Public ones are seen by the customer in the portal. */
export async function recordEvent(
  t: Tenant,
  projectId: string,
  event: {
    kind: string;
    userId?: string | null;
    contactId?: string | null;
    body?: string;
    data?: Record<string, unknown>;
    public?: boolean;
  },
  at = Date.now(),
): Promise<void> {
  await t
    .insertInto('project_events', {
      id: newId(),
      project_id: projectId,
      at,
      kind: event.kind,
      user_id: event.userId ?? null,
      contact_id: event.contactId ?? null,
      body: event.body ?? '',
      data: JSON.stringify(event.data ?? {}),
      public: event.public ? 1 : 0,
    })
    .execute();
}
export const userOf = (actor: Actor) => (actor.type === 'user' ? actor.id : null);

/** Minutes worked, the running spans counted up to now. */
export function workedMinutes(now: number) {
  return sql<number>`coalesce(sum(coalesce(time_entries.ended_at, ${now}) - time_entries.started_at), 0) / 60000`;
}

/** A project's figures as subqueries of a select on `projects` (the list, the estimate report, the portal). */
export const projectFigures = {
  tasks: (eb: ExpressionBuilder<DB, 'projects'>, ws: string, doneOnly = false) => {
    let q = eb
      .selectFrom('project_tasks')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('project_tasks.workspace_id', '=', ws)
      .whereRef('project_tasks.project_id', '=', 'projects.id');
    if (doneOnly) q = q.where('project_tasks.status', '=', 'done');
    return q;
  },
  estimate: (eb: ExpressionBuilder<DB, 'projects'>, ws: string) =>
    eb
      .selectFrom('project_tasks')
      .select((e) => e.fn.coalesce(e.fn.sum<number>('project_tasks.estimate_minutes'), e.val(0)).as('m'))
      .where('project_tasks.workspace_id', '=', ws)
      .whereRef('project_tasks.project_id', '=', 'projects.id'),
  worked: (eb: ExpressionBuilder<DB, 'projects'>, ws: string, now: number) =>
    eb
      .selectFrom('time_entries')
      .select(workedMinutes(now).as('m'))
      .where('time_entries.workspace_id', '=', ws)
      .whereRef('time_entries.project_id', '=', 'projects.id'),
};

function selectSummaries(t: Tenant, now: number) {
  const ws = t.workspaceId;
  return t
    .selectFrom('projects')
    .leftJoin('contacts', 'contacts.id', 'projects.contact_id')
    .leftJoin('companies', 'companies.id', 'projects.company_id')
    .leftJoin('users', 'users.id', 'projects.owner_id')
    .leftJoin('deals', 'deals.id', 'projects.deal_id')
    .selectAll('projects')
    .select((eb) => [
      'contacts.name as contactName',
      'contacts.privacy_blocked_at as contactBlocked',
      'companies.name as companyName',
      'users.name as ownerName',
      'deals.title as dealTitle',
      projectFigures.tasks(eb, ws).as('tasksTotal'),
      projectFigures.tasks(eb, ws, true).as('tasksDone'),
      projectFigures.estimate(eb, ws).as('estimate'),
      eb
        .selectFrom('project_tasks')
        .select((e) => e.fn.max('project_tasks.due_date').as('d'))
        .where('project_tasks.workspace_id', '=', ws)
        .whereRef('project_tasks.project_id', '=', 'projects.id')
        .as('lastTaskDue'),
      projectFigures.worked(eb, ws, now).as('actual'),
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['executeTakeFirstOrThrow']>>;

function toSummary(r: SummaryRow, today: string): ProjectSummary {
  const dueDate = r.due_date ?? r.lastTaskDue ?? null;
  return {
    id: r.id,
    reference: referenceOf(r.kind, r.number),
    number: r.number,
    kind: r.kind as ProjectSummary['kind'],
    title: r.title,
    status: r.status as ProjectStatus,
    contact: r.contact_id && r.contactBlocked === null ? { id: r.contact_id, name: r.contactName ?? '' } : null,
    company: r.company_id ? { id: r.company_id, name: r.companyName ?? '' } : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.ownerName ?? '' } : null,
    deal: r.deal_id ? { id: r.deal_id, title: r.dealTitle ?? '' } : null,
    value: money(Number(r.value_cents)),
    currency: r.currency,
    startDate: r.start_date,
    dueDate,
    late: Boolean(dueDate && dueDate < today && OPEN.includes(r.status as ProjectStatus)),
    tasksDone: Number(r.tasksDone ?? 0),
    tasksTotal: Number(r.tasksTotal ?? 0),
    estimateMinutes: Number(r.estimate ?? 0),
    actualMinutes: Math.floor(Number(r.actual ?? 0)),
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function listProjects(
  ctx: AppContext,
  workspaceId: string,
  query: ListQuery,
): Promise<{ total: number; items: ProjectSummary[] }> {
  const t = tenant(ctx.db, workspaceId);
  const calendar = await workspaceCalendar(ctx, workspaceId, t);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter for the count and the page: Kysely types `where` per builder
  const filter = <Q extends { where: (...args: any[]) => Q }>(q: Q): Q => {
    let out = q;
    if (query.status === 'active') out = out.where('projects.status', 'in', ['quoted', 'in_progress', 'delivered']);
    else if (query.status) out = out.where('projects.status', '=', query.status);
    if (query.contactId) out = out.where('projects.contact_id', '=', query.contactId);
    if (query.companyId) out = out.where('projects.company_id', '=', query.companyId);
    if (query.dealId) out = out.where('projects.deal_id', '=', query.dealId);
    if (query.ownerId) out = out.where('projects.owner_id', '=', query.ownerId);
    // "P-0012" or "12" finds project 12; more digits than a number can hold find no number.
    const number = Number(query.q?.replace(/\D/g, '').slice(0, 9)) || -1;
    const terms = query.q ? queryTerms(query.q) : [];
    if (query.q)
      out = out.where((eb: ExpressionBuilder<DB, 'projects'>) =>
        eb.or([
          contains('projects.title', query.q!),
          eb('projects.number', '=', number),
          ...(terms.length ? [customerMatches(ctx.dialect, 'projects', workspaceId, terms)] : []),
        ]),
      );
    return out;
  };
  const [count, rows] = await Promise.all([
    filter(t.selectFrom('projects').select((eb) => eb.fn.countAll<number>().as('n'))).executeTakeFirstOrThrow(),
    filter(selectSummaries(t, Date.now()))
      .orderBy('projects.updated_at', 'desc')
      .orderBy('projects.id')
      .offset(query.offset)
      .limit(query.limit)
      .execute(),
  ]);
  const today = localToday(calendar);
  return { total: Number(count.n), items: rows.map((r) => toSummary(r, today)) };
}

async function tasksOf(t: Tenant, projectId: string, today: string, now: number): Promise<ProjectTask[]> {
  const rows = await t
    .selectFrom('project_tasks')
    .leftJoin('users', 'users.id', 'project_tasks.assignee_id')
    .selectAll('project_tasks')
    .select((eb) => [
      'users.name as assigneeName',
      eb
        .selectFrom('time_entries')
        .select(workedMinutes(now).as('m'))
        .where('time_entries.workspace_id', '=', t.workspaceId)
        .where('time_entries.project_id', '=', projectId)
        .whereRef('time_entries.task_id', '=', 'project_tasks.id')
        .as('actual'),
    ])
    .where('project_tasks.project_id', '=', projectId)
    .orderBy('project_tasks.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status as ProjectTask['status'],
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assigneeName ?? '' } : null,
    estimateMinutes: r.estimate_minutes,
    actualMinutes: Math.floor(Number(r.actual ?? 0)),
    startDate: r.start_date,
    workingDays: r.working_days,
    dueDate: r.due_date,
    late: Boolean(r.due_date && r.due_date < today && r.status !== 'done'),
    doneAt: r.done_at === null ? null : iso(r.done_at),
  }));
}

export async function getProject(ctx: AppContext, workspaceId: string, id: string, within?: Tenant): Promise<Project> {
  const t = within ?? tenant(ctx.db, workspaceId);
  const now = Date.now();
  const calendar = await workspaceCalendar(ctx, workspaceId, t);
  const today = localToday(calendar, now);
  const row = await selectSummaries(t, now).where('projects.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const tasks = await tasksOf(t, id, today, now);
  const participants = await t
    .selectFrom('project_participants')
    .leftJoin('users', 'users.id', 'project_participants.user_id')
    .leftJoin('contacts', 'contacts.id', 'project_participants.contact_id')
    .select([
      'project_participants.id',
      'project_participants.role',
      'project_participants.user_id',
      'project_participants.contact_id',
      'users.name as userName',
      'contacts.name as contactName',
    ])
    .where('project_participants.project_id', '=', id)
    .where((eb) =>
      eb.or([eb('project_participants.contact_id', 'is', null), eb('contacts.privacy_blocked_at', 'is', null)]),
    )
    .orderBy('project_participants.created_at')
    .execute();
  const conversations = await t
    .selectFrom('project_conversations')
    .innerJoin('conversations', 'conversations.id', 'project_conversations.conversation_id')
    .select([
      'conversations.id',
      'conversations.channel',
      'conversations.subject',
      'conversations.status',
      'conversations.last_message_at',
    ])
    .where('project_conversations.project_id', '=', id)
    .orderBy('project_conversations.linked_at')
    .execute();
  const r = row;
  return {
    ...toSummary(r, today),
    requirements: r.requirements,
    description: r.description,
    deliveredAt: r.delivered_at === null ? null : iso(r.delivered_at),
    invoicedAt: r.invoiced_at === null ? null : iso(r.invoiced_at),
    tasks,
    participants: participants.map((p) => ({
      id: p.id,
      role: p.role as 'participant',
      user: p.user_id ? { id: p.user_id, name: p.userName ?? '' } : null,
      contact: p.contact_id ? { id: p.contact_id, name: p.contactName ?? '' } : null,
    })),
    documents: await listDocuments(t, id),
    conversations: conversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      subject: c.subject,
      status: c.status,
      lastMessageAt: iso(c.last_message_at),
    })),
  };
}

const checklistWords: Record<string, { es: string; en: string }> = {
  staff_visits: { es: 'Requiere visitas de nuestro personal', en: 'Needs visits from our staff' },
  working_hours_only: { es: 'Solo en horario laboral', en: 'Working hours only' },
  delivery_commitments: { es: 'Compromisos de entrega', en: 'Delivery commitments' },
  preferential_prices: { es: 'Precios preferenciales', en: 'Preferential prices' },
  invoice_required: { es: 'Requiere factura', en: 'Invoice required' },
  dedicated_agent: { es: 'Agente dedicado', en: 'Dedicated agent' },
};

/** The service requirements and needs from the customer's profile (contact and company), as the project's text. */
async function requirementsFromProfiles(
  ctx: AppContext,
  t: Tenant,
  contactId: string | null,
  companyId: string | null,
): Promise<string> {
  const { language } = await loadWorkspaceSettings(ctx, t.workspaceId, t.db);
  const lang = language === 'en' ? 'en' : 'es';
  const lines: string[] = [];
  const read = (profile: string | null | undefined, name: string) => {
    let parsed: { requirements?: { checklist?: string[]; details?: string | null } };
    try {
      parsed = JSON.parse(profile ?? '{}') as typeof parsed;
    } catch {
      return;
    }
    const req = parsed.requirements;
    if (!req || (!req.checklist?.length && !req.details)) return;
    lines.push(`${name}:`);
    for (const item of req.checklist ?? []) lines.push(`- ${checklistWords[item]?.[lang] ?? item}`);
    if (req.details) lines.push(req.details);
  };
  if (contactId) {
    const c = await t.selectFrom('contacts').select(['name', 'profile']).where('id', '=', contactId).executeTakeFirst();
    read(c?.profile, c?.name ?? '');
  }
  if (companyId) {
    const c = await t
      .selectFrom('companies')
      .select(['name', 'profile'])
      .where('id', '=', companyId)
      .executeTakeFirst();
    read(c?.profile, c?.name ?? '');
  }
  return lines.join('\n');
}

async function checkRefs(
  t: Tenant,
  input: { contactId?: string | null; companyId?: string | null; ownerId?: string | null; dealId?: string | null },
): Promise<void> {
  await assertReferences(t, [
    { table: 'deals', id: input.dealId, path: 'dealId', message: 'field.noSuchDeal' },
    { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
    { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
  ]);
  await assertAgentMember(t, input.ownerId, 'ownerId');
}

export async function createProject(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: z.output<typeof ProjectWrite>,
): Promise<Project> {
  return withNumber(ctx, workspaceId, 'projects', async (t, number) => {
    await checkRefs(t, input);
    const deal = input.dealId
      ? await t
          .selectFrom('deals')
          .select(['title', 'contact_id', 'company_id', 'value_cents', 'currency', 'owner_id'])
          .where('id', '=', input.dealId)
          .executeTakeFirstOrThrow()
      : null;
    if (!input.title && !deal) throw new AppError('validation_failed', [{ path: 'title', message: 'field.required' }]);
    const contactId = input.contactId !== undefined ? input.contactId : (deal?.contact_id ?? null);
    const companyId = input.companyId !== undefined ? input.companyId : (deal?.company_id ?? null);
    const now = Date.now();
    const id = newId();
    const status = input.status;
    await t
      .insertInto('projects', {
        id,
        number,
        kind: input.kind,
        title: input.title ?? deal!.title,
        status,
        contact_id: contactId,
        company_id: companyId,
        deal_id: input.dealId ?? null,
        owner_id: input.ownerId !== undefined ? input.ownerId : (deal?.owner_id ?? userOf(actor)),
        requirements: input.requirements ?? (await requirementsFromProfiles(ctx, t, contactId, companyId)),
        description: input.description ?? '',
        value_cents: input.value !== undefined ? Math.round(input.value * 100) : Number(deal?.value_cents ?? 0),
        currency: input.currency ?? deal?.currency ?? 'MXN',
        start_date: input.startDate ?? null,
        due_date: input.dueDate ?? null,
        version: 0,
        delivered_at: status === 'delivered' || status === 'invoiced' ? now : null,
        invoiced_at: status === 'invoiced' ? now : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // The customer's own contact follows the project from the portal.
    if (contactId)
      await t
        .insertInto('project_participants', {
          id: newId(),
          project_id: id,
          user_id: null,
          contact_id: contactId,
          role: 'participant',
          created_at: now,
        })
        .execute();
    await recordEvent(
      t,
      id,
      { kind: 'created', userId: userOf(actor), data: { status, dealId: input.dealId ?? null }, public: true },
      now,
    );
    await audit(t, actor, 'project.created', { type: 'project', id }, { dealId: input.dealId ?? null });
    return getProject(ctx, workspaceId, id, t);
  });
}

/** Invoiced comes after delivered and is final; cancelled cannot follow invoiced. */
function assertStatusChange(from: ProjectStatus, to: ProjectStatus): void {
  if (from === to) return;
  if (from === 'invoiced') throw new AppError('status_change_refused');
  if (to === 'invoiced' && from !== 'delivered') throw new AppError('status_change_refused');
}

export async function updateProject(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: ProjectUpdate,
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t
      .selectFrom('projects')
      .select(['status', 'version', 'delivered_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.version !== input.version) throw new AppError('edit_conflict');
    await checkRefs(t, input);
    const now = Date.now();
    const from = row.status as ProjectStatus;
    const to = input.status ?? from;
    assertStatusChange(from, to);
    const done = await t
      .updateTable('projects')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.contactId !== undefined && { contact_id: input.contactId }),
        ...(input.companyId !== undefined && { company_id: input.companyId }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        ...(input.requirements !== undefined && { requirements: input.requirements }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.value !== undefined && { value_cents: Math.round(input.value * 100) }),
        ...(input.startDate !== undefined && { start_date: input.startDate }),
        ...(input.dueDate !== undefined && { due_date: input.dueDate }),
        ...(to !== from && {
          status: to,
          delivered_at: to === 'delivered' || to === 'invoiced' ? (row.delivered_at ?? now) : null,
          invoiced_at: to === 'invoiced' ? now : null,
        }),
        version: input.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('edit_conflict');
    if (to !== from)
      await recordEvent(t, id, { kind: 'status', userId: userOf(actor), data: { from, to }, public: true }, now);
    if (to !== from) {
      const p = await t
        .selectFrom('projects')
        .select(['kind', 'number', 'title', 'contact_id', 'deal_id', 'owner_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await raiseEvent(
        ctx,
        t,
        {
          name: 'project.status_changed',
          data: {
            project: {
              id,
              reference: referenceOf(p.kind, p.number),
              title: p.title,
              from,
              to,
              contactId: p.contact_id,
              dealId: p.deal_id,
              ownerId: p.owner_id,
            },
          },
        },
        now,
      );
    }
    await audit(
      t,
      actor,
      to !== from ? 'project.status' : 'project.updated',
      { type: 'project', id },
      to !== from ? { from, to } : {},
    );
    return getProject(ctx, workspaceId, id, t);
  });
}

export async function deleteProject(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const fileIds = (await t.selectFrom('project_files').select('file_id').where('project_id', '=', id).execute()).map(
      (f) => f.file_id,
    );
    const gone = await t.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    if (fileIds.length) await t.deleteFrom('files').where('id', 'in', fileIds).execute();
    await audit(t, actor, 'project.deleted', { type: 'project', id });
  });
}

/** Inside a transaction: the project exists in this workspace (bumps nothing). */
export async function assertProject(t: Tenant, id: string): Promise<{ contact_id: string | null; status: string }> {
  const row = await t.selectFrom('projects').select(['contact_id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}
/** Something changed inside the project (a task, a file, a comment): it comes first in the list again. Its version
 * guards the project's own fields only, so adding a task never turns someone's edit of the title into a conflict. */
export async function touchProject(t: Tenant, id: string, now = Date.now()): Promise<void> {
  await t.updateTable('projects').set({ updated_at: now }).where('id', '=', id).execute();
}

// ── Tasks ────────────────────────────────────────────────────────────────────

type TaskInput = {
  title?: string;
  assigneeId?: string | null;
  status?: 'todo' | 'doing' | 'done';
  estimateMinutes?: number | null;
  startDate?: string | null;
  workingDays?: number | null;
};

const dueOf = (calendar: Calendar, startDate: string | null, workingDays: number | null) =>
  startDate && workingDays ? workingDaysEnd(calendar, startDate, workingDays) : null;

export async function addProjectTask(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  input: TaskInput & { title: string },
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertProject(t, projectId);
    await assertAgentMember(t, input.assigneeId, 'assigneeId');
    const calendar = await workspaceCalendar(ctx, workspaceId, t);
    const last = await t
      .selectFrom('project_tasks')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    const now = Date.now();
    const id = newId();
    await t
      .insertInto('project_tasks', {
        id,
        project_id: projectId,
        title: input.title,
        assignee_id: input.assigneeId ?? null,
        status: 'todo',
        estimate_minutes: input.estimateMinutes ?? null,
        start_date: input.startDate ?? null,
        working_days: input.workingDays ?? null,
        due_date: dueOf(calendar, input.startDate ?? null, input.workingDays ?? null),
        position: Number(last?.p ?? 0) + 1,
        done_at: null,
        created_at: now,
      })
      .execute();
    await recordEvent(
      t,
      projectId,
      { kind: 'task_added', userId: userOf(actor), body: input.title, data: { taskId: id } },
      now,
    );
    await touchProject(t, projectId, now);
    return getProject(ctx, workspaceId, projectId, t);
  });
}

export async function updateProjectTask(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  taskId: string,
  input: TaskInput,
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const task = await t
      .selectFrom('project_tasks')
      .selectAll()
      .where('id', '=', taskId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!task) throw new AppError('not_found');
    await assertAgentMember(t, input.assigneeId, 'assigneeId');
    const calendar = await workspaceCalendar(ctx, workspaceId, t);
    const startDate = input.startDate !== undefined ? input.startDate : task.start_date;
    const workingDays = input.workingDays !== undefined ? input.workingDays : task.working_days;
    const now = Date.now();
    const finished = input.status === 'done' && task.status !== 'done';
    await t
      .updateTable('project_tasks')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
        ...(input.estimateMinutes !== undefined && { estimate_minutes: input.estimateMinutes }),
        ...(input.status !== undefined && {
          status: input.status,
          done_at: input.status === 'done' ? (task.done_at ?? now) : null,
        }),
        start_date: startDate,
        working_days: workingDays,
        due_date: dueOf(calendar, startDate, workingDays),
      })
      .where('id', '=', taskId)
      .execute();
    if (finished)
      await recordEvent(
        t,
        projectId,
        { kind: 'task_done', userId: userOf(actor), body: input.title ?? task.title, data: { taskId }, public: true },
        now,
      );
    await touchProject(t, projectId, now);
    return getProject(ctx, workspaceId, projectId, t);
  });
}

export async function deleteProjectTask(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  taskId: string,
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    // Time worked on it stays on the project (its task becomes none).
    const gone = await t
      .deleteFrom('project_tasks')
      .where('id', '=', taskId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await touchProject(t, projectId);
    await audit(t, actor, 'project.task_deleted', { type: 'project', id: projectId }, { taskId });
    return getProject(ctx, workspaceId, projectId, t);
  });
}

// ── Participants, conversations, comments ────────────────────────────────────

export async function addParticipant(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  input: { userId?: string; contactId?: string; role: 'participant' | 'observer' },
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertProject(t, projectId);
    if (
      input.userId &&
      !(await t.selectFrom('memberships').select('user_id').where('user_id', '=', input.userId).executeTakeFirst())
    )
      throw new AppError('validation_failed', [{ path: 'userId', message: 'field.notAgent' }]);
    await assertReferences(t, [
      { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
    ]);
    let q = t.selectFrom('project_participants').select('id').where('project_id', '=', projectId);
    q = input.userId ? q.where('user_id', '=', input.userId) : q.where('contact_id', '=', input.contactId!);
    const existing = await q.executeTakeFirst();
    if (existing)
      await t.updateTable('project_participants').set({ role: input.role }).where('id', '=', existing.id).execute();
    else
      await t
        .insertInto('project_participants', {
          id: newId(),
          project_id: projectId,
          user_id: input.userId ?? null,
          contact_id: input.contactId ?? null,
          role: input.role,
          created_at: Date.now(),
        })
        .execute();
    await recordEvent(t, projectId, {
      kind: 'participant',
      userId: userOf(actor),
      data: { userId: input.userId ?? null, contactId: input.contactId ?? null, role: input.role },
    });
    await touchProject(t, projectId);
    return getProject(ctx, workspaceId, projectId, t);
  });
}

export async function removeParticipant(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  participantId: string,
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t
      .deleteFrom('project_participants')
      .where('id', '=', participantId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await touchProject(t, projectId);
    await audit(t, actor, 'project.participant_removed', { type: 'project', id: projectId }, { participantId });
    return getProject(ctx, workspaceId, projectId, t);
  });
}

/** The conversation's messages join the project's timeline (an email thread, a WhatsApp chat about the order). */
export async function linkConversation(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  conversationId: string,
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertProject(t, projectId);
    await assertReferences(t, [
      { table: 'conversations', id: conversationId, path: 'conversationId', message: 'field.noSuchConversation' },
    ]);
    const made = await t
      .insertInto('project_conversations', {
        project_id: projectId,
        conversation_id: conversationId,
        linked_at: Date.now(),
      })
      .onConflict((oc) => oc.columns(['project_id', 'conversation_id']).doNothing())
      .executeTakeFirst();
    if (Number(made.numInsertedOrUpdatedRows ?? 0))
      await recordEvent(t, projectId, { kind: 'conversation', userId: userOf(actor), data: { conversationId } });
    await touchProject(t, projectId);
    return getProject(ctx, workspaceId, projectId, t);
  });
}

export async function unlinkConversation(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  conversationId: string,
): Promise<Project> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t
      .deleteFrom('project_conversations')
      .where('project_id', '=', projectId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'project.conversation_unlinked', { type: 'project', id: projectId }, { conversationId });
    return getProject(ctx, workspaceId, projectId, t);
  });
}

/** A member's comment; public ones are seen (and answered) by the customer in the portal. */
export async function addComment(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  input: { body: string; public: boolean },
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertProject(t, projectId);
    await recordEvent(t, projectId, { kind: 'comment', userId: userOf(actor), body: input.body, public: input.public });
    await touchProject(t, projectId);
  });
}

/** A contact's privacy export: the projects they are the customer of or take part in, and what they wrote on them. */
export async function projectsOfContact(t: Tenant, contactId: string) {
  const rows = await t
    .selectFrom('projects')
    .select([
      'id',
      'kind',
      'number',
      'title',
      'status',
      'requirements',
      'start_date',
      'due_date',
      'delivered_at',
      'invoiced_at',
      'created_at',
    ])
    .where((eb) =>
      eb.or([
        eb('contact_id', '=', contactId),
        eb(
          'id',
          'in',
          eb
            .selectFrom('project_participants')
            .select('project_id')
            .where('workspace_id', '=', t.workspaceId)
            .where('contact_id', '=', contactId),
        ),
      ]),
    )
    .orderBy('created_at')
    .execute();
  const written = await t
    .selectFrom('project_events')
    .select(['project_id', 'at', 'kind', 'body'])
    .where('contact_id', '=', contactId)
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    reference: referenceOf(r.kind, r.number),
    title: r.title,
    status: r.status,
    requirements: r.requirements,
    startDate: r.start_date,
    dueDate: r.due_date,
    createdAt: iso(r.created_at),
    deliveredAt: r.delivered_at === null ? null : iso(r.delivered_at),
    invoicedAt: r.invoiced_at === null ? null : iso(r.invoiced_at),
    theirComments: written
      .filter((w) => w.project_id === r.id)
      .map((w) => ({ at: iso(w.at), kind: w.kind, body: w.body })),
  }));
}
