// A period's conversation facts read once, as compact rows in time order: whole days from their cached day pages
// (decision 0010), the partial days at either end from the facts themselves; each row packs the day, hour, weekday,
// transfers and outcome flags into one number.
import type { Channel } from '@atiende/contract';
import { sql } from 'kysely';
import { type Tenant } from '../../db/tenant.js';
import { localClock } from '../../platform/business-hours.js';
import { type FactColumns, appendPage, appendRows, dayPages, noFacts } from './fact-days.js';

export const DAY = 86_400_000;

export interface Filters {
  from: number;
  to: number;
  channel?: Channel;
  teamId?: string;
  agentId?: string;
}

export function factsIn(t: Tenant, f: Filters) {
  return dimensionFilter(
    t
      .selectFrom('conversation_facts')
      .where('conversation_facts.created_at', '>=', f.from)
      .where('conversation_facts.created_at', '<', f.to),
    f,
  );
}

// What a conversation counts for, packed into one number by the database (each column read costs more than the math).
// Only conversations not already successful look for a positive survey answer (the CASE stops at the first match).
export const RESOLVED = 1;

export const FIRST_CONTACT = 2;

export const REOPENED = 4;

export const ABANDONED = 8;

export const SUCCESSFUL = 16;

export const flags = sql<number>`(case when conversation_facts.resolution_ms is not null then ${sql.lit(RESOLVED)} else 0 end)
  + (case when conversation_facts.resolution_ms is not null and conversation_facts.agent_replies <= 1 and conversation_facts.returned_within_7d = 0 then ${sql.lit(FIRST_CONTACT)} else 0 end)
  + (case when conversation_facts.reopens > 0 then ${sql.lit(REOPENED)} else 0 end)
  + conversation_facts.abandoned * ${sql.lit(ABANDONED)}
  + (case when conversation_facts.resolution_ms is not null and conversation_facts.returned_within_7d = 0 then ${sql.lit(SUCCESSFUL)}
      when exists (select 1 from survey_responses r where r.conversation_id = conversation_facts.conversation_id and r.workspace_id = conversation_facts.workspace_id and (r.csat >= 4 or r.nps >= 9 or r.ces >= 5)) then ${sql.lit(SUCCESSFUL)}
      else 0 end)`;

// Each value read costs more than the arithmetic: the database packs what it can. `who` is channel|team|agent;
// `packed` is ((local day × 256 + weekday × 24 + hour) × 64 + transfers (up to 63)) × 32 + flags.
export const who = sql<string>`conversation_facts.channel || '|' || coalesce(conversation_facts.team_id, '') || '|' || coalesce(conversation_facts.assignee_id, '')`;

export const packed = sql<number>`((cast(conversation_facts.local_day as bigint) * 256 + conversation_facts.local_weekday * 24 + conversation_facts.local_hour) * 64 + (case when conversation_facts.transfers > 63 then 63 else conversation_facts.transfers end)) * 32 + ${flags}`;

const measures = [
  'conversation_facts.conversation_id',
  who.as('who'),
  packed.as('packed'),
  'first_response_ms',
  'first_response_business_ms',
  'resolution_ms',
  'handle_ms',
] as const;

const dayOf = (ms: number, timeZone: string) => Number(localClock(new Date(ms), timeZone).date.replaceAll('-', ''));

/**
 * The facts of a period in compact columns: the whole local days inside it from their pages (decision 0010), the
 * partial days at its edges from the facts themselves; filtered by channel, team or agent.
 */
export async function readPeriod(t: Tenant, f: Filters, timeZone: string): Promise<FactColumns> {
  const first = dayOf(f.from, timeZone);
  const last = dayOf(f.to - 1, timeZone);
  const out = noFacts();
  const index = new Map<string, number>();
  // The edges: a day holds at most 25 hours, so two days either side bound the scan.
  const edge = (day: number, from: number, to: number) =>
    factsIn(t, { ...f, from, to })
      .where('conversation_facts.local_day', '=', day)
      .select(measures)
      .execute();
  const [head, tail] = await Promise.all([
    edge(first, f.from, Math.min(f.to, f.from + 2 * DAY)),
    last !== first ? edge(last, Math.max(f.from, f.to - 2 * DAY), f.to) : Promise.resolve([]),
  ]);
  appendRows(out, head, index);
  const inner: number[] = [];
  for (let d = epochDayOf(first) + 1; d < epochDayOf(last); d++) inner.push(yyyymmdd(d));
  const pages = await dayPages(t, inner, async (days) => {
    const rows = await t
      .selectFrom('conversation_facts')
      .where('conversation_facts.created_at', '>=', epochDayOf(days[0]!) * DAY - 2 * DAY)
      .where('conversation_facts.created_at', '<', (epochDayOf(days.at(-1)!) + 3) * DAY)
      .where('conversation_facts.local_day', 'in', days)
      .select([...measures, 'conversation_facts.local_day'])
      .execute();
    const byDay = new Map<number, FactColumns>();
    const indexes = new Map<number, Map<string, number>>();
    for (const r of rows) {
      const day = Number(r.local_day);
      let page = byDay.get(day);
      if (!page) {
        byDay.set(day, (page = noFacts()));
        indexes.set(day, new Map());
      }
      appendRows(page, [r], indexes.get(day));
    }
    return byDay;
  });
  const accepts = (who: string) => {
    const [channel, team, agent] = who.split('|');
    return (
      (!f.channel || channel === f.channel) && (!f.teamId || team === f.teamId) && (!f.agentId || agent === f.agentId)
    );
  };
  for (const page of pages) appendPage(out, page, index, accepts);
  appendRows(out, tail, index);
  return out;
}

export const unpack = (n: number) => {
  const flag = n % 32;
  const rest = Math.floor(n / 32);
  const transfers = rest % 64;
  const time = Math.floor(rest / 64);
  return { flag, transfers, slot: time % 256, day: Math.floor(time / 256) };
};

export const epochDayOf = (yyyymmdd: number) =>
  Date.UTC(Math.floor(yyyymmdd / 10_000), (Math.floor(yyyymmdd / 100) % 100) - 1, yyyymmdd % 100) / DAY;

export const yyyymmdd = (epochDay: number) =>
  Number(new Date(epochDay * DAY).toISOString().slice(0, 10).replaceAll('-', ''));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter for the count and the page: Kysely types `where` per builder
export function dimensionFilter<Q extends { where: (...args: any[]) => Q }>(q: Q, f: Filters): Q {
  let out = q;
  if (f.channel) out = out.where('conversation_facts.channel', '=', f.channel);
  if (f.teamId) out = out.where('conversation_facts.team_id', '=', f.teamId);
  if (f.agentId) out = out.where('conversation_facts.assignee_id', '=', f.agentId);
  return out;
}
