// One fact row per conversation, the measurements the service standards are made of: response and resolution times
// (calendar and business), replies, transfers, reopenings, abandonment, handle time, and whether the customer came
// back within 7 days. Brought up to date from the conversations changed since the last pass (every few seconds, and
// before a dashboard is read), so reports never walk messages.
import type { Insertable } from 'kysely';
import type { ConversationFactsTable } from '../../db/schema.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { businessMsBetween, localClock } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { type Calendar, workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { type ConversationHistory, changedConversations } from '../conversations/index.js';
import { ACTIVE_GAP_MS } from '../conversations/index.js';
import { touchDays } from '../conversations/index.js';

const DAY = 86_400_000;
const RETURN_WINDOW = 7 * DAY;
/** Conversations changed this long before the last pass are looked at again, for transactions that committed late. */
const MARGIN_MS = 2 * 60_000;
/** Conversations per pass step. On SQLite a step's reads run on the event loop: small steps, with requests served in
 *  between, keep a busy server's answers quick while the pass catches up. */
const BATCH = 100;

const weekdayNumber: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const dayNumber = (date: string) => Number(date.replaceAll('-', ''));

export type Fact = Omit<Insertable<ConversationFactsTable>, 'workspace_id'>;

export function factOf(c: ConversationHistory, calendar: Calendar): Fact {
  const clock = localClock(new Date(c.created_at), calendar.timeZone);
  const created = c.events.find((e) => e.type === 'created' || e.type === 'logged');
  const createdData = created ? (JSON.parse(created.data) as { startedBy?: string }) : {};
  // Our own first message (an email we started, a call we logged) is not a response to anyone.
  const measuredResponse =
    created?.type !== 'logged' && createdData.startedBy !== 'agent' && c.channel !== 'phone' && c.channel !== 'visit';
  const firstResponseMs =
    measuredResponse && c.first_response_at !== null ? Math.max(0, c.first_response_at - c.created_at) : null;
  const business = (from: number, to: number) =>
    businessMsBetween(calendar.businessHours, calendar.timeZone, from, to, calendar.holidays);
  const resolved = c.status === 'resolved' && c.resolved_at !== null;
  const resolutionMs = resolved ? Math.max(0, c.resolved_at! - c.created_at) : null;
  const firstResolution =
    c.events.find((e) => e.type === 'status_changed' && (JSON.parse(e.data) as { to?: string }).to === 'resolved')
      ?.created_at ?? null;
  const reopenings = c.events
    .filter(
      (e) =>
        e.type === 'reopened' ||
        (e.type === 'status_changed' && (JSON.parse(e.data) as { from?: string }).from === 'resolved'),
    )
    .map((e) => e.created_at);
  // The team's active time (the tally's) and the wrap-up: what the agent did after the last message before resolving.
  const handle =
    c.messages.handleMs +
    (resolved ? Math.min(Math.max(0, c.resolved_at! - (c.messages.lastAt ?? c.created_at)), ACTIVE_GAP_MS) : 0);

  return {
    conversation_id: c.id,
    contact_id: c.contact_id,
    channel: c.channel,
    team_id: c.team_id,
    assignee_id: c.assignee_id,
    created_at: c.created_at,
    local_day: dayNumber(clock.date),
    local_weekday: weekdayNumber[clock.day] ?? 0,
    local_hour: Number(clock.time.slice(0, 2)),
    first_response_ms: firstResponseMs,
    first_response_business_ms: firstResponseMs === null ? null : business(c.created_at, c.first_response_at!),
    resolved_at: resolved ? c.resolved_at : null,
    resolved_day: resolved ? dayNumber(localClock(new Date(c.resolved_at!), calendar.timeZone).date) : null,
    resolution_ms: resolutionMs,
    resolution_business_ms: resolved ? business(c.created_at, c.resolved_at!) : null,
    agent_replies: c.messages.agentReplies,
    customer_messages: c.messages.customerMessages,
    transfers: c.events.filter((e) => e.type === 'transferred').length,
    reopens: reopenings.length,
    returned_within_7d:
      firstResolution !== null && reopenings.some((at) => at > firstResolution && at - firstResolution <= RETURN_WINDOW)
        ? 1
        : 0,
    abandoned: c.abandoned_at !== null ? 1 : 0,
    handle_ms: handle,
    open: resolved ? 0 : 1,
    source_updated_at: c.updated_at,
  };
}

