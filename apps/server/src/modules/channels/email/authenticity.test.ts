import { describe, expect, it } from 'vitest';
import { verdictOf } from './authenticity.js';

describe('sender verdict (Authentication-Results)', () => {
  it('follows DMARC when given, else SPF and DKIM together', () => {
    expect(
      verdictOf(
        'mx.google.com; dkim=pass header.i=@paloma.mx; spf=pass smtp.mailfrom=paloma.mx; dmarc=pass (p=NONE) header.from=paloma.mx',
      ),
    ).toBe('pass');
    expect(
      verdictOf(
        'mx.google.com; dkim=pass header.i=@other.example; spf=softfail; dmarc=fail (p=REJECT) header.from=paloma.mx',
      ),
    ).toBe('fail');
    expect(verdictOf('mx.acme.test; spf=fail smtp.mailfrom=paloma.mx; dkim=none')).toBe('fail');
    expect(verdictOf('mx.acme.test; spf=fail smtp.mailfrom=paloma.mx; dkim=pass header.d=paloma.mx')).toBe('pass');
    expect(verdictOf('mx.acme.test; SPF=Neutral')).toBe('unknown');
    expect(verdictOf('mx.acme.test; none')).toBe('unknown');
  });
});
