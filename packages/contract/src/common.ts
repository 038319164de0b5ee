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

/** The number equals itself rounded to `places` decimals (zod's multipleOf lets 7e-323 through, a column cannot keep it). */
const atMostDecimals = (places: number) => (v: number) => Math.round(v * 10 ** places) / 10 ** places === v;
/** A percentage such as a tax or discount rate: 0 to 100 with at most two decimals. */
export const Percent = z.number().min(0).max(100).refine(atMostDecimals(2), 'field.cents');
/** A quantity with at most three decimals (kilograms, hours, pieces). */
export const Quantity = z.number().refine(atMostDecimals(3), 'field.thousandths');
/** A measure people set as a target (minutes, percent, a ratio): at most three decimals. */
export const Measure = z.number().min(-100).max(1_000_000).refine(atMostDecimals(3), 'field.thousandths');
