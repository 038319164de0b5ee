// Contacts (people) and companies (organisations): the profile in five sections, tags, owner, notes, timeline.
import { z } from 'zod';
import { Id } from './common.js';
import { CustomValues } from './custom-fields.js';

export const CustomerStatus = z.enum(['prospect', 'active', 'former', 'blocked']);
export type CustomerStatus = z.infer<typeof CustomerStatus>;

const Text = (max = 200) => z.string().trim().max(max);
const OptionalText = (max = 200) => Text(max).nullable().optional();

export const Address = z.strictObject({
  street: OptionalText(),
  city: OptionalText(),
  state: OptionalText(),
  postalCode: OptionalText(20),
  country: OptionalText(60),
});
export type Address = z.infer<typeof Address>;

/** 2. Transactional: editable where no deals or projects say otherwise. */
export const Transactional = z.strictObject({
  purchaseFrequency: z.enum(['weekly', 'monthly', 'quarterly', 'yearly', 'occasional']).nullable().optional(),
  totalSpent: z.number().nonnegative().max(1e12).nullable().optional(),
  currency: z.string().length(3).optional(),
  products: z.array(Text(120)).max(50).optional(),
  customerSince: z.string().date().nullable().optional(),
  lastPurchaseAt: z.string().date().nullable().optional(),
});
/** 3. Psychographics and culture. */
export const Psychographics = z.strictObject({
  traits: z
    .array(
      z.enum([
        'demanding',
        'tolerant',
        'empathetic',
        'helpful',
        'loyal',
        'price_sensitive',
        'detail_oriented',
        'impatient',
      ]),
    )
    .max(20)
    .optional(),
  interests: z.array(Text(80)).max(30).optional(),
  treatmentOfStaffAndSuppliers: OptionalText(2000),
  notes: OptionalText(4000),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional()
    .describe('YYYY-MM-DD'),
});
export const ContactChannel = z.enum(['whatsapp', 'email', 'phone', 'webchat', 'visit']);
/** 4. Contact preferences. */
export const Preferences = z.strictObject({
  channels: z.array(ContactChannel).max(5).optional().describe('Preferred channels, most preferred first'),
  contactHours: OptionalText(200).describe('When they may be contacted, in their words'),
  language: z.enum(['es', 'en']).nullable().optional(),
});
/** 5. Service requirements. */
export const Requirements = z.strictObject({
  checklist: z
    .array(
      z.enum([
        'staff_visits',
        'working_hours_only',
        'delivery_commitments',
        'preferential_prices',
        'invoice_required',
        'dedicated_agent',
      ]),
    )
    .max(10)
    .optional(),
  details: OptionalText(4000),
});
/** Knowledge about the customer's business (companies). */
export const Business = z.strictObject({
  whatTheyDo: OptionalText(4000),
  marketPosition: OptionalText(2000),
  products: OptionalText(2000),
  processes: OptionalText(4000),
  suppliers: OptionalText(2000),
});

export const Profile = z.strictObject({
  transactional: Transactional.optional(),
  psychographics: Psychographics.optional(),
  preferences: Preferences.optional(),
  requirements: Requirements.optional(),
  business: Business.optional(),
});
export type Profile = z.infer<typeof Profile>;

export const Identity = z.strictObject({ value: z.string().trim().min(1).max(254), label: OptionalText(40) });

export const ContactWrite = z.strictObject({
  name: z.string().trim().min(1).max(160),
  emails: z.array(Identity).max(10).optional().describe('First is primary'),
  phones: z
    .array(Identity)
    .max(10)
    .optional()
    .describe('Any format; stored as E.164 (default region: the workspace country). First is primary'),
  whatsappId: OptionalText(30),
  website: OptionalText(300),
  address: Address.optional(),
  status: CustomerStatus.optional(),
  leftReason: OptionalText(500).describe('Why a former customer left'),
  ownerId: Id.nullable().optional(),
  language: z.enum(['es', 'en']).nullable().optional(),
  source: OptionalText(200).describe('Where the contact came from, e.g. "Expo Pyme 2026 attendance list"'),
  tags: z.array(Text(40).min(1)).max(30).optional(),
  profile: Profile.optional(),
  companies: z
    .array(z.strictObject({ companyId: Id, role: OptionalText(80) }))
    .max(20)
    .optional(),
  custom: CustomValues.optional(),
});
export const ContactUpdate = ContactWrite.partial();

/** Where a contact or company stands with the business, and who looks after it. */
const lifecycle = {
  status: CustomerStatus,
  statusChangedAt: z.string().nullable(),
  leftAt: z.string().nullable(),
  leftReason: z.string().nullable(),
  ownerId: Id.nullable(),
  source: z.string().nullable(),
  tags: z.array(z.string()),
};

