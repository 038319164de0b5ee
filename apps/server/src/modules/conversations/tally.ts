// The running tally of a conversation's messages: what service reports need of them (customer messages, public answers
// of the team, the team's active time, the latest message's time), kept on the conversation's row in the same
// transaction as each message written. The service-facts pass reads the tally instead of every message of every
// conversation that changed (a long conversation that keeps changing made that pass grow without end).
//
// A message that arrives in time order adds to the tally exactly. One written at or before the latest message's time
// (a clock tie, a merge, rows written by code that does not keep the tally) makes it stale: the pass then counts that
// conversation from its messages, as summarizeMessages() does, and sets the tally right unless another message came in
// meanwhile (tally_version tells).
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tenant } from '../../db/tenant.js';

/** Longest stretch before one of the team's messages counted as active work; longer gaps are waiting, not handling. */
export const ACTIVE_GAP_MS = 10 * 60_000;

/** What the reports need of a conversation's messages. */
export interface MessageSummary {
  /** How many the customer wrote. */
  customerMessages: number;
  /** When the last one was written; null without messages. */
  lastAt: number | null;
  /** Public answers of a person of the team (internal notes, logged calls and visits and automatic messages are not). */
  agentReplies: number;
  /** The team's active time: each of its messages counts the time since the message before it (or since the
   *  conversation began), at most ACTIVE_GAP_MS; a logged call or visit counts its own duration. */
  handleMs: number;
}

export interface TalliedMessage {
  direction: string;
  sender_type: string;
  is_private: number;
  kind: string;
  /** The message's metadata as stored (JSON): a logged call's or visit's duration is read from it. */
  metadata: string | null;
  created_at: number;
}

const isAgent = (m: Pick<TalliedMessage, 'sender_type'>) => m.sender_type === 'agent';
/** Written by the customer (or a logged call they made); a machine's notice or automatic reply is not. */
const isCustomer = (m: Pick<TalliedMessage, 'direction' | 'sender_type'>) =>
  m.direction === 'incoming' && m.sender_type !== 'system';
const isReply = (m: Pick<TalliedMessage, 'sender_type' | 'is_private' | 'kind'>) =>
  isAgent(m) && Number(m.is_private) === 0 && m.kind !== 'call' && m.kind !== 'visit';

/** A logged call's or visit's own duration in milliseconds; 0 for anything else (its gap counts instead). */
function durationOf(m: Pick<TalliedMessage, 'kind' | 'metadata'>): number {
  if (m.kind !== 'call' && m.kind !== 'visit') return 0;
  try {
    const ms = Number((JSON.parse(m.metadata ?? '{}') as { durationSeconds?: unknown }).durationSeconds ?? 0) * 1000;
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  } catch {
    return 0;
  }
}

const activeGap = (ms: number) => Math.min(Math.max(0, ms), ACTIVE_GAP_MS);

/** The summary from the messages themselves, in the database's order (time, then id). The reference the tally keeps. */
export function summarizeMessages(
  messages: (TalliedMessage & { id?: string })[],
  conversationCreatedAt: number,
): MessageSummary {
  const sorted = [...messages].sort(
    (a, b) => a.created_at - b.created_at || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0),
  );
  const summary: MessageSummary = {
    customerMessages: 0,
    lastAt: sorted.at(-1)?.created_at ?? null,
    agentReplies: 0,
    handleMs: 0,
  };
  sorted.forEach((m, i) => {
    if (isCustomer(m)) summary.customerMessages += 1;
    if (isReply(m)) summary.agentReplies += 1;
    if (isAgent(m))
      summary.handleMs +=
        durationOf(m) || activeGap(m.created_at - (i > 0 ? sorted[i - 1]!.created_at : conversationCreatedAt));
  });
  return summary;
}

/**
 * What writing one message adds to its conversation's row: `updateTable('conversations').set(...).set(tallied(m))`,
 * in the transaction that inserts the message. Every expression reads the row as it was before this update, which
 * PostgreSQL has locked (two messages at once are counted one after the other) and SQLite writes one at a time.
 */
export function tallied(m: TalliedMessage) {
  return (eb: ExpressionBuilder<DB, 'conversations'>) => {
    const at = m.created_at;
    const duration = durationOf(m);
    const gap = sql<number>`(${at} - coalesce(${eb.ref('tally_last_at')}, ${eb.ref('created_at')}))`;
    const active = duration
      ? sql<number>`${duration}`
      : sql<number>`case when ${gap} < 0 then 0 when ${gap} > ${ACTIVE_GAP_MS} then ${ACTIVE_GAP_MS} else ${gap} end`;
    return {
      tally_version: eb('tally_version', '+', 1),
      tally_customer_messages: eb('tally_customer_messages', '+', isCustomer(m) ? 1 : 0),
      tally_agent_replies: eb('tally_agent_replies', '+', isReply(m) ? 1 : 0),
      tally_handle_ms: isAgent(m) ? sql<number>`${eb.ref('tally_handle_ms')} + ${active}` : eb.ref('tally_handle_ms'),
      // At or before the latest message: the order (and so the gaps) may differ from the tally's; counted again.
      tally_stale: sql<number>`case when ${eb.ref('tally_last_at')} >= ${at} then 1 else ${eb.ref('tally_stale')} end`,
      tally_last_at: sql<number>`case when ${eb.ref('tally_last_at')} is null or ${eb.ref('tally_last_at')} < ${at} then ${at} else ${eb.ref('tally_last_at')} end`,
    };
  };
}

