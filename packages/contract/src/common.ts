import { z } from 'zod';

export const Id = z.string().min(1).max(64);
export const Language = z.enum(['es', 'en']);
export type Language = z.infer<typeof Language>;
export const Role = z.enum(['owner', 'admin', 'agent', 'viewer']);
export type Role = z.infer<typeof Role>;
export const IsoDateTime = z.string().describe('ISO 8601 date-time in UTC');

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'field.unknownTimeZone');

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z.string().min(10, 'field.passwordLength').max(256);
export const PersonName = z.string().trim().min(1).max(120);

export const IdParams = z.strictObject({ id: Id });
export const TokenParams = z.strictObject({ token: z.string().min(10).max(200) });
export const Ok = z.object({ ok: z.literal(true) });
