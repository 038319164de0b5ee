// Service level agreements: which policy a conversation falls under (first match wins), its due times for the first
// answer, the next answer while the customer waits, and the resolution; and the check that records each breach and
// tells the assignee and the team lead.
import type { SlaPolicy } from '@atiende/contract';
import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import { addBusinessMinutes } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { contactInSegment } from '../segments/index.js';
import { teamBusinessHours } from '../teams/index.js';

type Conditions = SlaPolicy['conditions'];
type Target = 'first_response' | 'next_response' | 'resolution';

/** The service standards of the seeds: web chat under 2 minutes, email under 24 hours, phone at once. */
const defaults = [
  { name: 'Chat del sitio web', channels: ['webchat'], first: 2, next: 5, business: 1 },
  { name: 'WhatsApp', channels: ['whatsapp'], first: 15, next: 30, business: 1 },
  { name: 'Correo', channels: ['email'], first: 24 * 60, next: 24 * 60, business: 0 },
  { name: 'Teléfono', channels: ['phone'], first: 0, next: null, business: 0 },
];

/** A new workspace starts with the default standards (run inside the transaction that creates it). */
export async function provisionSlaPolicies(t: Tenant): Promise<void> {
  const now = Date.now();
  await t
    .insertInto(
      'sla_policies',
      defaults.map((p, i) => ({
        id: newId(),
        position: i + 1,
        name: p.name,
        conditions: JSON.stringify({ channels: p.channels, priorities: [], teamIds: [], segmentId: null }),
        first_response_minutes: p.first,
        next_response_minutes: p.next,
        resolution_minutes: null,
        business_hours: p.business,
        enabled: 1,
        created_at: now,
      })),
    )
    .execute();
}

type Row = {
  id: string;
  position: number;
  name: string;
  conditions: string;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: number;
  enabled: number;
};

function toPolicy(r: Row): SlaPolicy {
  return {
    id: r.id,
    position: r.position,
    name: r.name,
    conditions: JSON.parse(r.conditions) as Conditions,
    firstResponseMinutes: r.first_response_minutes,
    nextResponseMinutes: r.next_response_minutes,
    resolutionMinutes: r.resolution_minutes,
    businessHours: r.business_hours === 1,
    enabled: r.enabled === 1,
  };
}

export async function listPolicies(ctx: AppContext, workspaceId: string): Promise<SlaPolicy[]> {
  return (await tenant(ctx.db, workspaceId).selectFrom('sla_policies').selectAll().orderBy('position').execute()).map(
    toPolicy,
  );
}

type PolicyInput = {
  name: string;
  conditions: Conditions;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
  enabled: boolean;
};

function columns(input: PolicyInput) {
  return {
    name: input.name,
    conditions: JSON.stringify(input.conditions),
    first_response_minutes: input.firstResponseMinutes,
    next_response_minutes: input.nextResponseMinutes,
    resolution_minutes: input.resolutionMinutes,
    business_hours: input.businessHours ? 1 : 0,
    enabled: input.enabled ? 1 : 0,
  };
}

async function assertRefs(t: Tenant, c: Conditions) {
  for (const [i, teamId] of c.teamIds.entries()) {
    if (!(await t.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()))
      throw new AppError('validation_failed', [{ path: `conditions.teamIds.${i}`, message: 'field.noSuchTeam' }]);
  }
  if (c.segmentId && !(await t.selectFrom('segments').select('id').where('id', '=', c.segmentId).executeTakeFirst()))
    throw new AppError('validation_failed', [{ path: 'conditions.segmentId', message: 'field.noSuchSegment' }]);
}

export async function createPolicy(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: PolicyInput,
): Promise<SlaPolicy> {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertRefs(t, input.conditions);
    const last = await t
      .selectFrom('sla_policies')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    await t
      .insertInto('sla_policies', { id, position: Number(last?.p ?? 0) + 1, ...columns(input), created_at: Date.now() })
      .execute();
    await audit(t, actor, 'sla_policy.created', { type: 'sla_policy', id }, { name: input.name });
  });
  return (await listPolicies(ctx, workspaceId)).find((p) => p.id === id)!;
}

