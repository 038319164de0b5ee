// Phone numbers in any format to E.164, with the Mexican habits libphonenumber no longer accepts
// (044/045 mobile prefixes, 01 long distance, +52 1 before mobile numbers, as WhatsApp ids still carry).
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export function normalizePhone(raw: string, region: string): string | null {
  let value = raw.trim().replace(/[\s().-]/g, '');
  if (/^\d{12,13}$/.test(value) && value.startsWith('52')) value = `+${value}`;
  if (value.startsWith('+521') && value.length === 14) value = `+52${value.slice(4)}`;
  if (region === 'MX') value = value.replace(/^(044|045|01)(\d{10})$/, '$2');
  const parsed = parsePhoneNumberFromString(value, region as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}

/** What a search for this number may type: the international digits and the national significant number. */
export function phoneSearchTokens(e164: string): string[] {
  const digits = e164.replace(/\D/g, '');
  // Mexican numbers (the common case, and hot in imports) need no second parse: +52 then ten digits.
  if (digits.length === 12 && digits.startsWith('52')) return [digits, digits.slice(2)];
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? [digits, String(parsed.nationalNumber)] : [digits];
}