/** A new message in an existing conversation, when the writer does not update the row anyway. */
export async function tallyMessage(t: Tenant, conversationId: string, m: TalliedMessage): Promise<void> {
  await t.updateTable('conversations').set(tallied(m)).where('id', '=', conversationId).execute();
}

/** The conversation's messages changed other than by a new one (moved in by a merge): counted again by the next pass. */
export function untallied(eb: ExpressionBuilder<DB, 'conversations'>) {
  return { tally_stale: sql<number>`1`, tally_version: eb('tally_version', '+', 1) };
}

/** The tally as the row holds it. */
export const summaryOfRow = (r: {
  tally_customer_messages: number;
  tally_agent_replies: number;
  tally_handle_ms: number;
  tally_last_at: number | null;
}): MessageSummary => ({
  customerMessages: Number(r.tally_customer_messages),
  lastAt: r.tally_last_at === null ? null : Number(r.tally_last_at),
  agentReplies: Number(r.tally_agent_replies),
  handleMs: Number(r.tally_handle_ms),
});

/**
 * Counts stale conversations from their messages (in SQL: a scan of each one's messages, only the team's coming back
 * with the time of the message before each) and sets their tallies right, each unless a message was written since its
 * row was read (`version`): that one stays stale and is counted again next time.
 */
export async function recount(
  t: Tenant,
  stale: { id: string; created_at: number; tally_version: number }[],
): Promise<Map<string, MessageSummary>> {
  const summaries = new Map<string, MessageSummary>();
  if (!stale.length) return summaries;
  const ids = stale.map((c) => c.id);
  const [counts, agent] = await Promise.all([
    t
      .selectFrom('messages')
      .select((eb) => [
        'conversation_id',
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('direction', '=', 'incoming'), eb('sender_type', '<>', 'system')]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('customer_messages'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(
                eb.and([
                  eb('sender_type', '=', 'agent'),
                  eb('is_private', '=', 0),
                  eb('kind', 'not in', ['call', 'visit']),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('agent_replies'),
        eb.fn.max('created_at').as('last_at'),
      ])
      .where('conversation_id', 'in', ids)
      .groupBy('conversation_id')
      .execute(),
    t.db
      .selectFrom((eb) =>
        eb
          .selectFrom('messages')
          .select(['conversation_id', 'sender_type', 'kind', 'created_at'])
          .select((e) => [
            e.case().when('kind', 'in', ['call', 'visit']).then(e.ref('metadata')).else(null).end().as('metadata'),
            sql<
              number | null
            >`lag(${sql.ref('created_at')}) over (partition by ${sql.ref('conversation_id')} order by ${sql.ref('created_at')}, ${sql.ref('id')})`.as(
              'previous_at',
            ),
          ])
          .where('workspace_id', '=', t.workspaceId)
          .where('conversation_id', 'in', ids)
          .as('m'),
      )
      .select(['m.conversation_id', 'm.kind', 'm.metadata', 'm.created_at', 'm.previous_at'])
      .where('m.sender_type', '=', 'agent')
      .execute(),
  ]);
  for (const c of stale) summaries.set(c.id, { customerMessages: 0, lastAt: null, agentReplies: 0, handleMs: 0 });
  const createdAt = new Map(stale.map((c) => [c.id, Number(c.created_at)]));
  for (const c of counts)
    Object.assign(summaries.get(c.conversation_id)!, {
      customerMessages: Number(c.customer_messages),
      agentReplies: Number(c.agent_replies),
      lastAt: c.last_at === null ? null : Number(c.last_at),
    });
  for (const a of agent) {
    const previous = a.previous_at === null ? createdAt.get(a.conversation_id)! : Number(a.previous_at);
    summaries.get(a.conversation_id)!.handleMs += durationOf(a) || activeGap(Number(a.created_at) - previous);
  }
  for (const c of stale) {
    const s = summaries.get(c.id)!;
    await t
      .updateTable('conversations')
      .set({
        tally_customer_messages: s.customerMessages,
        tally_agent_replies: s.agentReplies,
        tally_handle_ms: s.handleMs,
        tally_last_at: s.lastAt,
        tally_stale: 0,
      })
      .where('id', '=', c.id)
      .where('tally_version', '=', c.tally_version)
      .execute();
  }
  return summaries;
}
