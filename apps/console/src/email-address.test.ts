import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeLabel, displayAddress } from './email-address';

describe('email addresses as people read them', () => {
  it('shows internationalised domains as written (RFC 3492 sample strings and Spanish domains)', () => {
    // RFC 3492 section 7.1 (A) Arabic (Egyptian), and (L) Japanese "3年B組金八先生".
    expect(decodeLabel('egbpdaj6bu4bxfgehfvwxn')).toBe('ليهمابتكلموشعربي؟');
    expect(decodeLabel('3B-ww4c5e180e575a65lsy2b')).toBe('3年B組金八先生');
    for (const domain of ['autopartes-treviño.mx', 'peñasco.com.mx', 'cafetería-ñandú.mx', 'münchen.de']) {
      const ascii = domainToASCII(domain);
      expect(ascii).toMatch(/xn--/);
      expect(displayAddress(`ventas@${ascii}`)).toBe(`ventas@${domain}`);
    }
  });

  it('leaves everything else as it is', () => {
    expect(displayAddress('rosa@paloma.mx')).toBe('rosa@paloma.mx');
    expect(displayAddress('xn--not-an-email')).toBe('xn--not-an-email');
    expect(displayAddress('a@xn--!!.mx')).toBe('a@xn--!!.mx');
    expect(displayAddress(null)).toBe('');
  });
});