export async function updatePolicy(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: PolicyInput,
): Promise<SlaPolicy> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('sla_policies').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    await assertRefs(t, input.conditions);
    await t.updateTable('sla_policies').set(columns(input)).where('id', '=', id).execute();
    await audit(t, actor, 'sla_policy.updated', { type: 'sla_policy', id });
  });
  return (await listPolicies(ctx, workspaceId)).find((p) => p.id === id)!;
}

export async function deletePolicy(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('sla_policies').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'sla_policy.deleted', { type: 'sla_policy', id });
  });
}

export async function reorderPolicies(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  ids: string[],
): Promise<SlaPolicy[]> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const existing = (await t.selectFrom('sla_policies').select('id').execute()).map((r) => r.id);
    if (ids.length !== existing.length || !existing.every((id) => ids.includes(id)))
      throw new AppError('validation_failed', [{ path: 'ids', message: 'field.invalidOption' }]);
    for (const [i, id] of ids.entries())
      await t
        .updateTable('sla_policies')
        .set({ position: i + 1 })
        .where('id', '=', id)
        .execute();
    await audit(t, actor, 'sla_policy.reordered', { type: 'workspace', id: workspaceId });
  });
  return listPolicies(ctx, workspaceId);
}

// ---------------------------------------------------------------- clocks

/** Business time counts in the hours of the conversation's team when it keeps its own, else the workspace's. */
async function clock(ctx: AppContext, t: Tenant, businessHours: boolean, teamId: string | null) {
  const calendar = await workspaceCalendar(ctx, t.workspaceId, t);
  const hours = (await teamBusinessHours(t, teamId)) ?? calendar.businessHours;
  return (from: number, minutes: number | null) =>
    minutes === null
      ? null
      : businessHours
        ? addBusinessMinutes(hours, calendar.timeZone, from, minutes, calendar.holidays)
        : from + minutes * 60_000;
}

/**
 * Picks the policy for a conversation (new, or whose channel, priority or team changed) and sets its due times,
 * counted from when it started. Inside the caller's transaction.
 */
export async function applySla(ctx: AppContext, t: Tenant, conversationId: string): Promise<void> {
  const c = await t
    .selectFrom('conversations')
    .select([
      'channel',
      'priority',
      'team_id',
      'contact_id',
      'created_at',
      'first_response_at',
      'waiting_since',
      'resolved_at',
    ])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!c) return;
  const policies = (
    await t.selectFrom('sla_policies').selectAll().where('enabled', '=', 1).orderBy('position').execute()
  ).map(toPolicy);
  let chosen: SlaPolicy | null = null;
  for (const p of policies) {
    const k = p.conditions;
    if (k.channels.length && !k.channels.includes(c.channel as Conditions['channels'][number])) continue;
    if (k.priorities.length && !k.priorities.includes(c.priority as Conditions['priorities'][number])) continue;
    if (k.teamIds.length && (!c.team_id || !k.teamIds.includes(c.team_id))) continue;
    if (k.segmentId && !(await contactInSegment(t, k.segmentId, c.contact_id))) continue;
    chosen = p;
    break;
  }
  if (!chosen) {
    await t
      .updateTable('conversations')
      .set({ sla_policy_id: null, first_response_due_at: null, next_response_due_at: null, resolution_due_at: null })
      .where('id', '=', conversationId)
      .execute();
    return;
  }
  const due = await clock(ctx, t, chosen.businessHours, c.team_id);
  await t
    .updateTable('conversations')
    .set({
      sla_policy_id: chosen.id,
      first_response_due_at: due(c.created_at, chosen.firstResponseMinutes),
      // A customer already waiting for a later answer (first answer given) gets the next-response clock.
      next_response_due_at:
        c.first_response_at !== null && c.waiting_since !== null
          ? due(c.waiting_since, chosen.nextResponseMinutes)
          : null,
      resolution_due_at: due(c.created_at, chosen.resolutionMinutes),
    })
    .where('id', '=', conversationId)
    .execute();
}