async function upsertFacts(t: Tenant, facts: Fact[]): Promise<void> {
  const days = new Set<number>();
  for (const values of facts) {
    days.add(values.local_day);
    await t
      .insertInto('conversation_facts', values)
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
      .execute();
  }
  // The same contact writing again, on any channel, within 7 days of a resolution: that one was not resolved at first
  // contact. Both directions: an earlier conversation learns of this one, and this one of an earlier return.
  for (const fact of facts) {
    const earlier = await t
      .updateTable('conversation_facts')
      .set({ returned_within_7d: 1 })
      .where('contact_id', '=', fact.contact_id)
      .where('conversation_id', '!=', fact.conversation_id)
      .where('resolved_at', '<=', fact.created_at)
      .where('resolved_at', '>=', fact.created_at - RETURN_WINDOW)
      .where('returned_within_7d', '=', 0)
      .returning('local_day')
      .execute();
    for (const e of earlier) days.add(Number(e.local_day));
    if (fact.resolved_at !== null && fact.resolved_at !== undefined) {
      const later = await t
        .selectFrom('conversation_facts')
        .select('conversation_id')
        .where('contact_id', '=', fact.contact_id)
        .where('created_at', '>', fact.resolved_at)
        .where('created_at', '<=', fact.resolved_at + RETURN_WINDOW)
        .limit(1)
        .executeTakeFirst();
      if (later)
        await t
          .updateTable('conversation_facts')
          .set({ returned_within_7d: 1 })
          .where('conversation_id', '=', fact.conversation_id)
          .execute();
    }
  }
  // The pages of those days are built again when next read.
  await touchDays(t, days);
}

/** Brings one workspace's facts up to date; returns how many conversations were (re)computed. Idempotent. */
export async function refreshFacts(ctx: AppContext, workspaceId: string): Promise<number> {
  const t = tenant(ctx.db, workspaceId);
  const state = await t.selectFrom('analytics_state').select('facts_through').executeTakeFirst();
  if (!state)
    await t
      .insertInto('analytics_state', { facts_through: 0, weekly_summary: 1, last_summary_at: Date.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  let since = Math.max(0, (state?.facts_through ?? 0) - MARGIN_MS);
  // A pass covers what changed before it started: under steady traffic it would otherwise chase conversations that
  // change again while it runs, and never end. Later changes are the next pass's.
  const until = Date.now();
  let calendar: Calendar | undefined;
  let total = 0;
  for (;;) {
    const batch = await changedConversations(t, since, BATCH, until);
    if (!batch.length) break;
    calendar ??= await workspaceCalendar(ctx, workspaceId, t);
    const cal = calendar;
    await t.transaction((tx) =>
      upsertFacts(
        tx,
        batch.map((c) => factOf(c, cal)),
      ),
    );
    total += batch.length;
    const newest = batch.at(-1)!.updated_at;
    await t.updateTable('analytics_state').set({ facts_through: newest }).where('facts_through', '<', newest).execute();
    if (batch.length < BATCH) break;
    // Rows with the same last change as the newest one may be on the next page: start from just before it.
    since = newest - 1;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

/** Every workspace (housekeeping runs this every few seconds on each process; the work is idempotent). */
export async function refreshAllFacts(ctx: AppContext): Promise<void> {
  const workspaces = await ctx.db.selectFrom('workspaces').select('id').execute();
  for (const w of workspaces) await refreshFacts(ctx, w.id);
}
