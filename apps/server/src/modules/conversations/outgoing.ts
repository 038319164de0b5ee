// What agents write: answers (delivered by the channel: the web chat at once, WhatsApp and email through a durable
// job that retries), internal notes, and the response times that service standards are measured by.
import { type Channel, type Message, type MessageKind, WHATSAPP_WINDOW_MS } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notifications.js';
import { mentionedMembers } from '../../platform/mentions.js';
import { copyQuickReplyFiles } from '../quick-replies/index.js';
import { stopNextResponseClock } from '../sla/index.js';
import { recordEvent } from './history.js';
import { quotedMessage } from './replies.js';
import { previewOf } from './incoming.js';
import { tallied, tallyMessage } from './tally.js';
import { loadConversation, loadMessage, publishMessage, stripVisitor } from './service.js';

/** Channels whose answers leave through a job (and come back with delivery reports). */
/** Channels whose messages leave through a job of their own (deliver.<channel>). */
const deliveredByJob = (channel: Channel): channel is 'whatsapp' | 'email' =>
  channel === 'whatsapp' || channel === 'email';
/** Channels an agent cannot write to from Atiende: what happened there is logged instead. */
const loggedOnly = new Set<Channel>(['phone', 'visit']);

export interface Outgoing {
  body: string;
  private: boolean;
  kind?: MessageKind;
  metadata?: Record<string, unknown>;
}

/**
 * Stores an agent's message inside the caller's transaction. A public one ends the customer's wait, stamps the first
 * response, gives an unassigned conversation to whoever answered, and is queued for delivery when the channel needs it.
 */
