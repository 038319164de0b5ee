// The conversation's own history: every event that service reports read later (created, assigned, status changes,
// responses, reopenings), written in the same transaction as the change it describes.
import { sql } from 'kysely';
import type { Tenant } from '../../db/tenant.js';
import type { Actor } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';

export type ConversationEventType =
  | 'created'
  | 'assigned'
  | 'transferred'
  | 'status_changed'
  | 'priority_changed'
  | 'first_response'
  | 'responded'
  | 'reopened'
  | 'customer_wrote'
  | 'delivery_failed'
  | 'logged'
  | 'merged'
  | 'abandoned';

export async function recordEvent(t: Tenant, conversationId: string, type: ConversationEventType, actor: Actor, data: Record<string, unknown> = {}, at = Date.now()): Promise<void> {
  await t.insertInto('conversation_events', { id: newId(), conversation_id: conversationId, type, actor_type: actor.type, actor_id: actor.id, data: JSON.stringify(data), created_at: at }).execute();
}

/** What reports read of conversations changed after an instant (and up to another): their state, their history and
 *  a summary of their messages. */
export async function changedConversations(t: Tenant, since: number, limit: number, until = Number.MAX_SAFE_INTEGER) {
  const rows = await t
    .selectFrom('conversations')
    .leftJoin('conversation_facts', 'conversation_facts.conversation_id', 'conversations.id')
    .select(['conversations.id', 'conversations.contact_id', 'conversations.channel', 'conversations.team_id', 'conversations.assignee_id', 'conversations.status', 'conversations.created_at', 'conversations.updated_at', 'conversations.first_response_at', 'conversations.resolved_at', 'conversations.abandoned_at'])
    .where('conversations.updated_at', '>', since)
    .where('conversations.updated_at', '<=', until)
    // Those whose facts already reflect their last change are skipped, so a margin of time costs nothing.
    .where((eb) => eb.or([eb('conversation_facts.source_updated_at', 'is', null), eb('conversation_facts.source_updated_at', '!=', eb.ref('conversations.updated_at'))]))
    .orderBy('conversations.updated_at')
    .limit(limit)
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  // Messages are summed up by the database: a long conversation costs the reports a scan in SQL, not one JavaScript
  // object per message. Only the team's messages come back, each with when the message before it was written.
  const [events, counts, agent] = await Promise.all([
    t.selectFrom('conversation_events').select(['conversation_id', 'type', 'data', 'created_at']).where('conversation_id', 'in', ids).orderBy('created_at').execute(),
    t
      .selectFrom('messages')
      .select((eb) => ['conversation_id', eb.fn.sum<number>(eb.case().when('direction', '=', 'incoming').then(1).else(0).end()).as('customer_messages'), eb.fn.max('created_at').as('last_at')])
      .where('conversation_id', 'in', ids)
      .groupBy('conversation_id')
      .execute(),
    t.db
      .selectFrom((eb) =>
        eb
          .selectFrom('messages')
          .select(['conversation_id', 'sender_type', 'kind', 'is_private', 'created_at'])
          .select((e) => [
            e.case().when('kind', 'in', ['call', 'visit']).then(e.ref('metadata')).else(null).end().as('metadata'),
            sql<number | null>`lag(${sql.ref('created_at')}) over (partition by ${sql.ref('conversation_id')} order by ${sql.ref('created_at')}, ${sql.ref('id')})`.as('previous_at'),
          ])
          .where('workspace_id', '=', t.workspaceId)
          .where('conversation_id', 'in', ids)
          .as('m'),
      )
      .select(['m.conversation_id', 'm.kind', 'm.is_private', 'm.metadata', 'm.created_at', 'm.previous_at'])
      .where('m.sender_type', '=', 'agent')
      .orderBy('m.conversation_id')
      .orderBy('m.created_at')
      .execute(),
  ]);
  const eventsOf = new Map<string, typeof events>();
  for (const e of events) eventsOf.set(e.conversation_id, [...(eventsOf.get(e.conversation_id) ?? []), e]);
  const summaries = new Map<string, MessageSummary>();
  const summaryOf = (id: string) => summaries.get(id) ?? summaries.set(id, { customerMessages: 0, lastAt: null, agent: [] }).get(id)!;
  for (const c of counts) Object.assign(summaryOf(c.conversation_id), { customerMessages: Number(c.customer_messages), lastAt: c.last_at === null ? null : Number(c.last_at) });
  for (const a of agent) summaryOf(a.conversation_id).agent.push({ kind: a.kind, is_private: Number(a.is_private), metadata: a.metadata, created_at: Number(a.created_at), previous_at: a.previous_at === null ? null : Number(a.previous_at) });
  return rows.map((r) => ({ ...r, events: eventsOf.get(r.id) ?? [], messages: summaries.get(r.id) ?? { customerMessages: 0, lastAt: null, agent: [] } }));
}

/** What the reports need of a conversation's messages. */
export interface MessageSummary {
  /** How many the customer wrote. */
  customerMessages: number;
  /** When the last one was written; null without messages. */
  lastAt: number | null;
  /** The team's messages, oldest first, each with when the message before it was written (null: it was the first). */
  agent: { kind: string; is_private: number; metadata: string | null; created_at: number; previous_at: number | null }[];
}

/** The same summary from a list of messages (what changedConversations has the database compute). */
export function summarizeMessages(messages: { id?: string; direction: string; sender_type: string; is_private: number; kind: string; metadata: string; created_at: number }[]): MessageSummary {
  // The database's order: by time, then by id.
  const sorted = [...messages].sort((a, b) => a.created_at - b.created_at || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0));
  const summary: MessageSummary = { customerMessages: 0, lastAt: sorted.at(-1)?.created_at ?? null, agent: [] };
  sorted.forEach((m, i) => {
    if (m.direction === 'incoming') summary.customerMessages += 1;
    if (m.sender_type === 'agent') summary.agent.push({ kind: m.kind, is_private: m.is_private, metadata: m.kind === 'call' || m.kind === 'visit' ? m.metadata : null, created_at: m.created_at, previous_at: i > 0 ? sorted[i - 1]!.created_at : null });
  });
  return summary;
}
export type ConversationHistory = Awaited<ReturnType<typeof changedConversations>>[number];
