// Email addresses as people read them: an internationalised domain arrives in its ASCII form (RFC 3492 Punycode,
// "xn--autopartes-trevio-uxb.mx") and is shown as written ("autopartes-treviño.mx"). Only for display: the address
// itself is kept and sent as it came.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(code: number): number {
  if (code >= 48 && code <= 57) return code - 22; // 0-9 → 26-35
  if (code >= 97 && code <= 122) return code - 97; // a-z → 0-25
  if (code >= 65 && code <= 90) return code - 65;
  return BASE;
}

/** One Punycode label (without "xn--") to Unicode; null when it is not valid Punycode. */
export function decodeLabel(input: string): string | null {
  const out: number[] = [];
  const basicEnd = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(0, basicEnd); j++) out.push(input.charCodeAt(j));
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let index = basicEnd > 0 ? basicEnd + 1 : 0; index < input.length;) {
    const oldi = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const d = digit(input.charCodeAt(index++));
      if (d >= BASE) return null;
      i += d * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
      if (w > 0x7fffffff || i > 0x7fffffff) return null;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return null;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

/** "ana@xn--autopartes-trevio-uxb.mx" → "ana@autopartes-treviño.mx"; anything else unchanged. */
export function displayAddress(address: string | null | undefined): string {
  if (!address) return '';
  if (!address.includes('xn--')) return address;
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const domain = address.slice(at + 1);
  const shown = domain
    .split('.')
    .map((label) =>
      label.toLowerCase().startsWith('xn--') ? (decodeLabel(label.slice(4).toLowerCase()) ?? label) : label,
    )
    .join('.');
  return `${address.slice(0, at + 1)}${shown}`;
}
