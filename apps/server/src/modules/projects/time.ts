// Time worked on projects, in spans. A person's timer runs on one task at a time: start opens a span (and stops the
// one running elsewhere), pause closes it saying why (a setback, a non-working day), resume opens the next span on
// the same task, stop closes it for good. Forgotten time is logged afterwards. Real time per task and project is the
// sum of the spans, so estimate against actual needs no separate bookkeeping.
import type { EstimateReport, PauseReason, TimeEntry, Timer } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { offsetMinutes } from '../../platform/business-hours.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { assertProject, projectFigures, recordEvent, referenceOf, touchProject, workedMinutes } from './service.js';
import { localToday } from './schedule.js';

function person(actor: Actor): string {
  // Time is a person's: an API token logs it for a user through POST …/time with the user's own session only.
  if (actor.type !== 'user' || !actor.id) throw new AppError('forbidden');
  return actor.id;
}

function selectEntries(t: Tenant) {
  return t
    .selectFrom('time_entries')
    .innerJoin('users', 'users.id', 'time_entries.user_id')
    .selectAll('time_entries')
    .select('users.name as userName');
}
type Row = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;
const toEntry = (r: Row, now: number): TimeEntry => ({
  id: r.id,
  projectId: r.project_id,
  taskId: r.task_id,
  user: { id: r.user_id, name: r.userName },
  startedAt: iso(r.started_at),
  endedAt: r.ended_at === null ? null : iso(r.ended_at),
  minutes: Math.floor(((r.ended_at ?? now) - r.started_at) / 60_000),
  endKind: r.end_kind as TimeEntry['endKind'],
  pauseReason: r.pause_reason as PauseReason | null,
  note: r.note,
});