export const CompanyRef = z.object({ id: Id, name: z.string(), role: z.string().nullable() });
export const Contact = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  emails: z.array(
    z.object({
      value: z.string(),
      label: z.string().nullable(),
      bounce: z
        .object({
          severity: z.enum(['hard', 'soft']),
          status: z.string().nullable(),
          reason: z.string(),
          at: z.string(),
        })
        .nullable()
        .describe('The last delivery failure report; hard: automatic mail (surveys, sequences) skips the address'),
    }),
  ),
  phones: z.array(z.object({ value: z.string(), label: z.string().nullable() })),
  mailOptOutAt: z
    .string()
    .nullable()
    .describe('When the person asked for no more automatic mail (surveys, sequences): one-click unsubscribe'),
  whatsappId: z.string().nullable(),
  website: z.string().nullable(),
  address: z.record(z.string(), z.unknown()),
  ...lifecycle,
  language: z.string().nullable(),
  profile: z.record(z.string(), z.unknown()),
  custom: z.record(z.string(), z.unknown()),
  companies: z.array(CompanyRef),
  stats: z
    .object({
      conversations: z.number(),
      lastContactAt: z.string().nullable(),
      firstContactAt: z.string().nullable(),
    })
    .describe('Computed from conversations'),
  privacyBlockedAt: z
    .string()
    .nullable()
    .describe('Set while a cancellation request has the contact blocked (only owners and admins see such contacts)'),
  unverifiedEmail: z
    .string()
    .nullable()
    .describe(
      'An address this person typed on the website chat or a form without proof, which another contact already has: merge them once you know it is the same person',
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

export const ContactSummaryRow = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: CustomerStatus,
  tags: z.array(z.string()),
  companies: z.array(z.string()),
  updatedAt: z.string(),
});
export type ContactSummaryRow = z.infer<typeof ContactSummaryRow>;
export const ContactPage = z.object({
  items: z.array(ContactSummaryRow),
  total: z.number(),
  nextCursor: z.string().nullable(),
});
export type ContactPage = z.infer<typeof ContactPage>;

export const CustomerListQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Full-text search: names, emails, phones in any format, companies, notes; accents ignored'),
  status: CustomerStatus.optional(),
  tag: z.string().max(40).optional(),
  ownerId: Id.optional(),
  segment: Id.optional().describe('Only the contacts of this saved segment'),
  blocked: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only contacts blocked by a privacy request (owners and admins)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const CompanyWrite = z.strictObject({
  name: z.string().trim().min(1).max(200),
  legalName: OptionalText(300),
  taxId: OptionalText(20).describe('RFC in Mexico'),
  email: z.email().max(254).nullable().optional(),
  phone: OptionalText(40),
  website: OptionalText(300),
  industry: OptionalText(120),
  employees: z.number().int().nonnegative().max(10_000_000).nullable().optional(),
  address: Address.optional(),
  status: CustomerStatus.optional(),
  leftReason: OptionalText(500),
  ownerId: Id.nullable().optional(),
  source: OptionalText(200),
  tags: z.array(Text(40).min(1)).max(30).optional(),
  profile: Profile.optional(),
  custom: CustomValues.optional(),
});
export const CompanyUpdate = CompanyWrite.partial();
export const Company = z.object({
  id: Id,
  name: z.string(),
  legalName: z.string().nullable(),
  taxId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  sizeBand: z.enum(['micro', 'small', 'medium', 'large']).nullable().describe('INEGI band by employees for services'),
  address: z.record(z.string(), z.unknown()),
  ...lifecycle,
  profile: z.record(z.string(), z.unknown()),
  custom: z.record(z.string(), z.unknown()),
  contacts: z.array(z.object({ id: Id, name: z.string(), role: z.string().nullable() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Company = z.infer<typeof Company>;
export const CompanyRow = z.object({
  id: Id,
  name: z.string(),
  industry: z.string().nullable(),
  status: CustomerStatus,
  contacts: z.number(),
  tags: z.array(z.string()),
  updatedAt: z.string(),
});
export type CompanyRow = z.infer<typeof CompanyRow>;
export const CompanyPage = z.object({
  items: z.array(CompanyRow),
  total: z.number(),
  nextCursor: z.string().nullable(),
});
export type CompanyPage = z.infer<typeof CompanyPage>;

export const NoteCreate = z.strictObject({
  body: z.string().trim().min(1).max(10_000).describe('@Name mentions a teammate'),
});
export const Note = z.object({
  id: Id,
  body: z.string(),
  authorId: Id.nullable(),
  authorName: z.string().nullable(),
  mentions: z.array(Id),
  createdAt: z.string(),
});
export type Note = z.infer<typeof Note>;

export const TimelineKind = z.enum(['conversation', 'message', 'note', 'change', 'incident', 'survey', 'task']);
export const TimelineItem = z.object({
  kind: TimelineKind,
  id: Id,
  at: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  channel: z.string().nullable(),
  conversationId: Id.nullable(),
  actorName: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
export const TimelineQuery = z.strictObject({
  kinds: z.string().max(100).optional().describe('Comma-separated kinds to include'),
  before: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const TimelinePage = z.object({ items: z.array(TimelineItem), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePage>;

export const DuplicateGroup = z.object({
  reason: z.enum(['email', 'phone', 'name']),
  value: z.string(),
  contacts: z.array(
    z.object({
      id: Id,
      name: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroup>;

export const MergeFields = [
  'name',
  'status',
  'ownerId',
  'whatsappId',
  'website',
  'language',
  'source',
  'address',
] as const;
export const MergeInput = z.strictObject({
  keepId: Id.describe('The contact that stays'),
  mergeId: Id.describe('The contact merged into it and then removed'),
  take: z
    .array(z.enum(MergeFields))
    .max(MergeFields.length)
    .default([])
    .describe('Fields whose value comes from the merged contact; the rest keep the kept one'),
});
