// The conversations behind a standard's figure: those that missed its target (or count against it), or met it.
import type { Channel, StandardKey } from '@atiende/contract';
import type { z } from 'zod';
import type { DrillDown } from '@atiende/contract';
import { sql } from 'kysely';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { iso } from '../../platform/time.js';
import { resolveRange } from './dashboard.js';
import type { Filters } from './period.js';
import { listTargets, targetLookup } from './targets.js';

const MINUTE = 60_000;

export async function drillDown(
  ctx: AppContext,
  workspaceId: string,
  query: {
    from?: string;
    to?: string;
    channel?: Channel;
    teamId?: string;
    agentId?: string;
    standard: StandardKey;
    outcome: 'missed' | 'met' | 'all';
    offset: number;
  },
): Promise<z.infer<typeof DrillDown>> {
  const t = tenant(ctx.db, workspaceId);
  const f: Filters = { ...resolveRange(query), channel: query.channel, teamId: query.teamId, agentId: query.agentId };
  const target = targetLookup(await listTargets(ctx, workspaceId));
  const channels = ['webchat', 'whatsapp', 'email', 'phone', 'visit'];
  const responseTarget = sql`(case f.channel ${sql.join(
    channels.map(
      (c) => sql`when ${sql.lit(c)} then ${sql.lit(Math.round((target('first_response', c) ?? 60) * MINUTE))}`,
    ),
    sql` `,
  )} else ${sql.lit(Math.round((target('first_response') ?? 60) * MINUTE))} end)`;
  const lit = (standard: Parameters<typeof target>[0], fallback: number) =>
    sql.lit(Math.round((target(standard) ?? fallback) * MINUTE));
  const positive = sql`exists (select 1 from survey_responses r where r.workspace_id = f.workspace_id and r.conversation_id = f.conversation_id and (r.csat >= 4 or r.nps >= 9 or r.ces >= 5))`;
  const unhappy = sql`exists (select 1 from survey_responses r where r.workspace_id = f.workspace_id and r.conversation_id = f.conversation_id and r.detractor = 1)`;
  const missed: Record<StandardKey, ReturnType<typeof sql>> = {
    first_response: sql`f.first_response_ms > ${responseTarget}`,
    first_response_p90: sql`f.first_response_ms > ${responseTarget}`,
    first_response_business: sql`f.first_response_business_ms > ${responseTarget}`,
    instant_service: sql`f.first_response_ms > ${responseTarget}`,
    waiting_time: sql`f.first_response_ms > ${responseTarget}`,
    first_contact_resolution: sql`not (f.resolved_at is not null and f.agent_replies <= 1 and f.returned_within_7d = 0)`,
    resolution: sql`(f.resolution_ms > ${lit('resolution', 1440)} or f.resolved_at is null)`,
    reopen_rate: sql`f.reopens > 0`,
    successful_customer: sql`not ((f.resolved_at is not null and f.returned_within_7d = 0) or ${positive})`,
    complaints_per_1000: unhappy,
    csat: unhappy,
    nps: unhappy,
    ces: unhappy,
    transfers_per_conversation: sql`f.transfers > 0`,
    abandoned_rate: sql`f.abandoned = 1`,
    handle_time: sql`f.handle_ms > ${lit('handle_time', 20)}`,
    minutes_per_matter: sql`f.handle_ms > ${lit('handle_time', 20)}`,
    backlog: sql`f.open = 1`,
  };
  const condition =
    query.outcome === 'all'
      ? sql`1 = 1`
      : query.outcome === 'missed'
        ? missed[query.standard]
        : sql`not (${missed[query.standard]})`;
  let q = t.db
    .selectFrom('conversation_facts as f')
    .innerJoin('contacts as c', 'c.id', 'f.contact_id')
    .leftJoin('users as u', 'u.id', 'f.assignee_id')
    .where('f.workspace_id', '=', workspaceId)
    .where('c.privacy_blocked_at', 'is', null)
    .where(condition as never);
  if (query.standard !== 'backlog') q = q.where('f.created_at', '>=', f.from).where('f.created_at', '<', f.to);
  if (f.channel) q = q.where('f.channel', '=', f.channel);
  if (f.teamId) q = q.where('f.team_id', '=', f.teamId);
  if (f.agentId) q = q.where('f.assignee_id', '=', f.agentId);
  const [rows, total] = await Promise.all([
    q
      .select([
        'f.conversation_id',
        'c.name',
        'f.channel',
        'u.name as assignee',
        'f.created_at',
        'f.resolved_at',
        'f.first_response_ms',
        'f.resolution_ms',
        'f.handle_ms',
        'f.agent_replies',
        'f.transfers',
        'f.returned_within_7d',
        'f.abandoned',
      ])
      .orderBy('f.created_at', 'desc')
      .limit(50)
      .offset(query.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const minutes = (ms: number | null) => (ms === null ? null : Math.round((Number(ms) / MINUTE) * 10) / 10);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.conversation_id,
      contactName: r.name,
      channel: r.channel,
      assignee: r.assignee,
      createdAt: iso(r.created_at),
      resolvedAt: iso(r.resolved_at),
      firstResponseMinutes: minutes(r.first_response_ms),
      resolutionMinutes: minutes(r.resolution_ms),
      handleMinutes: minutes(r.handle_ms) ?? 0,
      agentReplies: Number(r.agent_replies),
      transfers: Number(r.transfers),
      returned: Number(r.returned_within_7d) === 1,
      abandoned: Number(r.abandoned) === 1,
    })),
  };
}