/** The person's latest span of the timer (time logged afterwards is not the timer's): running, paused or stopped. */
async function latest(t: Tenant, userId: string) {
  return selectEntries(t)
    .where('time_entries.user_id', '=', userId)
    .where((eb) => eb.or([eb('time_entries.end_kind', 'is', null), eb('time_entries.end_kind', '!=', 'logged')]))
    .orderBy('time_entries.created_at', 'desc')
    .orderBy('time_entries.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function timerOf(ctx: AppContext, workspaceId: string, actor: Actor, within?: Tenant): Promise<Timer> {
  const t = within ?? tenant(ctx.db, workspaceId);
  const userId = person(actor);
  const now = Date.now();
  const entry = await latest(t, userId);
  const state = !entry ? 'none' : entry.ended_at === null ? 'running' : entry.end_kind === 'pause' ? 'paused' : 'none';
  if (!entry || state === 'none') return { state: 'none', entry: null, project: null, task: null, todayMinutes: 0 };
  const project = await t
    .selectFrom('projects')
    .select(['id', 'kind', 'number', 'title'])
    .where('id', '=', entry.project_id)
    .executeTakeFirstOrThrow();
  const task = entry.task_id
    ? await t.selectFrom('project_tasks').select(['id', 'title']).where('id', '=', entry.task_id).executeTakeFirst()
    : undefined;
  const calendar = await workspaceCalendar(ctx, workspaceId, t);
  // "Today" from the workspace's midnight: the spans of this task (or of the project, without a task) since then.
  const today = localToday(calendar, now);
  const dayStart = Date.parse(`${today}T00:00:00Z`) - offsetMinutes(calendar.timeZone, now) * 60_000;
  let q = t
    .selectFrom('time_entries')
    .select(workedMinutes(now).as('m'))
    .where('user_id', '=', userId)
    .where('project_id', '=', entry.project_id)
    .where('started_at', '>=', dayStart);
  q = entry.task_id ? q.where('task_id', '=', entry.task_id) : q.where('task_id', 'is', null);
  const worked = await q.executeTakeFirst();
  return {
    state,
    entry: toEntry(entry, now),
    project: { id: project.id, reference: referenceOf(project.kind, project.number), title: project.title },
    task: task ? { id: task.id, title: task.title } : null,
    todayMinutes: Math.floor(Number(worked?.m ?? 0)),
  };
}

async function checkTask(t: Tenant, projectId: string, taskId: string | null | undefined): Promise<void> {
  if (!taskId) return;
  const task = await t
    .selectFrom('project_tasks')
    .select('id')
    .where('id', '=', taskId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!task) throw new AppError('validation_failed', [{ path: 'taskId', message: 'field.noSuchTask' }]);
}

/** Closes the person's running span, if any. */
async function closeRunning(
  t: Tenant,
  userId: string,
  now: number,
  kind: 'pause' | 'stop',
  reason: PauseReason | null,
  note?: string,
): Promise<Row | undefined> {
  const running = await selectEntries(t)
    .where('time_entries.user_id', '=', userId)
    .where('time_entries.ended_at', 'is', null)
    .executeTakeFirst();
  if (!running) return undefined;
  await t
    .updateTable('time_entries')
    .set({
      ended_at: Math.max(now, running.started_at),
      end_kind: kind,
      pause_reason: reason,
      ...(note ? { note: running.note ? `${running.note}\n${note}` : note } : {}),
    })
    .where('id', '=', running.id)
    .execute();
  const minutes = Math.floor((Math.max(now, running.started_at) - running.started_at) / 60_000);
  await recordEvent(
    t,
    running.project_id,
    { kind: 'time', userId, data: { taskId: running.task_id, minutes, endKind: kind, reason } },
    now,
  );
  await touchProject(t, running.project_id, now);
  return running;
}

async function open(
  t: Tenant,
  userId: string,
  projectId: string,
  taskId: string | null,
  now: number,
  note?: string,
): Promise<void> {
  await t
    .insertInto('time_entries', {
      id: newId(),
      project_id: projectId,
      task_id: taskId,
      user_id: userId,
      started_at: now,
      ended_at: null,
      end_kind: null,
      pause_reason: null,
      note: note ?? '',
      created_at: now,
    })
    .execute();
  // Work started on a task that was waiting: it is being done now.
  if (taskId)
    await t
      .updateTable('project_tasks')
      .set({ status: 'doing' })
      .where('id', '=', taskId)
      .where('status', '=', 'todo')
      .execute();
  const project = await assertProject(t, projectId);
  if (project.status === 'quoted') {
    await t
      .updateTable('projects')
      .set((eb) => ({ status: 'in_progress', version: eb('version', '+', 1) }))
      .where('id', '=', projectId)
      .execute();
    await recordEvent(
      t,
      projectId,
      { kind: 'status', userId, data: { from: 'quoted', to: 'in_progress' }, public: true },
      now,
    );
  }
}

export async function startTimer(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { projectId: string; taskId?: string | null; note?: string },
): Promise<Timer> {
  const userId = person(actor);
  for (let attempt = 0; ; attempt++) {
    try {
      return await tenant(ctx.db, workspaceId).transaction(async (t) => {
        await assertProject(t, input.projectId);
        await checkTask(t, input.projectId, input.taskId);
        const now = Date.now();
        await closeRunning(t, userId, now, 'stop', null);
        await open(t, userId, input.projectId, input.taskId ?? null, now, input.note);
        return timerOf(ctx, workspaceId, actor, t);
      });
    } catch (error) {
      // Two starts at once (two tabs): the one-running-timer index refuses the second, which tries again and now
      // sees the first one's span to stop. Never two clocks.
      if (error instanceof AppError || attempt >= 2 || !/unique|duplicate/i.test(String((error as Error).message)))
        throw error;
    }
  }
}

export async function pauseTimer(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { reason: PauseReason; note?: string },
): Promise<Timer> {
  const userId = person(actor);
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await closeRunning(t, userId, Date.now(), 'pause', input.reason, input.note)))
      throw new AppError('timer_not_running');
    return timerOf(ctx, workspaceId, actor, t);
  });
}

export async function resumeTimer(ctx: AppContext, workspaceId: string, actor: Actor): Promise<Timer> {
  const userId = person(actor);
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const last = await latest(t, userId);
    if (!last || last.ended_at === null || last.end_kind !== 'pause') throw new AppError('timer_not_running');
    await open(t, userId, last.project_id, last.task_id, Date.now());
    return timerOf(ctx, workspaceId, actor, t);
  });
}

export async function stopTimer(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { note?: string },
): Promise<Timer> {
  const userId = person(actor);
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const now = Date.now();
    if (!(await closeRunning(t, userId, now, 'stop', null, input.note))) {
      // Stopping a paused timer: the pause becomes the end.
      const last = await latest(t, userId);
      if (!last || last.end_kind !== 'pause') throw new AppError('timer_not_running');
      await t
        .updateTable('time_entries')
        .set({
          end_kind: 'stop',
          ...(input.note ? { note: last.note ? `${last.note}\n${input.note}` : input.note } : {}),
        })
        .where('id', '=', last.id)
        .execute();
    }
    return timerOf(ctx, workspaceId, actor, t);
  });
}