/** The customer wrote again after an answer: the next-response clock starts (if the policy has one). */
export async function startNextResponseClock(
  ctx: AppContext,
  t: Tenant,
  conversationId: string,
  from: number,
): Promise<void> {
  const c = await t
    .selectFrom('conversations')
    .select(['sla_policy_id', 'first_response_at', 'next_response_due_at', 'team_id'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!c?.sla_policy_id || c.first_response_at === null || c.next_response_due_at !== null) return;
  const policy = await t
    .selectFrom('sla_policies')
    .select(['next_response_minutes', 'business_hours'])
    .where('id', '=', c.sla_policy_id)
    .executeTakeFirst();
  if (!policy || policy.next_response_minutes === null) return;
  const due = await clock(ctx, t, policy.business_hours === 1, c.team_id);
  await t
    .updateTable('conversations')
    .set({ next_response_due_at: due(from, policy.next_response_minutes), next_response_breached_at: null })
    .where('id', '=', conversationId)
    .execute();
}

/** An agent answered: the customer is no longer waiting for a next response. */
export async function stopNextResponseClock(t: Tenant, conversationId: string): Promise<void> {
  await t.updateTable('conversations').set({ next_response_due_at: null }).where('id', '=', conversationId).execute();
}

export interface BreachNotice {
  workspaceId: string;
  conversationId: string;
  target: Target;
  notify: string[];
}

/**
 * Due times that passed without their event: each is marked once (the UPDATE's condition makes two processes safe),
 * recorded in the conversation's history, and returned so the assignee and the team lead are told.
 */
type DueQuery = SelectQueryBuilder<
  DB,
  'conversations',
  { id: string; workspace_id: string; assignee_id: string | null; team_id: string | null }
>;

export async function findBreaches(ctx: AppContext, now = Date.now()): Promise<BreachNotice[]> {
  const notices: BreachNotice[] = [];
  const checks: {
    target: Target;
    due: 'first_response_due_at' | 'next_response_due_at' | 'resolution_due_at';
    mark: 'first_response_breached_at' | 'next_response_breached_at' | 'resolution_breached_at';
    still: (q: DueQuery) => DueQuery;
  }[] = [
    {
      target: 'first_response',
      due: 'first_response_due_at',
      mark: 'first_response_breached_at',
      still: (q) => q.where('first_response_at', 'is', null),
    },
    {
      target: 'next_response',
      due: 'next_response_due_at',
      mark: 'next_response_breached_at',
      still: (q) => q.where('waiting_since', 'is not', null),
    },
    {
      target: 'resolution',
      due: 'resolution_due_at',
      mark: 'resolution_breached_at',
      still: (q) => q.where('resolved_at', 'is', null),
    },
  ];
  for (const check of checks) {
    const due = (await check
      .still(
        ctx.db
          .selectFrom('conversations')
          .select(['id', 'workspace_id', 'assignee_id', 'team_id'])
          .where(check.due, '<', now)
          .where(check.mark, 'is', null)
          .where('status', 'in', ['open', 'pending']),
      )
      .limit(500)
      .execute()) as { id: string; workspace_id: string; assignee_id: string | null; team_id: string | null }[];
    for (const c of due) {
      const t = tenant(ctx.db, c.workspace_id);
      const marked = await t.transaction(async (tx) => {
        const changed = await tx
          .updateTable('conversations')
          .set({ [check.mark]: now })
          .where('id', '=', c.id)
          .where(check.mark, 'is', null)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) return false;
        await tx
          .insertInto('conversation_events', {
            id: newId(),
            conversation_id: c.id,
            type: 'sla_breached',
            actor_type: 'system',
            actor_id: null,
            data: JSON.stringify({ target: check.target }),
            created_at: now,
          })
          .execute();
        return true;
      });
      if (!marked) continue;
      const lead = c.team_id
        ? (await t.selectFrom('teams').select('lead_id').where('id', '=', c.team_id).executeTakeFirst())?.lead_id
        : null;
      notices.push({
        workspaceId: c.workspace_id,
        conversationId: c.id,
        target: check.target,
        notify: [...new Set([c.assignee_id, lead].filter((x): x is string => Boolean(x)))],
      });
    }
  }
  return notices;
}
