import { z } from 'zod';
import { WidgetAppearance } from './widget-appearance.js';
import { Id } from './common.js';
import { EmailInboxInfo } from './email.js';

export const Channel = z.enum(['webchat', 'whatsapp', 'email', 'phone', 'visit']);
export type Channel = z.infer<typeof Channel>;
export const ConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const ContactSummary = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  unverifiedEmail: z
    .string()
    .nullable()
    .optional()
    .describe('A customer’s email this person typed without proof (website chat, forms)'),
});
export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/** WhatsApp lets a business write freely for 24 hours after the customer's last message; after that, only templates. */
export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

/** A click-to-WhatsApp ad or post, as Meta's webhook describes it. */
export const Referral = z.object({
  sourceType: z.string().nullable().describe('ad or post'),
  sourceId: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  headline: z.string().nullable(),
  body: z.string().nullable(),
  mediaType: z.string().nullable(),
  mediaUrl: z.string().nullable(),
  ctwaClid: z.string().nullable().describe('Click id, for the advertiser’s conversion reports'),
});
export type Referral = z.infer<typeof Referral>;

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
  priority: Priority,
  snoozedUntil: z.string().nullable(),
  lastIncomingAt: z.string().nullable().describe("The customer's last message"),
  replyWindowClosesAt: z.string().nullable().describe('WhatsApp: after this, only approved templates may be sent'),
  teamId: Id.nullable(),
  subject: z.string().nullable().describe('Email: the subject of the thread'),
  abandonedAt: z.string().nullable().describe('Website chat: when the customer left while still waiting for an answer'),
  referral: Referral.nullable().describe('WhatsApp: the ad or post the customer tapped to start the conversation'),
  labels: z.array(z.object({ id: Id, name: z.string(), color: z.string() })),
  sla: z
    .object({
      policyId: Id,
      policyName: z.string(),
      firstResponseDueAt: z.string().nullable().describe('Until the first answer'),
      nextResponseDueAt: z.string().nullable().describe('While the customer waits for the next answer'),
      resolutionDueAt: z.string().nullable(),
      breached: z.array(z.enum(['first_response', 'next_response', 'resolution'])),
    })
    .nullable()
    .describe('The service level policy that applies and its running clocks'),
  createdAt: z.string(),
});
export type Conversation = z.infer<typeof Conversation>;

