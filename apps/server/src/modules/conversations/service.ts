// Conversations and messages: every channel lands here; agents answer, assign and resolve.
import type { Channel, Conversation, ConversationStatus, Message } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { iso } from '../../platform/time.js';

const PREVIEW_LENGTH = 140;

function conversationQuery(t: Tenant) {
  return t
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    // A contact blocked by a privacy request takes their conversations out of the inbox with them.
    .where('contacts.privacy_blocked_at', 'is', null)
    .select([
      'conversations.id',
      'conversations.inbox_id',
      'conversations.channel',
      'conversations.status',
      'conversations.visitor_id',
      'conversations.assignee_id',
      'conversations.last_message_at',
      'conversations.last_message_preview',
      'conversations.waiting_since',
      'conversations.created_at',
      'contacts.id as contact_id',
      'contacts.name as contact_name',
      'contacts.email as contact_email',
      'contacts.phone as contact_phone',
    ]);
}
type ConversationRow = Awaited<ReturnType<ReturnType<typeof conversationQuery>['executeTakeFirstOrThrow']>>;

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    inboxId: row.inbox_id,
    channel: row.channel as Channel,
    status: row.status as ConversationStatus,
    contact: { id: row.contact_id, name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    assigneeId: row.assignee_id,
    lastMessageAt: iso(row.last_message_at),
    lastMessagePreview: row.last_message_preview,
    waitingSince: row.waiting_since === null ? null : iso(row.waiting_since),
    createdAt: iso(row.created_at),
  };
}

interface MessageRow {
  id: string;
  conversation_id: string;
  direction: string;
  sender_type: string;
  sender_name: string | null;
  body: string;
  is_private: number;
  created_at: number;
}
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction as Message['direction'],
    senderType: row.sender_type as Message['senderType'],
    senderName: row.sender_name,
    body: row.body,
    private: row.is_private === 1,
    createdAt: iso(row.created_at),
  };
}