export async function logTime(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  projectId: string,
  input: { taskId?: string | null; startedAt: string; minutes: number; note?: string },
): Promise<TimeEntry> {
  const userId = person(actor);
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertProject(t, projectId);
    await checkTask(t, projectId, input.taskId);
    const startedAt = Date.parse(input.startedAt);
    const now = Date.now();
    if (startedAt + input.minutes * 60_000 > now + 60_000)
      throw new AppError('validation_failed', [{ path: 'startedAt', message: 'field.inFuture' }]);
    const id = newId();
    await t
      .insertInto('time_entries', {
        id,
        project_id: projectId,
        task_id: input.taskId ?? null,
        user_id: userId,
        started_at: startedAt,
        ended_at: startedAt + input.minutes * 60_000,
        end_kind: 'logged',
        pause_reason: null,
        note: input.note ?? '',
        created_at: now,
      })
      .execute();
    await recordEvent(
      t,
      projectId,
      { kind: 'time', userId, data: { taskId: input.taskId ?? null, minutes: input.minutes, endKind: 'logged' } },
      now,
    );
    await touchProject(t, projectId, now);
    return toEntry(await selectEntries(t).where('time_entries.id', '=', id).executeTakeFirstOrThrow(), now);
  });
}

export async function listTime(ctx: AppContext, workspaceId: string, projectId: string): Promise<TimeEntry[]> {
  const t = tenant(ctx.db, workspaceId);
  await assertProject(t, projectId);
  const now = Date.now();
  return (
    await selectEntries(t)
      .where('time_entries.project_id', '=', projectId)
      .orderBy('time_entries.started_at', 'desc')
      .limit(1000)
      .execute()
  ).map((r) => toEntry(r, now));
}

/** A span is removed by whoever worked it, or by an admin. */
export async function deleteTime(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  isAdmin: boolean,
  entryId: string,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t
      .selectFrom('time_entries')
      .select(['user_id', 'project_id'])
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (!isAdmin && row.user_id !== actor.id) throw new AppError('forbidden');
    await t.deleteFrom('time_entries').where('id', '=', entryId).execute();
    await audit(t, actor, 'time.deleted', { type: 'project', id: row.project_id }, { entryId });
  });
}

/** Estimate against actual on delivered and invoiced projects that had estimates: how far off estimates run. */
export async function estimateReport(ctx: AppContext, workspaceId: string): Promise<EstimateReport> {
  const t = tenant(ctx.db, workspaceId);
  const now = Date.now();
  const ws = workspaceId;
  const rows = await t
    .selectFrom('projects')
    .select((eb) => [
      'projects.id',
      'projects.kind',
      'projects.number',
      'projects.title',
      'projects.status',
      projectFigures.estimate(eb, ws).as('estimate'),
      projectFigures.worked(eb, ws, now).as('actual'),
    ])
    .where('projects.status', 'in', ['delivered', 'invoiced'])
    .orderBy('projects.delivered_at', 'desc')
    .limit(200)
    .execute();
  const projects = rows.map((r) => {
    const estimateMinutes = Number(r.estimate ?? 0);
    const actualMinutes = Math.floor(Number(r.actual ?? 0));
    return {
      id: r.id,
      reference: referenceOf(r.kind, r.number),
      title: r.title,
      status: r.status as 'delivered',
      estimateMinutes,
      actualMinutes,
      ratio: estimateMinutes > 0 ? Math.round((actualMinutes / estimateMinutes) * 100) / 100 : null,
    };
  });
  const estimated = projects.filter((p) => p.ratio !== null);
  const sumEstimate = estimated.reduce((s, p) => s + p.estimateMinutes, 0);
  const ratios = estimated.map((p) => p.ratio!).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  return {
    projects,
    overallRatio:
      sumEstimate > 0
        ? Math.round((estimated.reduce((s, p) => s + p.actualMinutes, 0) / sumEstimate) * 100) / 100
        : null,
    medianRatio: ratios.length
      ? ratios.length % 2
        ? ratios[mid]!
        : Math.round(((ratios[mid - 1]! + ratios[mid]!) / 2) * 100) / 100
      : null,
  };
}
