// What a person of the team is told about, live in the console and, as they choose, by email.
import { z } from 'zod';

export const NotificationKind = z.enum(['mention', 'assigned', 'sla_breached', 'task_due', 'automation']);
export type NotificationKind = z.infer<typeof NotificationKind>;
export const NotificationPreferences = z.strictObject({
  email: z
    .array(NotificationKind)
    .max(5)
    .describe(
      'Kinds of notice also sent by email: mention (an internal note names me), assigned (a conversation becomes mine), sla_breached (one of mine missed a target), task_due (a follow-up or deal activity of mine is due), automation (an automation rule tells me)',
    ),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** A notice as the bell keeps it: every one is stored, read or not, until it is 90 days old. */
export const StoredNotice = z.object({
  id: z.string(),
  kind: NotificationKind,
  conversationId: z.string().nullable().describe('What it opens: the conversation, or else the contact'),
  contactId: z.string().nullable(),
  contactName: z.string(),
  by: z.string().nullable().describe('The teammate who caused it (mentioned, assigned), when someone did'),
  excerpt: z.string(),
  createdAt: z.string().describe('ISO 8601 date-time in UTC'),
  readAt: z.string().nullable(),
});
export type StoredNotice = z.infer<typeof StoredNotice>;
export const NoticeList = z.object({
  items: z.array(StoredNotice),
  unread: z.number().int().describe('Unread notices in all, not only on this page'),
  nextCursor: z.string().nullable(),
});
export type NoticeList = z.infer<typeof NoticeList>;
export const NoticeListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional().describe('true: only the unread ones'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(100).optional(),
});
export const NoticeReadBody = z
  .strictObject({
    ids: z.array(z.string().min(1).max(64)).max(200).optional().describe('These notices'),
    all: z.literal(true).optional().describe('Every notice of mine'),
  })
  .refine((b) => Boolean(b.ids?.length) !== Boolean(b.all), {
    message: 'field.invalidOption',
    path: ['ids'],
  });
