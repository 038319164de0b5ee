// Privacy under Mexico's LFPDPPP: the versioned privacy notice, consent per contact and purpose, ARCO requests,
// and the two-step cancellation (block, then erase).
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

export const PurposeKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'field.customKey');
export const PrivacyPurpose = z.strictObject({
  key: PurposeKey,
  name: z.string().trim().min(1).max(160),
  kind: z
    .enum(['primary', 'secondary'])
    .describe(
      'Primary: needed for the relationship (e.g. attending requests); secondary: optional (e.g. promotions), the contact may opt out',
    ),
});
export type PrivacyPurpose = z.infer<typeof PrivacyPurpose>;

export const PrivacyNoticeWrite = z.strictObject({
  body: z
    .string()
    .trim()
    .min(20)
    .max(50_000)
    .describe('The full text of the notice (plain text; blank lines separate paragraphs)'),
  purposes: z
    .array(PrivacyPurpose)
    .min(1)
    .max(20)
    .refine((list) => new Set(list.map((p) => p.key)).size === list.length, 'field.keyTaken'),
});
export const PrivacyNotice = z.object({
  version: z.number().int(),
  body: z.string(),
  purposes: z.array(PrivacyPurpose),
  publishedAt: IsoDateTime,
  publishedBy: Id.nullable(),
  publicUrl: z.string().describe('Where customers read it, without signing in'),
});
export type PrivacyNotice = z.infer<typeof PrivacyNotice>;
export const PrivacyNoticeVersion = PrivacyNotice.pick({ version: true, publishedAt: true, publishedBy: true });
export type PrivacyNoticeVersion = z.infer<typeof PrivacyNoticeVersion>;

export const PrivacyChannel = z.enum([
  'web_chat',
  'whatsapp',
  'email',
  'phone',
  'in_person',
  'paper',
  'web_form',
  'import',
  'other',
]);
export type PrivacyChannel = z.infer<typeof PrivacyChannel>;
export const ConsentDecision = z.enum(['granted', 'revoked']);

export const ConsentWrite = z.strictObject({
  purpose: PurposeKey,
  decision: ConsentDecision.describe(
    'granted: the contact agrees; revoked: the contact withdraws consent or opts out of this purpose',
  ),
  channel: PrivacyChannel,
  noticeVersion: z.number().int().positive().optional().describe('Defaults to the current notice'),
  evidence: z
    .string()
    .trim()
    .max(1000)
    .nullable()
    .optional()
    .describe('How it was given: form, recording, signed paper…'),
});
export const ConsentRecord = z.object({
  id: Id,
  purpose: z.string(),
  decision: ConsentDecision,
  channel: PrivacyChannel,
  noticeVersion: z.number().nullable(),
  evidence: z.string().nullable(),
  recordedBy: Id.nullable(),
  recordedAt: IsoDateTime,
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;
export const ConsentState = z.object({
  purpose: z.string(),
  name: z.string(),
  kind: z.enum(['primary', 'secondary']),
  decision: ConsentDecision.nullable().describe(
    'null: nothing recorded (tacit consent once the notice was made available)',
  ),
  allowed: z.boolean().describe("Whether Atiende may use the contact's data for this purpose now"),
  since: IsoDateTime.nullable(),
});
export type ConsentState = z.infer<typeof ConsentState>;

export const ArcoKind = z.enum(['access', 'rectification', 'cancellation', 'opposition', 'revocation']);
export type ArcoKind = z.infer<typeof ArcoKind>;
export const ArcoStatus = z.enum(['received', 'in_progress', 'answered', 'rejected']);
export type ArcoStatus = z.infer<typeof ArcoStatus>;

export const PrivacyRequestWrite = z.strictObject({
  kind: ArcoKind,
  contactId: Id.nullable().optional(),
  requesterName: z.string().trim().min(1).max(160),
  requesterEmail: z.string().trim().toLowerCase().pipe(z.email().max(254)).nullable().optional(),
  channel: PrivacyChannel,
  details: z.string().trim().min(1).max(10_000).describe('What the person asks for, in their words'),
  receivedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Defaults to now; the legal deadline counts from here'),
});
export const PrivacyRequestUpdate = z.strictObject({
  status: ArcoStatus.optional(),
  response: z.string().trim().max(10_000).nullable().optional().describe('What was answered to the person'),
  contactId: Id.nullable().optional(),
});
export const PrivacyRequest = z.object({
  id: Id,
  kind: ArcoKind,
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  requesterName: z.string(),
  requesterEmail: z.string().nullable(),
  channel: PrivacyChannel,
  details: z.string(),
  status: ArcoStatus,
  response: z.string().nullable(),
  receivedAt: IsoDateTime,
  dueAt: IsoDateTime.describe('Answer due: 20 business days after receipt (LFPDPPP)'),
  answeredAt: IsoDateTime.nullable(),
  effectiveDueAt: IsoDateTime.nullable().describe(
    'When a granted request must be carried out: 15 business days after the answer',
  ),
  overdue: z.boolean(),
  createdAt: IsoDateTime,
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;
export const PrivacyRequestQuery = z.strictObject({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  contactId: Id.optional(),
});

export const BlockInput = z.strictObject({
  eraseAfterDays: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .nullable()
    .optional()
    .describe('Erase automatically after this many days; null or absent: erase by hand'),
  requestId: Id.nullable().optional().describe('The cancellation request this carries out'),
});
export const EraseInput = z.strictObject({
  confirmName: z
    .string()
    .trim()
    .min(1)
    .max(160)
    .describe("The contact's name, typed again, so nobody erases the wrong person"),
  requestId: Id.nullable().optional(),
});

export const ContactPrivacy = z.object({
  blockedAt: IsoDateTime.nullable(),
  eraseAt: IsoDateTime.nullable(),
  noticeVersion: z.number().nullable().describe('The current notice version'),
  consents: z.array(ConsentState),
  history: z.array(ConsentRecord),
  requests: z.array(PrivacyRequest),
});
export type ContactPrivacy = z.infer<typeof ContactPrivacy>;
