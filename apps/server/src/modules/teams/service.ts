// Teams and routing: who is in charge of which kind of problem. Routing rules send a new conversation to a team; the
// team gives it, round robin, to an available agent who is online and has room under their capacity.
import { clearedForTeam } from '../training/index.js';
import type { BusinessHours, RoutingRule, Team } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import { isOpenAt } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { fold } from '../../platform/search.js';
import { contactInSegment } from '../segments/index.js';

/** An agent counts as online while their console has checked in within this long (as for presence). */
const ONLINE_WINDOW_MS = 75_000;

type Conditions = RoutingRule['conditions'];

// ---------------------------------------------------------------- teams

export async function listTeams(ctx: AppContext, workspaceId: string): Promise<Team[]> {
  const t = tenant(ctx.db, workspaceId);
  const [teams, members, open] = await Promise.all([
    t.selectFrom('teams').selectAll().orderBy('name').execute(),
    t
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .innerJoin('memberships', (j) =>
        j
          .onRef('memberships.user_id', '=', 'team_members.user_id')
          .onRef('memberships.workspace_id', '=', 'team_members.workspace_id'),
      )
      .select([
        'team_members.team_id',
        'team_members.user_id',
        'team_members.capacity',
        'users.name',
        'memberships.availability',
      ])
      .orderBy('users.name')
      .execute(),
    t
      .selectFrom('conversations')
      .select((eb) => ['assignee_id', eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['open', 'pending'])
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute(),
  ]);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    description: team.description,
    leadId: team.lead_id,
    autoAssign: team.auto_assign === 1,
    businessHours: team.business_hours ? (JSON.parse(team.business_hours) as BusinessHours) : null,
    members: members
      .filter((m) => m.team_id === team.id)
      .map((m) => ({
        userId: m.user_id,
        name: m.name,
        capacity: m.capacity,
        open: Number(open.find((o) => o.assignee_id === m.user_id)?.n ?? 0),
        availability: m.availability as 'available' | 'away',
      })),
  }));
}

async function getTeam(ctx: AppContext, workspaceId: string, id: string): Promise<Team> {
  const team = (await listTeams(ctx, workspaceId)).find((x) => x.id === id);
  if (!team) throw new AppError('not_found');
  return team;
}

async function writeMembers(t: Tenant, teamId: string, members: { userId: string; capacity: number }[]) {
  for (const [i, m] of members.entries()) await assertAgentMember(t, m.userId, `members.${i}.userId`);
  const current = await t
    .selectFrom('team_members')
    .select(['user_id', 'last_assigned_at'])
    .where('team_id', '=', teamId)
    .execute();
  await t.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  const unique = members.filter((m, i) => members.findIndex((x) => x.userId === m.userId) === i);
  if (unique.length) {
    await t
      .insertInto(
        'team_members',
        unique.map((m) => ({
          team_id: teamId,
          user_id: m.userId,
          capacity: m.capacity,
          last_assigned_at: current.find((c) => c.user_id === m.userId)?.last_assigned_at ?? null,
        })),
      )
      .execute();
  }
}

export async function createTeam(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: {
    name: string;
    description?: string | null;
    leadId?: string | null;
    autoAssign: boolean;
    members: { userId: string; capacity: number }[];
    businessHours?: BusinessHours | null;
  },
): Promise<Team> {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (await t.selectFrom('teams').select('id').where('name', '=', input.name).executeTakeFirst())
      throw new AppError('validation_failed', [{ path: 'name', message: 'field.keyTaken' }]);
    await assertAgentMember(t, input.leadId, 'leadId');
    await t
      .insertInto('teams', {
        id,
        name: input.name,
        description: input.description ?? null,
        lead_id: input.leadId ?? null,
        auto_assign: input.autoAssign ? 1 : 0,
        business_hours: input.businessHours ? JSON.stringify(input.businessHours) : null,
        created_at: Date.now(),
      })
      .execute();
    await writeMembers(t, id, input.members);
    await audit(t, actor, 'team.created', { type: 'team', id }, { name: input.name });
  });
  return getTeam(ctx, workspaceId, id);
}

export async function updateTeam(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: Partial<{
    name: string;
    description: string | null;
    leadId: string | null;
    autoAssign: boolean;
    members: { userId: string; capacity: number }[];
    businessHours: BusinessHours | null;
  }>,
): Promise<Team> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    if (
      patch.name &&
      (await t.selectFrom('teams').select('id').where('name', '=', patch.name).where('id', '!=', id).executeTakeFirst())
    )
      throw new AppError('validation_failed', [{ path: 'name', message: 'field.keyTaken' }]);
    if (patch.leadId !== undefined) await assertAgentMember(t, patch.leadId, 'leadId');
    await t
      .updateTable('teams')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.leadId !== undefined ? { lead_id: patch.leadId } : {}),
        ...(patch.autoAssign !== undefined ? { auto_assign: patch.autoAssign ? 1 : 0 } : {}),
        ...(patch.businessHours !== undefined
          ? { business_hours: patch.businessHours ? JSON.stringify(patch.businessHours) : null }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    if (patch.members) await writeMembers(t, id, patch.members);
    await audit(t, actor, 'team.updated', { type: 'team', id }, { fields: Object.keys(patch) });
  });
  return getTeam(ctx, workspaceId, id);
}

