import { z } from 'zod';
import { Id } from './common.js';

export const Channel = z.enum(['webchat', 'whatsapp', 'email', 'phone', 'visit']);
export type Channel = z.infer<typeof Channel>;
export const ConversationStatus = z.enum(['open', 'pending', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const ContactSummary = z.object({ id: Id, name: z.string(), email: z.string().nullable(), phone: z.string().nullable() });

export const Conversation = z.object({
  id: Id,
  inboxId: Id,
  channel: Channel,
  status: ConversationStatus,
  contact: ContactSummary,
  assigneeId: Id.nullable(),
  lastMessageAt: z.string(),
  lastMessagePreview: z.string(),
  waitingSince: z.string().nullable().describe('When the customer wrote last without an answer yet'),
  createdAt: z.string(),
});
export type Conversation = z.infer<typeof Conversation>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  direction: z.enum(['incoming', 'outgoing']),
  senderType: z.enum(['contact', 'agent', 'system']),
  senderName: z.string().nullable(),
  body: z.string(),
  private: z.boolean().describe('Internal note: never shown to the customer'),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;

export const ConversationListQuery = z.strictObject({
  status: z.enum(['open', 'pending', 'resolved', 'all']).default('open'),
  channel: Channel.optional(),
  assignee: z.enum(['me', 'unassigned', 'all']).default('all'),
  before: z.string().max(64).optional().describe('Cursor: lastMessageAt|id of the last row of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ConversationPage = z.object({ items: z.array(Conversation), nextCursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof ConversationPage>;

export const MessageCreate = z.strictObject({
  body: z.string().trim().min(1).max(10_000),
  private: z.boolean().default(false),
});
export const ConversationUpdate = z.strictObject({
  status: ConversationStatus.optional(),
  assigneeId: Id.nullable().optional(),
});
export const MessageListQuery = z.strictObject({ after: Id.optional() });

export const Inbox = z.object({
  id: Id,
  name: z.string(),
  channel: Channel,
  websiteToken: z.string().nullable(),
  createdAt: z.string(),
});
export type Inbox = z.infer<typeof Inbox>;
