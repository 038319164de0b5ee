import { z } from 'zod';
import { Email, Id, Language, PersonName } from './common.js';
import { Message } from './conversations.js';
import { WidgetAppearance } from './widget-appearance.js';

export const WidgetConfigQuery = z.strictObject({ websiteToken: z.string().min(8).max(64) });
export const WidgetConfig = z.object({
  workspaceName: z.string(),
  language: Language,
  online: z.boolean().describe('Some agent has the console open right now'),
  openNow: z.boolean().describe('Inside business hours right now'),
  businessHoursSummary: z.string().describe('When the team usually answers, in the workspace language'),
  timeZone: z.string(),
  privacyNoticeUrl: z.string().nullable().describe('The public privacy notice, linked from the pre-chat form'),
  helpSearchUrl: z.string().nullable().describe('Search of the public help center, offered before the visitor writes'),
  nextOpenAt: z
    .string()
    .nullable()
    .describe("Closed now: when the team opens next (ISO instant, shown in the visitor's own time); open: null"),
  appearance: WidgetAppearance.extend({
    whatsappUrl: z.string().nullable().describe('https://wa.me/<number> when a WhatsApp number is set'),
  }).omit({ whatsappNumber: true }),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;

export const VisitorCreate = z.strictObject({
  websiteToken: z.string().min(8).max(64),
  name: PersonName,
  email: Email,
  pageUrl: z.string().max(2000).optional(),
  identityHash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional()
    .describe(
      "For the site's signed-in users: HMAC-SHA256 of the email (lower case) with the inbox's identity secret, in hex, written into the page by the site's server. Without it, an email that belongs to a customer gives a separate, unverified contact",
    ),
});
export const Visitor = z.object({
  visitorToken: z.string(),
  name: z.string(),
  email: z.string(),
  canEmailTranscript: z
    .boolean()
    .describe('False when the email typed belongs to another contact and was not proved: nothing is mailed there'),
});
export const VisitorSession = z.object({ name: z.string(), email: z.string(), messages: z.array(Message) });

export const VisitorMessageCreate = z.strictObject({
  body: z.string().trim().min(1).max(5_000),
  clientMessageId: z.string().uuid().optional().describe('Makes a retried post idempotent'),
});
export const VisitorMessagesQuery = z.strictObject({ after: Id.optional() });