export async function deleteTeam(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'team.deleted', { type: 'team', id });
  });
}

export async function assertTeam(t: Tenant, teamId: string | null | undefined, path: string): Promise<void> {
  if (!teamId) return;
  if (!(await t.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()))
    throw new AppError('validation_failed', [{ path, message: 'field.noSuchTeam' }]);
}

/** The hours a team works: its own when it keeps them, otherwise the workspace's (null). */
export async function teamBusinessHours(t: Tenant, teamId: string | null): Promise<BusinessHours | null> {
  if (!teamId) return null;
  const row = await t.selectFrom('teams').select('business_hours').where('id', '=', teamId).executeTakeFirst();
  return row?.business_hours ? (JSON.parse(row.business_hours) as BusinessHours) : null;
}

/** Teams a user belongs to (the inbox's "my teams" view). */
export async function teamsOf(t: Tenant, userId: string): Promise<string[]> {
  return (await t.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute()).map(
    (r) => r.team_id,
  );
}

export async function setAvailability(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
  availability: 'available' | 'away',
): Promise<void> {
  await tenant(ctx.db, workspaceId)
    .updateTable('memberships')
    .set({ availability })
    .where('user_id', '=', userId)
    .execute();
}

// ---------------------------------------------------------------- routing rules

function toRule(r: {
  id: string;
  position: number;
  name: string;
  conditions: string;
  team_id: string;
  priority: string | null;
  enabled: number;
}): RoutingRule {
  return {
    id: r.id,
    position: r.position,
    name: r.name,
    conditions: JSON.parse(r.conditions) as Conditions,
    teamId: r.team_id,
    priority: r.priority as RoutingRule['priority'],
    enabled: r.enabled === 1,
  };
}

export async function listRules(ctx: AppContext, workspaceId: string): Promise<RoutingRule[]> {
  return (await tenant(ctx.db, workspaceId).selectFrom('routing_rules').selectAll().orderBy('position').execute()).map(
    toRule,
  );
}

async function assertRuleRefs(t: Tenant, input: { teamId: string; conditions: Conditions }) {
  await assertTeam(t, input.teamId, 'teamId');
  if (
    input.conditions.segmentId &&
    !(await t.selectFrom('segments').select('id').where('id', '=', input.conditions.segmentId).executeTakeFirst())
  ) {
    throw new AppError('validation_failed', [{ path: 'conditions.segmentId', message: 'field.noSuchSegment' }]);
  }
}

export async function createRule(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; conditions: Conditions; teamId: string; priority: string | null; enabled: boolean },
): Promise<RoutingRule> {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertRuleRefs(t, input);
    const last = await t
      .selectFrom('routing_rules')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    await t
      .insertInto('routing_rules', {
        id,
        position: Number(last?.p ?? 0) + 1,
        name: input.name,
        conditions: JSON.stringify(input.conditions),
        team_id: input.teamId,
        priority: input.priority,
        enabled: input.enabled ? 1 : 0,
        created_at: Date.now(),
      })
      .execute();
    await audit(t, actor, 'routing_rule.created', { type: 'routing_rule', id }, { name: input.name });
  });
  return (await listRules(ctx, workspaceId)).find((r) => r.id === id)!;
}

export async function updateRule(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { name: string; conditions: Conditions; teamId: string; priority: string | null; enabled: boolean },
): Promise<RoutingRule> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('routing_rules').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    await assertRuleRefs(t, input);
    await t
      .updateTable('routing_rules')
      .set({
        name: input.name,
        conditions: JSON.stringify(input.conditions),
        team_id: input.teamId,
        priority: input.priority,
        enabled: input.enabled ? 1 : 0,
      })
      .where('id', '=', id)
      .execute();
    await audit(t, actor, 'routing_rule.updated', { type: 'routing_rule', id });
  });
  return (await listRules(ctx, workspaceId)).find((r) => r.id === id)!;
}

export async function deleteRule(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'routing_rule.deleted', { type: 'routing_rule', id });
  });
}

/** First match wins: the order is the admins' to set. */
export async function reorderRules(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  ids: string[],
): Promise<RoutingRule[]> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const existing = (await t.selectFrom('routing_rules').select('id').execute()).map((r) => r.id);
    if (ids.length !== existing.length || !existing.every((id) => ids.includes(id)))
      throw new AppError('validation_failed', [{ path: 'ids', message: 'field.invalidOption' }]);
    for (const [i, id] of ids.entries())
      await t
        .updateTable('routing_rules')
        .set({ position: i + 1 })
        .where('id', '=', id)
        .execute();
    await audit(t, actor, 'routing_rule.reordered', { type: 'workspace', id: workspaceId });
  });
  return listRules(ctx, workspaceId);
}