async function loadConversation(t: Tenant, id: string): Promise<Conversation & { visitorId: string | null }> {
  const row = await conversationQuery(t).where('conversations.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return { ...toConversation(row), visitorId: row.visitor_id };
}

export async function getConversation(ctx: AppContext, workspaceId: string, id: string): Promise<Conversation> {
  const { visitorId: _hidden, ...conversation } = await loadConversation(tenant(ctx.db, workspaceId), id);
  return conversation;
}

export async function listConversations(
  ctx: AppContext,
  auth: AuthContext,
  query: { status: ConversationStatus | 'all'; channel?: Channel; assignee: 'me' | 'unassigned' | 'all'; before?: string; limit: number },
): Promise<{ items: Conversation[]; nextCursor: string | null }> {
  let q = conversationQuery(tenant(ctx.db, auth.workspaceId));
  if (query.status !== 'all') q = q.where('conversations.status', '=', query.status);
  if (query.channel) q = q.where('conversations.channel', '=', query.channel);
  if (query.assignee === 'unassigned') q = q.where('conversations.assignee_id', 'is', null);
  if (query.assignee === 'me') q = q.where('conversations.assignee_id', '=', auth.user?.id ?? '');
  if (query.before) {
    const [at, id] = query.before.split('|');
    const atMs = Number(at);
    if (!Number.isFinite(atMs) || !id) throw new AppError('validation_failed', [{ path: 'before', message: 'field.invalidCursor' }]);
    q = q.where((eb) =>
      eb.or([eb('conversations.last_message_at', '<', atMs), eb.and([eb('conversations.last_message_at', '=', atMs), eb('conversations.id', '<', id)])]),
    );
  }
  const rows = await q.orderBy('conversations.last_message_at', 'desc').orderBy('conversations.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page.map(toConversation), nextCursor: rows.length > query.limit && last ? `${last.last_message_at}|${last.id}` : null };
}

export async function listMessages(ctx: AppContext, workspaceId: string, conversationId: string, options: { after?: string; includePrivate: boolean }) {
  const t = tenant(ctx.db, workspaceId);
  await loadConversation(t, conversationId);
  let q = t.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
  if (options.after) q = q.where('id', '>', options.after);
  if (!options.includePrivate) q = q.where('is_private', '=', 0);
  const rows = await q.orderBy('created_at').orderBy('id').limit(1000).execute();
  return rows.map(toMessage);
}

export interface IncomingMessage {
  inboxId: string;
  channel: Channel;
  contactId: string;
  senderName: string;
  body: string;
  /** The channel's own id of the message: a redelivery with the same id stores nothing new. */
  sourceId: string;
  visitorId?: string;
}

/**
 * Stores a customer's message in their open conversation on that inbox (reopening or starting one as needed).
 * Idempotent on (inbox, sourceId): the unique index decides, so concurrent redeliveries cannot both insert.
 */
export async function receiveMessage(ctx: AppContext, workspaceId: string, input: IncomingMessage): Promise<{ message: Message; conversation: Conversation; duplicate: boolean }> {
  const now = Date.now();
  const result = await tenant(ctx.db, workspaceId).transaction(async (t) => {
    let open = t
      .selectFrom('conversations')
      .select(['id', 'waiting_since', 'status'])
      .where('inbox_id', '=', input.inboxId)
      .where('contact_id', '=', input.contactId);
    open = input.visitorId ? open.where('visitor_id', '=', input.visitorId) : open;
    const current = await open.orderBy('last_message_at', 'desc').executeTakeFirst();
    let conversationId = current?.id;
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
          created_at: now,
          updated_at: now,
        })
        .execute();
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
      created_at: now,
    };
    const inserted = await t
      .insertInto('messages', row)
      .onConflict((oc) => oc.columns(['inbox_id', 'source_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      const existing = await t.selectFrom('messages').selectAll().where('inbox_id', '=', input.inboxId).where('source_id', '=', input.sourceId).executeTakeFirstOrThrow();
      return { duplicate: true, message: existing, conversationId: existing.conversation_id };
    }
    await t
      .updateTable('conversations')
      .set({
        last_message_at: now,
        last_message_preview: input.body.slice(0, PREVIEW_LENGTH),
        waiting_since: current?.waiting_since ?? now,
        status: 'open',
        resolved_at: null,
        updated_at: now,
      })
      .where('id', '=', conversationId)
      .execute();
    return { duplicate: false, message: row, conversationId };
  });
  const conversation = await loadConversation(tenant(ctx.db, workspaceId), result.conversationId);
  const message = toMessage(result.message);
  if (!result.duplicate) publishMessage(ctx, workspaceId, conversation, message);
  const { visitorId: _hidden, ...publicConversation } = conversation;
  return { message, conversation: publicConversation, duplicate: result.duplicate };
}

function publishMessage(ctx: AppContext, workspaceId: string, conversation: Conversation & { visitorId: string | null }, message: Message) {
  const { visitorId, ...publicConversation } = conversation;
  ctx.events.publish({ type: 'message.created', workspaceId, conversation: publicConversation, message, visitorId });
}

/** An agent's answer or internal note. The first public answer stamps the first response time and ends the wait. */
export async function replyToConversation(ctx: AppContext, auth: AuthContext, actor: Actor, conversationId: string, input: { body: string; private: boolean }) {
  const now = Date.now();
  const id = newId();
  const t0 = tenant(ctx.db, auth.workspaceId);
  await t0.transaction(async (t) => {
    const current = await t.selectFrom('conversations').select(['id', 'inbox_id', 'assignee_id', 'first_response_at']).where('id', '=', conversationId).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await t
      .insertInto('messages', {
        id,
        conversation_id: conversationId,
        inbox_id: current.inbox_id,
        direction: 'outgoing',
        sender_type: 'agent',
        sender_id: auth.user?.id ?? null,
        sender_name: auth.user?.name ?? null,
        body: input.body,
        is_private: input.private ? 1 : 0,
        source_id: null,
        created_at: now,
      })
      .execute();
    if (!input.private) {
      await t
        .updateTable('conversations')
        .set({
          last_message_at: now,
          last_message_preview: input.body.slice(0, PREVIEW_LENGTH),
          waiting_since: null,
          first_response_at: current.first_response_at ?? now,
          // Whoever answers an unassigned conversation takes it.
          assignee_id: current.assignee_id ?? auth.user?.id ?? null,
          updated_at: now,
        })
        .where('id', '=', conversationId)
        .execute();
    }
    if (input.private) await audit(t, actor, 'conversation.note_added', { type: 'conversation', id: conversationId });
  });
  const conversation = await loadConversation(t0, conversationId);
  const message = toMessage(await t0.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  publishMessage(ctx, auth.workspaceId, conversation, message);
  if (!input.private) ctx.events.publish({ type: 'conversation.updated', workspaceId: auth.workspaceId, conversation: stripVisitor(conversation) });
  return message;
}

function stripVisitor(conversation: Conversation & { visitorId: string | null }): Conversation {
  const { visitorId: _hidden, ...rest } = conversation;
  return rest;
}

export async function updateConversation(ctx: AppContext, auth: AuthContext, actor: Actor, id: string, input: { status?: ConversationStatus; assigneeId?: string | null }) {
  const now = Date.now();
  const t0 = tenant(ctx.db, auth.workspaceId);
  await t0.transaction(async (t) => {
    const current = await t.selectFrom('conversations').select(['status', 'assignee_id']).where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await assertAgentMember(t, input.assigneeId, 'assigneeId');
    await t
      .updateTable('conversations')
      .set({
        ...(input.status ? { status: input.status, resolved_at: input.status === 'resolved' ? now : null } : {}),
        ...(input.assigneeId !== undefined ? { assignee_id: input.assigneeId } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (input.status && input.status !== current.status) {
      await audit(t, actor, `conversation.${input.status === 'resolved' ? 'resolved' : input.status === 'open' ? 'reopened' : 'pending'}`, { type: 'conversation', id });
    }
    if (input.assigneeId !== undefined && input.assigneeId !== current.assignee_id) {
      await audit(t, actor, 'conversation.assigned', { type: 'conversation', id }, { from: current.assignee_id, to: input.assigneeId });
    }
  });
  const conversation = stripVisitor(await loadConversation(t0, id));
  ctx.events.publish({ type: 'conversation.updated', workspaceId: auth.workspaceId, conversation });
  return conversation;
}

/** What a website visitor sees: the public messages of the conversations they started, oldest first. */
export async function listMessagesForVisitor(ctx: AppContext, workspaceId: string, visitorId: string, after?: string): Promise<Message[]> {
  const t = tenant(ctx.db, workspaceId);
  let q = t
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .selectAll('messages')
    .where('conversations.visitor_id', '=', visitorId)
    .where('messages.is_private', '=', 0);
  if (after) q = q.where('messages.id', '>', after);
  const rows = await q.orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(200).execute();
  return rows.reverse().map(toMessage);
}

/** Every conversation of a contact with all its messages (internal notes included), for the contact's privacy export. */
export async function conversationsOfContact(t: Tenant, contactId: string) {
  const conversations = await t.selectFrom('conversations').select(['id', 'channel', 'status', 'created_at', 'resolved_at']).where('contact_id', '=', contactId).orderBy('created_at').execute();
  const messages = conversations.length
    ? await t.selectFrom('messages').selectAll().where('conversation_id', 'in', conversations.map((c) => c.id)).orderBy('created_at').orderBy('id').execute()
    : [];
  return conversations.map((c) => ({
    id: c.id,
    channel: c.channel,
    status: c.status,
    createdAt: iso(c.created_at),
    resolvedAt: c.resolved_at === null ? null : iso(c.resolved_at),
    messages: messages.filter((m) => m.conversation_id === c.id).map(toMessage),
  }));
}
