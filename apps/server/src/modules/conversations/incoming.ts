// What customers send, from any channel: stored once (the channel's own message id decides, through a unique
// index), in the contact's conversation on that inbox, which reopens or wakes up when the customer writes again.
import type { Channel, Conversation, DeliveryStatus, Message, MessageKind } from '@atiende/contract';
import { sql } from 'kysely';
import { type Tenant, tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { applySla, startNextResponseClock } from '../sla/index.js';
import { noteAssignment, routeConversation } from '../teams/index.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notifications.js';
import { raiseEvent } from '../../platform/business-events.js';
import { recordEvent } from './history.js';
import { tallied } from './tally.js';
import {
  type MessageRow,
  PREVIEW_LENGTH,
  loadConversation,
  loadConversations,
  publishMessage,
  stripVisitor,
  toMessages,
} from './service.js';

export interface IncomingMessage {
  inboxId: string;
  channel: Channel;
  contactId: string;
  senderName: string;
  body: string;
  /** The channel's own id of the message: a redelivery with the same id stores nothing new. */
  sourceId: string;
  visitorId?: string;
  kind?: MessageKind;
  metadata?: Record<string, unknown>;
  /**
   * Email decides threads by its headers, not by who wrote: the conversation a reply belongs to, or null when the
   * message starts a new thread. Without it, the contact's latest conversation on the inbox continues.
   */
  thread?: { conversationId: string | null; subject?: string | null };
  /**
   * The contact's latest conversation on the inbox when the caller has read it already (a batch of webhooks reads its
   * senders' at once), or null when there is none; left out, it is read here. Not for threads or widget visitors.
   */
  latest?: LatestConversation | null;
}

/** A contact's latest conversation on an inbox, as far as a new message from them needs to know it. */
export interface LatestConversation {
  id: string;
  waiting_since: number | null;
  status: string;
}

export interface Stored {
  duplicate: boolean;
  messageId: string;
  conversationId: string;
  message: MessageRow;
  /** Routing gave the new conversation to this agent: they are told once it is stored. */
  assignedTo?: string | null;
  /** The contact's latest conversation on the inbox now, for the next message of theirs in the same transaction. */
  latest: LatestConversation | null;
}

/**
 * Inserts a message unless the channel delivered it before (same inbox and channel id: the unique index decides, also
 * under a race). Undefined when inserted; the stored one, as a duplicate, otherwise.
 */
async function insertOnce(
  t: Tenant,
  row: MessageRow & { inbox_id: string; source_id: string | null; sender_id: string | null },
): Promise<Stored | undefined> {
  const inserted = await t
    .insertInto('messages', row)
    .onConflict((oc) => oc.columns(['inbox_id', 'source_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return undefined;
  const existing = await t
    .selectFrom('messages')
    .selectAll()
    .where('inbox_id', '=', row.inbox_id)
    .where('source_id', '=', row.source_id)
    .executeTakeFirstOrThrow();
  return {
    duplicate: true,
    messageId: existing.id,
    conversationId: existing.conversation_id,
    message: existing,
    latest: null,
  };
}

/** Stores one inbound message inside the caller's transaction (a channel may store a whole webhook batch in one). */
export async function storeIncoming(
  ctx: AppContext,
  t: Tenant,
  input: IncomingMessage,
  now = Date.now(),
): Promise<Stored> {
  let open = t
    .selectFrom('conversations')
    .select(['id', 'waiting_since', 'status'])
    .where('inbox_id', '=', input.inboxId);
  if (input.thread) open = open.where('id', '=', input.thread.conversationId ?? '');
  else open = open.where('contact_id', '=', input.contactId);
  open = input.visitorId ? open.where('visitor_id', '=', input.visitorId) : open;
  let current: LatestConversation | undefined;
  if (input.latest !== undefined) current = input.latest ?? undefined;
  else if (input.thread?.conversationId !== null)
    current = await open.orderBy('last_message_at', 'desc').executeTakeFirst();
  const contact = { type: 'visitor' as const, id: null };
  let conversationId = current?.id;
  let assignedTo: string | null = null;
  if (!conversationId) {
    conversationId = newId();
    await t
      .insertInto('conversations', {
        id: conversationId,
        inbox_id: input.inboxId,
        contact_id: input.contactId,
        channel: input.channel,
        visitor_id: input.visitorId ?? null,
        status: 'open',
        assignee_id: null,
        last_message_at: now,
        last_message_preview: '',
        waiting_since: null,
        first_response_at: null,
        resolved_at: null,
        subject: input.thread?.subject ?? null,
        // No messages yet: the tally starts exact and counts each one.
        tally_stale: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordEvent(t, conversationId, 'created', contact, { channel: input.channel }, now);
    // Routing rules pick the team in charge; the team hands it to its next agent.
    const route = await routeConversation(
      ctx,
      t,
      { conversationId, contactId: input.contactId, channel: input.channel, body: input.body },
      now,
    );
    if (route.teamId) {
      await t
        .updateTable('conversations')
        .set({
          team_id: route.teamId,
          assignee_id: route.assigneeId,
          ...(route.priority ? { priority: route.priority } : {}),
        })
        .where('id', '=', conversationId)
        .execute();
      await recordEvent(
        t,
        conversationId,
        'assigned',
        { type: 'system', id: null },
        { from: null, to: route.assigneeId, teamId: route.teamId, ruleId: route.ruleId, reason: 'routing' },
        now,
      );
      if (route.assigneeId) await noteAssignment(t, route.teamId, route.assigneeId, now);
      assignedTo = route.assigneeId;
    }
    await applySla(ctx, t, conversationId);
  }
  const row = {
    id: newId(),
    conversation_id: conversationId,
    inbox_id: input.inboxId,
    direction: 'incoming',
    sender_type: 'contact',
    sender_id: input.contactId,
    sender_name: input.senderName,
    body: input.body,
    is_private: 0,
    source_id: input.sourceId,
    kind: input.kind ?? 'text',
    delivery_status: null,
    delivery_error: null,
    metadata: JSON.stringify(input.metadata ?? {}),
    created_at: now,
  };
  const existing = await insertOnce(t, row);
  if (existing) {
    // A redelivery that would have started a thread of its own (email without references) leaves no empty conversation.
    if (!current) await t.deleteFrom('conversations').where('id', '=', conversationId).execute();
    return { ...existing, latest: current ?? null };
  }
  await t
    .updateTable('conversations')
    .set({
      last_message_at: now,
      last_message_preview: preview(input),
      last_incoming_at: now,
      waiting_since: current?.waiting_since ?? now,
      status: 'open',
      snoozed_until: null,
      resolved_at: null,
      ...(current?.status === 'resolved' ? { reopened_at: now } : {}),
      updated_at: now,
    })
    .set(tallied(row))
    .where('id', '=', conversationId)
    .execute();
  const event = {
    conversation: { id: conversationId, channel: input.channel, inboxId: input.inboxId, contactId: input.contactId },
    message: { id: row.id, body: input.body, kind: row.kind },
  };
  if (!current) await raiseEvent(ctx, t, { name: 'conversation.created', data: event }, now);
  await raiseEvent(ctx, t, { name: 'message.received', data: event }, now);
  // The customer writes again after being answered: the next-response clock starts.
  if (current && current.waiting_since === null) await startNextResponseClock(ctx, t, conversationId, now);
  if (current && current.status !== 'open')
    await recordEvent(
      t,
      conversationId,
      current.status === 'resolved' ? 'reopened' : 'status_changed',
      contact,
      { from: current.status, to: 'open', reason: 'customer_wrote' },
      now,
    );
  return {
    duplicate: false,
    messageId: row.id,
    conversationId,
    message: row,
    assignedTo,
    latest: { id: conversationId, waiting_since: current?.waiting_since ?? now, status: 'open' },
  };
}

/**
 * What a machine says about a conversation, stored in it without being a customer message: a bounce notice, an
 * out-of-office reply, a WhatsApp number change. It never reopens, never starts or stops a clock, raises no business
 * event (so no automation answers it) and is not counted in any report. Idempotent on the channel's id.
 */
export async function storeNotice(
  t: Tenant,
  input: {
    conversationId: string;
    inboxId: string;
    /** The channel's id of what arrived; null for a notice of our own. */
    sourceId: string | null;
    senderName: string | null;
    /** The contact whose mail server or phone said it, when it is theirs. */
    senderId?: string | null;
    body: string;
    kind: MessageKind;
    metadata: Record<string, unknown>;
  },
  now = Date.now(),
): Promise<Stored> {
  const row = {
    id: newId(),
    conversation_id: input.conversationId,
    inbox_id: input.inboxId,
    direction: 'incoming',
    sender_type: 'system',
    sender_id: input.senderId ?? null,
    sender_name: input.senderName,
    body: input.body,
    is_private: 0,
    source_id: input.sourceId,
    kind: input.kind,
    delivery_status: null,
    delivery_error: null,
    metadata: JSON.stringify(input.metadata),
    created_at: now,
  };
  const existing = await insertOnce(t, row);
  if (existing) return existing;
  await t
    .updateTable('conversations')
    .set({ updated_at: now })
    .set(tallied(row))
    .where('id', '=', input.conversationId)
    .execute();
  return { duplicate: false, messageId: row.id, conversationId: input.conversationId, message: row, latest: null };
}

function preview(input: IncomingMessage): string {
  return previewOf(input.body, input.kind, input.metadata);
}

/** What the inbox list shows of a message: its text, or the file it carries, or its kind. */
export function previewOf(
  body: string,
  kind: MessageKind | undefined,
  metadata: Record<string, unknown> | undefined,
): string {
  const fileName = typeof metadata?.fileName === 'string' ? `📎 ${metadata.fileName}` : null;
  const marks: Partial<Record<MessageKind, string>> = { order: '🛒', contacts: '👤' };
  const mark = kind && marks[kind] ? `${marks[kind]} ` : '';
  return (mark + (body.trim() || fileName || `[${kind ?? 'text'}]`)).slice(0, PREVIEW_LENGTH);
}

/** After commit: consoles (and the visitor) hear about what was stored; duplicates stay quiet. */
export async function announceIncoming(
  ctx: AppContext,
  workspaceId: string,
  stored: Stored,
): Promise<{ message: Message; conversation: Conversation }> {
  const t = tenant(ctx.db, workspaceId);
  const conversation = await loadConversation(t, stored.conversationId);
  // The row just written (or, for a redelivery, the one found) is the message: no need to read it again.
  const [message] = await toMessages(t, [stored.message]);
  if (!stored.duplicate) await publishIncoming(ctx, workspaceId, conversation, message!, stored.assignedTo);
  return { message: message!, conversation: stripVisitor(conversation) };
}

/** The same for a batch stored together (a group of webhooks): their conversations and messages read at once. */
export async function announceIncomingMany(ctx: AppContext, workspaceId: string, stored: Stored[]): Promise<void> {
  const fresh = stored.filter((s) => !s.duplicate);
  if (!fresh.length) return;
  const t = tenant(ctx.db, workspaceId);
  const conversations = await loadConversations(
    t,
    fresh.map((s) => s.conversationId),
  );
  const messages = await toMessages(
    t,
    fresh.map((s) => s.message),
  );
  for (const [i, s] of fresh.entries()) {
    const conversation = conversations.get(s.conversationId);
    if (conversation) await publishIncoming(ctx, workspaceId, conversation, messages[i]!, s.assignedTo);
  }
}

/** A new customer message to consoles and the visitor; the agent routing gave a new conversation to is told. */
async function publishIncoming(
  ctx: AppContext,
  workspaceId: string,
  conversation: Conversation & { visitorId: string | null },
  message: Message,
  assignedTo: string | null | undefined,
): Promise<void> {
  publishMessage(ctx, workspaceId, conversation, message);
  if (assignedTo)
    await notify(ctx, workspaceId, [assignedTo], {
      kind: 'assigned',
      conversationId: conversation.id,
      contactName: conversation.contact.name,
      by: null,
      excerpt: conversation.lastMessagePreview,
    });
}

/** Stores one customer message in its own transaction and announces it (web chat). */
export async function receiveMessage(
  ctx: AppContext,
  workspaceId: string,
  input: IncomingMessage,
): Promise<{ message: Message; conversation: Conversation; duplicate: boolean }> {
  const stored = await tenant(ctx.db, workspaceId).transaction((t) => storeIncoming(ctx, t, input));
  return { ...(await announceIncoming(ctx, workspaceId, stored)), duplicate: stored.duplicate };
}

const RANK: Record<DeliveryStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 1.5 };

/**
 * A channel's delivery report for one of our messages. States only move forward (sent → delivered → read), whatever
 * order the reports arrive in; "failed" counts only before delivery. The condition is in the UPDATE itself, so two
 * reports racing cannot move it back.
 */
export async function updateDelivery(
  t: Tenant,
  inboxId: string,
  sourceId: string,
  status: DeliveryStatus,
  error: string | null,
): Promise<{ messageId: string; conversationId: string } | null> {
  const rank = sql<number>`case delivery_status when 'pending' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'failed' then 1.5 else -1 end`;
  const changed = await t
    .updateTable('messages')
    .set({ delivery_status: status, ...(status === 'failed' ? { delivery_error: error } : {}) })
    .where('inbox_id', '=', inboxId)
    .where('source_id', '=', sourceId)
    .where('direction', '=', 'outgoing')
    .where(rank, '<', RANK[status])
    .returning(['id', 'conversation_id'])
    .executeTakeFirst();
  return changed ? { messageId: changed.id, conversationId: changed.conversation_id } : null;
}
