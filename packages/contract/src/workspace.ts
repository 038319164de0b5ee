import { z } from 'zod';
import { Language, TimeZone } from './common.js';

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'field.hourMinute');
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;
export const BusinessInterval = z
  .strictObject({ open: HourMinute, close: HourMinute })
  .refine((i) => i.open < i.close, { message: 'field.closeBeforeOpen', path: ['close'] });
/** Opening intervals per weekday in the workspace's time zone; a day missing or empty is closed. */
export const BusinessHours = z.strictObject({
  mon: z.array(BusinessInterval).max(4).default([]),
  tue: z.array(BusinessInterval).max(4).default([]),
  wed: z.array(BusinessInterval).max(4).default([]),
  thu: z.array(BusinessInterval).max(4).default([]),
  fri: z.array(BusinessInterval).max(4).default([]),
  sat: z.array(BusinessInterval).max(4).default([]),
  sun: z.array(BusinessInterval).max(4).default([]),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

/** A site's origin as browsers compare them: `https://www.acme.mx` (a path or a trailing slash is dropped). */
const WebsiteOrigin = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password) return url.origin;
    } catch {
      /* below */
    }
    ctx.addIssue({ code: 'custom', message: 'field.websiteOrigin' });
    return z.NEVER;
  });

export const WorkspaceSettings = z.object({
  id: z.string(),
  name: z.string(),
  language: Language,
  timeZone: z.string(),
  businessHours: BusinessHours,
  isDemo: z.boolean(),
  websites: z
    .array(z.string())
    .describe('The company’s own sites (origins): only they may show the help center and lead forms in a frame'),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;
export const WorkspaceUpdate = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  language: Language.optional(),
  timeZone: TimeZone.optional(),
  businessHours: BusinessHours.optional(),
  websites: z.array(WebsiteOrigin).max(10).optional(),
});

export const AuditEntry = z.object({
  id: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const Holiday = z.object({
  date: z.string().describe('YYYY-MM-DD in the workspace time zone'),
  name: z.string(),
});
export type Holiday = z.infer<typeof Holiday>;
export const HolidayWrite = z.strictObject({ date: z.iso.date(), name: z.string().trim().min(1).max(120) });
export const HolidayParams = z.strictObject({ date: z.iso.date() });
export const HolidayPreset = z.strictObject({ year: z.number().int().min(2000).max(2100) });