export async function storeOutgoing(
  ctx: AppContext,
  t: Tenant,
  auth: AuthContext,
  actor: Actor,
  conversationId: string,
  input: Outgoing,
  options: { bypassWindow?: boolean; automated?: { name: string } } = {},
  now = Date.now(),
): Promise<string> {
  const current = await t
    .selectFrom('conversations')
    .select(['id', 'inbox_id', 'channel', 'assignee_id', 'first_response_at', 'last_incoming_at', 'waiting_since'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!current) throw new AppError('not_found');
  const channel = current.channel as Channel;
  if (!input.private && loggedOnly.has(channel) && !['call', 'visit'].includes(input.kind ?? 'text'))
    throw new AppError('validation_failed', [{ path: 'private', message: 'field.noRepliesOnChannel' }]);
  if (
    !input.private &&
    channel === 'whatsapp' &&
    !options.bypassWindow &&
    (current.last_incoming_at === null || now - current.last_incoming_at > WHATSAPP_WINDOW_MS)
  )
    throw new AppError('whatsapp_window_closed');
  const id = newId();
  const async = !input.private && deliveredByJob(channel);
  // An internal note's @mentions are kept with it: the "mentions" view finds them and the people hear about it.
  const mentions = input.private ? await mentionedMembers(t, input.body) : [];
  const metadata = mentions.length ? { ...(input.metadata ?? {}), mentions } : (input.metadata ?? {});
  const message = {
    id,
    conversation_id: conversationId,
    inbox_id: current.inbox_id,
    direction: 'outgoing',
    sender_type: options.automated ? 'system' : 'agent',
    sender_id: options.automated ? null : (auth.user?.id ?? null),
    sender_name: options.automated?.name ?? auth.user?.name ?? null,
    body: input.body,
    is_private: input.private ? 1 : 0,
    source_id: null,
    kind: input.kind ?? 'text',
    delivery_status: async ? 'pending' : null,
    delivery_error: null,
    metadata: JSON.stringify(metadata),
    created_at: now,
  };
  await t.insertInto('messages', message).execute();
  if (input.private) {
    await tallyMessage(t, conversationId, message);
    await audit(t, actor, 'conversation.note_added', { type: 'conversation', id: conversationId });
    return id;
  }
  if (options.automated) {
    // An automatic message is not an answer: the customer still waits for a person, and nobody takes the conversation.
    await t
      .updateTable('conversations')
      .set({
        last_message_at: now,
        last_message_preview: previewOf(input.body, input.kind, input.metadata),
        updated_at: now,
      })
      .set(tallied(message))
      .where('id', '=', conversationId)
      .execute();
    if (async)
      await ctx.jobs.enqueue(
        `deliver.${channel}`,
        { workspaceId: t.workspaceId, messageId: id },
        { executor: t.db, maxAttempts: 6 },
      );
    return id;
  }
  await t
    .updateTable('conversations')
    .set({
      last_message_at: now,
      last_message_preview: previewOf(input.body, input.kind, input.metadata),
      waiting_since: null,
      first_response_at: current.first_response_at ?? now,
      // Whoever answers an unassigned conversation takes it.
      assignee_id: current.assignee_id ?? auth.user?.id ?? null,
      updated_at: now,
    })
    .set(tallied(message))
    .where('id', '=', conversationId)
    .execute();
  await stopNextResponseClock(t, conversationId);
  const waited = current.waiting_since === null ? null : now - current.waiting_since;
  await recordEvent(
    t,
    conversationId,
    current.first_response_at === null ? 'first_response' : 'responded',
    actor,
    { messageId: id, waitedMs: waited },
    now,
  );
  if (async)
    await ctx.jobs.enqueue(
      `deliver.${channel}`,
      { workspaceId: t.workspaceId, messageId: id },
      { executor: t.db, maxAttempts: 6 },
    );
  return id;
}

/** After commit: the message to consoles and the visitor, and the conversation's new state to consoles. */
export async function announceOutgoing(
  ctx: AppContext,
  workspaceId: string,
  conversationId: string,
  messageId: string,
): Promise<Message> {
  const t = tenant(ctx.db, workspaceId);
  const conversation = await loadConversation(t, conversationId);
  const message = await loadMessage(t, messageId);
  publishMessage(ctx, workspaceId, conversation, message);
  const mentions = (message.metadata as { mentions?: string[] }).mentions ?? [];
  await notify(ctx, workspaceId, mentions, {
    kind: 'mention',
    conversationId,
    contactName: conversation.contact.name,
    by: message.senderName,
    excerpt: message.body.slice(0, 500),
  });
  if (!message.private)
    ctx.events.publish({ type: 'conversation.updated', workspaceId, conversation: stripVisitor(conversation) });
  return message;
}

/** An agent's answer or internal note; from a quick reply, its files go along in the same transaction. */
export async function replyToConversation(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  conversationId: string,
  input: { body: string; private: boolean; quickReplyId?: string; replyToId?: string },
): Promise<Message> {
  const id = await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const replyTo = input.replyToId ? await quotedMessage(t, conversationId, input.replyToId) : null;
    const messageId = await storeOutgoing(ctx, t, auth, actor, conversationId, {
      body: input.body,
      private: input.private,
      ...(replyTo ? { metadata: { replyTo } } : {}),
    });
    if (input.quickReplyId) {
      const { channel } = await t
        .selectFrom('conversations')
        .select('channel')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      await copyQuickReplyFiles(t, input.quickReplyId, messageId, channel as Channel, input.private);
    }
    return messageId;
  });
  ctx.jobs.nudge();
  return announceOutgoing(ctx, auth.workspaceId, conversationId, id);
}

/**
 * A message a channel's delivery job is about to send, with its conversation's subject and its contact's addresses;
 * undefined when there is nothing to do (erased meanwhile, or sent by an earlier attempt).
 */
export async function pendingDelivery(t: Tenant, messageId: string) {
  const message = await t
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select([
      'messages.id',
      'messages.inbox_id',
      'messages.body',
      'messages.metadata',
      'messages.delivery_status',
      'messages.conversation_id',
      'conversations.subject',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
      'contacts.whatsapp_id',
    ])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  return message?.delivery_status === 'pending' ? message : undefined;
}

/** A channel gave up on one of our messages: it shows as not delivered, with the reason, in the message and the history. */
export async function markDeliveryFailed(
  ctx: AppContext,
  workspaceId: string,
  conversationId: string,
  messageId: string,
  error: string,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .updateTable('messages')
      .set({ delivery_status: 'failed', delivery_error: error })
      .where('id', '=', messageId)
      .where('delivery_status', '=', 'pending')
      .execute();
    await recordEvent(t, conversationId, 'delivery_failed', { type: 'system', id: null }, { messageId, error });
  });
  await announceDelivery(ctx, workspaceId, messageId);
}

/** A channel's delivery report changed a message: consoles update its ticks. */
export async function announceDelivery(ctx: AppContext, workspaceId: string, messageId: string): Promise<void> {
  const message = await loadMessage(tenant(ctx.db, workspaceId), messageId);
  ctx.events.publish({ type: 'message.updated', workspaceId, message });
}
