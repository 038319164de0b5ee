// The WhatsApp Business Cloud API channel: connecting a number, its approved templates, sending one.
import { z } from 'zod';
import { Id } from './common.js';

const Secret = z.string().trim().min(8).max(1000);
export const WhatsappInboxWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  phoneNumberId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'field.digitsOnly')
    .describe('Phone number ID from Meta → WhatsApp → API setup'),
  businessAccountId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'field.digitsOnly')
    .nullable()
    .optional()
    .describe('WhatsApp Business Account ID (for template sync)'),
  displayPhoneNumber: z.string().trim().max(30).nullable().optional(),
  accessToken: Secret.describe('A permanent system-user token with whatsapp_business_messaging'),
  appSecret: Secret.describe("The Meta app's secret: webhooks are verified with it"),
});
export const WhatsappInboxUpdate = WhatsappInboxWrite.partial();
export const WhatsappInboxInfo = z.object({
  phoneNumberId: z.string(),
  businessAccountId: z.string().nullable(),
  displayPhoneNumber: z.string().nullable(),
  webhookUrl: z.string().describe('Callback URL to paste in Meta → WhatsApp → Configuration'),
  verifyToken: z.string().describe('Verify token to paste next to it'),
  hasAccessToken: z.boolean(),
  hasAppSecret: z.boolean(),
});
export type WhatsappInboxInfo = z.infer<typeof WhatsappInboxInfo>;

export const WhatsappTemplateWrite = z.strictObject({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'field.templateName')
    .describe('As approved in Meta'),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'field.languageCode')
    .describe('e.g. es_MX, es, en_US'),
  category: z.enum(['utility', 'marketing', 'authentication']),
  body: z.string().trim().min(1).max(1024).describe('The body text with {{1}}, {{2}}… where the parameters go'),
});
export const WhatsappTemplate = z.object({
  id: Id,
  inboxId: Id,
  name: z.string(),
  language: z.string(),
  category: z.string(),
  body: z.string(),
  parameters: z.number().describe('How many {{n}} the body has'),
  status: z.string(),
  createdAt: z.string(),
});
export type WhatsappTemplate = z.infer<typeof WhatsappTemplate>;
export const TemplateSend = z.strictObject({
  templateId: Id,
  parameters: z.array(z.string().trim().min(1).max(1000)).max(20).default([]),
});