export const MessageKind = z.enum([
  'text',
  'image',
  'document',
  'audio',
  'video',
  'sticker',
  'location',
  'interactive',
  'template',
  'call',
  'visit',
  'email',
  'survey',
  'unsupported',
  'notice',
  'contacts',
  'order',
]);
export type MessageKind = z.infer<typeof MessageKind>;
export const DeliveryStatus = z.enum(['pending', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;
export const Attachment = z.object({
  id: Id,
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  status: z.enum(['pending', 'ready', 'failed']).describe('pending: the channel announced it and it is being fetched'),
  url: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/** A contact card shared on WhatsApp (message metadata.contacts). */
export const SharedContact = z.object({
  name: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  phones: z.array(z.object({ phone: z.string(), waId: z.string().nullable(), label: z.string().nullable() })),
  emails: z.array(z.object({ email: z.string(), label: z.string().nullable() })),
  urls: z.array(z.string()),
  birthday: z.string().nullable(),
  address: z.string().nullable(),
});
export type SharedContact = z.infer<typeof SharedContact>;
/** An order from the business's WhatsApp catalogue (message metadata.order). */
export const CatalogueOrder = z.object({
  catalogId: z.string().nullable(),
  text: z.string().nullable(),
  items: z.array(z.object({ sku: z.string(), quantity: z.number(), price: z.number(), currency: z.string() })),
  totals: z.record(z.string(), z.number()).describe('Per currency; an order normally has one'),
});
export type CatalogueOrder = z.infer<typeof CatalogueOrder>;
/** The message another one answers (metadata.replyTo). */
export const QuotedMessage = z.object({ id: Id, excerpt: z.string(), senderName: z.string().nullable() });
export type QuotedMessage = z.infer<typeof QuotedMessage>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  direction: z.enum(['incoming', 'outgoing']),
  senderType: z.enum(['contact', 'agent', 'system']),
  senderName: z.string().nullable(),
  body: z.string(),
  private: z.boolean().describe('Internal note: never shown to the customer'),
  kind: MessageKind,
  deliveryStatus: DeliveryStatus.nullable().describe('Outgoing messages on channels that report it'),
  deliveryError: z.string().nullable(),
  metadata: z
    .record(z.string(), z.unknown())
    .describe(
      'location: latitude, longitude, name, address; call/visit: direction, durationSeconds, outcome; template: name, language, parameters; email: subject, from, to, cc, html (sanitised), quoted (the history folded away), original (file id of the mail as it arrived, .eml), truncated, automatic (an automatic reply: why); notice: notice (bounce, number_changed…), what it is about',
    ),
  attachments: z.array(Attachment),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;

export const ConversationListQuery = z.strictObject({
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).default('open'),
  channel: Channel.optional(),
  assignee: z.enum(['me', 'unassigned', 'all']).default('all'),
  view: z
    .enum(['all', 'mine', 'unassigned', 'team', 'mentions'])
    .default('all')
    .describe('team: the teams I belong to; mentions: where a note @mentions me'),
  teamId: Id.optional(),
  labelId: Id.optional(),
  priority: Priority.optional(),
  segmentId: Id.optional().describe('Only conversations whose contact is in this segment'),
  fromAd: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only conversations started from a click-to-WhatsApp ad or post; false: only the others'),
  adId: z.string().max(100).optional().describe('Only conversations started from this ad or post'),
  sla: z
    .enum(['breached', 'at_risk', 'on_track'])
    .optional()
    .describe(
      'breached: a target was missed; at_risk: a running clock ends within 30 minutes; on_track: under a policy, neither',
    ),
  sort: z.enum(['activity', 'waiting']).default('activity').describe('waiting: longest-waiting customer first'),
  before: z.string().max(64).optional().describe('Cursor: lastMessageAt|id of the last row of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const WaitingCounts = z.object({
  mine: z.number().int().describe('Open conversations assigned to me'),
  mineWaiting: z.number().int().describe('Of those, the ones where the customer awaits an answer'),
  unassigned: z.number().int().describe('Open conversations nobody has taken, among those I may see'),
});
export type WaitingCounts = z.infer<typeof WaitingCounts>;
export const ConversationPage = z.object({ items: z.array(Conversation), nextCursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof ConversationPage>;

export const MessageCreate = z.strictObject({
  body: z.string().trim().min(1).max(10_000),
  private: z.boolean().default(false),
  quickReplyId: Id.optional().describe('The quick reply this answer came from: its files go along'),
  replyToId: Id.optional().describe(
    'The message of this conversation this one answers: WhatsApp shows it quoted (context), the console too',
  ),
});
export const ReactionWrite = z.strictObject({
  emoji: z.string().max(16).describe('One emoji; empty takes the reaction back'),
});
export const ConversationUpdate = z
  .strictObject({
    status: ConversationStatus.optional(),
    snoozedUntil: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('With status snoozed: when it comes back by itself'),
    assigneeId: Id.nullable().optional(),
    teamId: Id.nullable().optional().describe('Transfer to a team; without assigneeId the team assigns its next agent'),
    priority: Priority.optional(),
    labelIds: z.array(Id).max(20).optional(),
  })
  .refine((u) => u.status !== 'snoozed' || u.snoozedUntil !== undefined, {
    path: ['snoozedUntil'],
    message: 'field.required',
  });
export const MessageListQuery = z.strictObject({ after: Id.optional() });

export const Inbox = z.object({
  id: Id,
  name: z.string(),
  channel: Channel,
  websiteToken: z.string().nullable(),
  whatsapp: z
    .object({
      phoneNumberId: z.string(),
      businessAccountId: z.string().nullable(),
      displayPhoneNumber: z.string().nullable(),
      webhookUrl: z.string(),
      verifyToken: z.string(),
      hasAccessToken: z.boolean(),
      hasAppSecret: z.boolean(),
    })
    .nullable()
    .describe('WhatsApp inboxes: what to paste in Meta; secrets are never returned'),
  email: EmailInboxInfo.nullable().describe(
    'Email inboxes: servers and the state of the last reading; passwords are never returned',
  ),
  webchat: z
    .object({
      leadPipelineId: Id.nullable().describe('A new visitor who starts a chat opens a deal in this pipeline'),
      appearance: WidgetAppearance,
    })
    .nullable(),
  createdAt: z.string(),
});
export type Inbox = z.infer<typeof Inbox>;
export const WebchatInboxUpdate = z.strictObject({
  leadPipelineId: Id.nullable().optional(),
  appearance: WidgetAppearance.optional(),
});

export const CallOutcome = z.enum(['solved', 'follow_up', 'no_answer', 'voicemail', 'wrong_number', 'visited']);
export const ActivityLog = z
  .strictObject({
    contactId: Id,
    kind: z.enum(['call', 'visit']),
    direction: z
      .enum(['inbound', 'outbound'])
      .default('inbound')
      .describe(
        'Call: the customer called (inbound) or we called (outbound); visit: they came to us (inbound) or we went (outbound)',
      ),
    phone: z.string().trim().max(40).nullable().optional().describe('The number of the call, any format'),
    durationMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(0),
    outcome: CallOutcome,
    notes: z.string().trim().max(10_000).default(''),
    at: z.iso.datetime({ offset: true }).optional().describe('When it started; defaults to now'),
  })
  .refine((a) => a.kind === 'visit' || a.outcome !== 'visited', { path: ['outcome'], message: 'field.invalidOption' });

export const MessageSearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Words the message contains (accents ignored; words of 3+ letters match as prefixes)'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const MessageSearchResult = z.object({ message: Message, conversation: Conversation });
export type MessageSearchResult = z.infer<typeof MessageSearchResult>;
