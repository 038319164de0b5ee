// A small MIME walker for the mail machines write: delivery reports (RFC 3464), read receipts (RFC 8098) and the
// headers they return. mailparser reads what people write; it folds a report's status part into the text and keeps no
// part's own headers, which is what a report is made of. Bounded: a few levels deep, the first parts only.

export interface MimePart {
  /** Lower-case media type, e.g. `message/delivery-status`. */
  type: string;
  params: Record<string, string>;
  /** Lower-case names, unfolded values; the first of each name. */
  headers: Map<string, string>;
  /** Decoded (transfer encoding undone) as UTF-8 text. */
  body: string;
}

const MAX_DEPTH = 4;
const MAX_PARTS = 30;

/** Header fields of a block of `Name: value` lines (folded lines joined), lower-case names, the first of each kept. */
export function headerFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name && !fields.has(name)) fields.set(name, value.trim());
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && name) {
      value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const match = /^([!-9;-~]+):(.*)$/.exec(line);
    name = match ? match[1]!.toLowerCase() : null;
    value = match ? match[2]! : '';
  }
  flush();
  return fields;
}

/** `type/subtype; a=b; c="d"` into its type and parameters. */
export function contentTypeParts(value: string | undefined): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = (value ?? '').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const at = p.indexOf('=');
    if (at > 0)
      params[p.slice(0, at).trim().toLowerCase()] = p
        .slice(at + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const bytes = Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
    return bytes.toString('utf8');
  }
  return Buffer.from(body, 'latin1').toString('utf8');
}

/** Splits a block into its head and body at the first empty line. */
export function splitHead(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  return match
    ? { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) }
    : { head: text, body: '' };
}

/** The leaf parts of a raw message, depth first. */
export function mimeParts(raw: Buffer): MimePart[] {
  const leaves: MimePart[] = [];
  const walk = (text: string, depth: number) => {
    if (leaves.length >= MAX_PARTS) return;
    const { head, body } = splitHead(text);
    const headers = headerFields(head);
    const { type, params } = contentTypeParts(headers.get('content-type'));
    if (type.startsWith('multipart/') && params.boundary && depth < MAX_DEPTH) {
      const delimiter = `--${params.boundary}`;
      const escaped = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const segments = body.split(new RegExp(`^${escaped}(?:--)?[ \\t]*\\r?$`, 'm'));
      // Before the first delimiter is the preamble, after the closing one the epilogue (a cut-off report has none).
      const closed = new RegExp(`^${escaped}--`, 'm').test(body);
      for (const segment of segments.slice(1, closed ? -1 : undefined)) walk(segment.replace(/^\r?\n/, ''), depth + 1);
      return;
    }
    leaves.push({ type, params, headers, body: decodeBody(body, headers.get('content-transfer-encoding')) });
  };
  walk(raw.toString('latin1'), 0);
  return leaves;
}
