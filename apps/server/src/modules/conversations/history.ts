// The conversation's own history: every event that service reports read later (created, assigned, status changes,
// responses, reopenings), written in the same transaction as the change it describes.
import type { Tenant } from '../../db/tenant.js';
import type { Actor } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { recount, summaryOfRow } from './tally.js';

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

export async function recordEvent(
  t: Tenant,
  conversationId: string,
  type: ConversationEventType,
  actor: Actor,
  data: Record<string, unknown> = {},
  at = Date.now(),
): Promise<void> {
  await t
    .insertInto('conversation_events', {
      id: newId(),
      conversation_id: conversationId,
      type,
      actor_type: actor.type,
      actor_id: actor.id,
      data: JSON.stringify(data),
      created_at: at,
    })
    .execute();
}

/** What reports read of conversations changed after an instant (and up to another): their state, their history and
 *  the tally of their messages (counted again from the messages where it is stale). */
export async function changedConversations(t: Tenant, since: number, limit: number, until = Number.MAX_SAFE_INTEGER) {
  const rows = await t
    .selectFrom('conversations')
    .leftJoin('conversation_facts', 'conversation_facts.conversation_id', 'conversations.id')
    .select([
      'conversations.id',
      'conversations.contact_id',
      'conversations.channel',
      'conversations.team_id',
      'conversations.assignee_id',
      'conversations.status',
      'conversations.created_at',
      'conversations.updated_at',
      'conversations.first_response_at',
      'conversations.resolved_at',
      'conversations.abandoned_at',
    ])
    .select([
      'conversations.tally_customer_messages',
      'conversations.tally_agent_replies',
      'conversations.tally_handle_ms',
      'conversations.tally_last_at',
      'conversations.tally_version',
      'conversations.tally_stale',
    ])
    .where('conversations.updated_at', '>', since)
    .where('conversations.updated_at', '<=', until)
    // Those whose facts already reflect their last change are skipped, so a margin of time costs nothing.
    .where((eb) =>
      eb.or([
        eb('conversation_facts.source_updated_at', 'is', null),
        eb('conversation_facts.source_updated_at', '!=', eb.ref('conversations.updated_at')),
      ]),
    )
    .orderBy('conversations.updated_at')
    .limit(limit)
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [events, recounted] = await Promise.all([
    t
      .selectFrom('conversation_events')
      .select(['conversation_id', 'type', 'data', 'created_at'])
      .where('conversation_id', 'in', ids)
      .orderBy('created_at')
      .execute(),
    recount(
      t,
      rows.filter((r) => Number(r.tally_stale) !== 0),
    ),
  ]);
  const eventsOf = new Map<string, typeof events>();
  for (const e of events) eventsOf.set(e.conversation_id, [...(eventsOf.get(e.conversation_id) ?? []), e]);
  return rows.map(
    ({
      tally_customer_messages,
      tally_agent_replies,
      tally_handle_ms,
      tally_last_at,
      tally_version,
      tally_stale,
      ...r
    }) => ({
      ...r,
      events: eventsOf.get(r.id) ?? [],
      messages:
        recounted.get(r.id) ??
        summaryOfRow({ tally_customer_messages, tally_agent_replies, tally_handle_ms, tally_last_at }),
    }),
  );
}
export type ConversationHistory = Awaited<ReturnType<typeof changedConversations>>[number];