// ---------------------------------------------------------------- routing a new conversation

export interface NewConversation {
  conversationId: string;
  contactId: string;
  channel: string;
  body: string;
}

async function matches(
  ctx: AppContext,
  t: Tenant,
  c: Conditions,
  conversation: NewConversation,
  now: number,
): Promise<boolean> {
  if (c.channels.length && !c.channels.includes(conversation.channel as Conditions['channels'][number])) return false;
  if (c.keywords.length) {
    const text = ` ${fold(conversation.body).replace(/[^a-z0-9]+/g, ' ')} `;
    if (
      !c.keywords.some((k) =>
        text.includes(
          ` ${fold(k)
            .replace(/[^a-z0-9]+/g, ' ')
            .trim()} `,
        ),
      )
    )
      return false;
  }
  if (c.during !== 'any') {
    const calendar = await workspaceCalendar(ctx, t.workspaceId, t);
    if (isOpenAt(calendar.businessHours, calendar.timeZone, new Date(now), calendar.holidays) !== (c.during === 'open'))
      return false;
  }
  if (c.segmentId && !(await contactInSegment(t, c.segmentId, conversation.contactId))) return false;
  return true;
}

/** The team member who gets the next conversation: available, online, trained, under capacity, longest since their last one. */
async function nextAgent(t: Tenant, teamId: string, now: number): Promise<string | null> {
  let candidates = await t
    .selectFrom('team_members')
    .innerJoin('memberships', (j) =>
      j
        .onRef('memberships.user_id', '=', 'team_members.user_id')
        .onRef('memberships.workspace_id', '=', 'team_members.workspace_id'),
    )
    .innerJoin('agent_presence', (j) =>
      j
        .onRef('agent_presence.user_id', '=', 'team_members.user_id')
        .onRef('agent_presence.workspace_id', '=', 'team_members.workspace_id'),
    )
    .select(['team_members.user_id', 'team_members.capacity', 'team_members.last_assigned_at'])
    .where('team_members.team_id', '=', teamId)
    .where('memberships.availability', '=', 'available')
    .where('memberships.role', 'in', ['owner', 'admin', 'agent'])
    .where('agent_presence.last_seen_at', '>', now - ONLINE_WINDOW_MS)
    .execute();
  // Someone still in training for this team gets its conversations only once they pass what it requires.
  const cleared = await clearedForTeam(
    t,
    teamId,
    candidates.map((c) => c.user_id),
  );
  candidates = candidates.filter((c) => cleared.has(c.user_id));
  if (!candidates.length) return null;
  const load = await t
    .selectFrom('conversations')
    .select((eb) => ['assignee_id', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['open', 'pending'])
    .where(
      'assignee_id',
      'in',
      candidates.map((c) => c.user_id),
    )
    .groupBy('assignee_id')
    .execute();
  const room = candidates.filter((c) => Number(load.find((l) => l.assignee_id === c.user_id)?.n ?? 0) < c.capacity);
  room.sort((a, b) => (a.last_assigned_at ?? 0) - (b.last_assigned_at ?? 0) || a.user_id.localeCompare(b.user_id));
  return room[0]?.user_id ?? null;
}

/**
 * Runs inside the transaction that created the conversation: the first enabled rule that matches sets the team (and
 * priority); a team with automatic assignment hands it to the next agent. Nothing matches: it stays unassigned.
 */
export async function routeConversation(
  ctx: AppContext,
  t: Tenant,
  conversation: NewConversation,
  now = Date.now(),
): Promise<{ teamId: string | null; assigneeId: string | null; ruleId: string | null; priority: string | null }> {
  const rules = (
    await t.selectFrom('routing_rules').selectAll().where('enabled', '=', 1).orderBy('position').execute()
  ).map(toRule);
  for (const rule of rules) {
    if (!(await matches(ctx, t, rule.conditions, conversation, now))) continue;
    const team = await t
      .selectFrom('teams')
      .select(['id', 'auto_assign'])
      .where('id', '=', rule.teamId)
      .executeTakeFirst();
    if (!team) continue;
    const assigneeId = team.auto_assign === 1 ? await nextAgent(t, team.id, now) : null;
    return { teamId: team.id, assigneeId, ruleId: rule.id, priority: rule.priority };
  }
  return { teamId: null, assigneeId: null, ruleId: null, priority: null };
}

/** A team was chosen by hand (a transfer): its next agent, if it assigns automatically. */
export async function assigneeForTeam(t: Tenant, teamId: string, now = Date.now()): Promise<string | null> {
  const team = await t.selectFrom('teams').select('auto_assign').where('id', '=', teamId).executeTakeFirst();
  return team?.auto_assign === 1 ? nextAgent(t, teamId, now) : null;
}

/** The agent got one: round robin moves past them. */
export async function noteAssignment(t: Tenant, teamId: string, userId: string, now = Date.now()): Promise<void> {
  await t
    .updateTable('team_members')
    .set({ last_assigned_at: now })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .execute();
}
