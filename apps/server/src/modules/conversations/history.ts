// The conversation's own history: every event that service reports read later (created, assigned, status changes,
// responses, reopenings), written in the same transaction as the change it describes.
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

/** What reports read of conversations changed after an instant: their state, their history and their messages' times. */
export async function changedConversations(t: Tenant, since: number, limit: number) {
  const rows = await t
    .selectFrom('conversations')
    .leftJoin('conversation_facts', 'conversation_facts.conversation_id', 'conversations.id')
    .select(['conversations.id', 'conversations.contact_id', 'conversations.channel', 'conversations.team_id', 'conversations.assignee_id', 'conversations.status', 'conversations.created_at', 'conversations.updated_at', 'conversations.first_response_at', 'conversations.resolved_at', 'conversations.abandoned_at'])
    .where('conversations.updated_at', '>', since)
    // Those whose facts already reflect their last change are skipped, so a margin of time costs nothing.
    .where((eb) => eb.or([eb('conversation_facts.source_updated_at', 'is', null), eb('conversation_facts.source_updated_at', '!=', eb.ref('conversations.updated_at'))]))
    .orderBy('conversations.updated_at')
    .limit(limit)
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [events, messages] = await Promise.all([
    t.selectFrom('conversation_events').select(['conversation_id', 'type', 'data', 'created_at']).where('conversation_id', 'in', ids).orderBy('created_at').execute(),
    t.selectFrom('messages').select(['conversation_id', 'direction', 'sender_type', 'is_private', 'kind', 'metadata', 'created_at']).where('conversation_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  const group = <R extends { conversation_id: string }>(list: R[]) => {
    const map = new Map<string, R[]>();
    for (const item of list) map.set(item.conversation_id, [...(map.get(item.conversation_id) ?? []), item]);
    return map;
  };
  const eventsOf = group(events);
  const messagesOf = group(messages);
  return rows.map((r) => ({ ...r, events: eventsOf.get(r.id) ?? [], messages: messagesOf.get(r.id) ?? [] }));
}
export type ConversationHistory = Awaited<ReturnType<typeof changedConversations>>[number];
