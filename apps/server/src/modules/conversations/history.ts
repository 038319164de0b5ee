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
