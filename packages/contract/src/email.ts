// The email channel: a mailbox read over IMAP and answered over SMTP.
import { z } from 'zod';
import { Email, Id } from './common.js';

const Host = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9.-]+$/, 'field.hostName');
const Port = z.number().int().min(1).max(65_535);
const Password = z.string().min(1).max(1000);

export const EmailServerWrite = z.strictObject({
  host: Host,
  port: Port,
  secure: z
    .boolean()
    .describe('TLS from the first byte (IMAP 993, SMTP 465); otherwise STARTTLS when the server offers it'),
  user: z.string().trim().min(1).max(320),
  password: Password.describe('Stored, never shown again'),
});
const ThreadColleagues = z
  .boolean()
  .describe(
    "A reply to a customer's own mail joins its conversation when it comes from that customer, or (true, the default) from a contact of the same company; our signed answers thread whoever replies",
  );
export const EmailInboxWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  address: Email.describe('The address customers write to; answers leave from it'),
  displayName: z
    .string()
    .trim()
    .max(120)
    .nullable()
    .optional()
    .describe('Shown as the sender of answers; the workspace name when empty'),
  mailbox: z.string().trim().min(1).max(200).default('INBOX').describe('IMAP folder to read'),
  threadColleagues: ThreadColleagues.optional(),
  imap: EmailServerWrite,
  smtp: EmailServerWrite,
});
export const EmailInboxUpdate = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  address: Email.optional(),
  displayName: z.string().trim().max(120).nullable().optional(),
  mailbox: z.string().trim().min(1).max(200).optional(),
  threadColleagues: ThreadColleagues.optional(),
  imap: EmailServerWrite.partial().optional().describe('Only what changes; without password the stored one stays'),
  smtp: EmailServerWrite.partial().optional(),
});

const ServerInfo = z.object({
  host: z.string(),
  port: z.number(),
  secure: z.boolean(),
  user: z.string(),
  hasPassword: z.boolean(),
});
export const EmailInboxInfo = z.object({
  address: z.string(),
  displayName: z.string().nullable(),
  mailbox: z.string(),
  threadColleagues: z.boolean(),
  imap: ServerInfo,
  smtp: ServerInfo,
  lastCheckedAt: z.string().nullable().describe('Last time the mailbox was read'),
  lastError: z.string().nullable().describe('Why the last reading failed, if it did'),
});
export type EmailInboxInfo = z.infer<typeof EmailInboxInfo>;
export const EmailPollResult = z.object({ fetched: z.number(), stored: z.number(), error: z.string().nullable() });
export const EmailStart = z.strictObject({
  contactId: Id,
  inboxId: Id.describe('The email inbox it is sent from'),
  subject: z.string().trim().min(1).max(500),
  body: z.string().trim().min(1).max(10_000),
});

export const EmailSkipReason = z.enum(['bounce_unmatched', 'receipt_unmatched', 'auto_reply', 'no_sender']);
export const EmailSkipped = z.object({
  id: Id,
  reason: EmailSkipReason.describe(
    'bounce_unmatched / receipt_unmatched: a report about no mail this inbox sent; auto_reply: an automatic reply with no conversation to join; no_sender: no sender to answer',
  ),
  sender: z.string().nullable(),
  subject: z.string(),
  messageId: z.string().nullable(),
  size: z.number(),
  original: z.boolean().describe('The whole mail can be downloaded (.eml)'),
  receivedAt: z.string(),
});
export type EmailSkipped = z.infer<typeof EmailSkipped>;
