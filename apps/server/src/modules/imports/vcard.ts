// vCard files as phones and mail programs export them: 2.1 (Android: QUOTED-PRINTABLE with soft line breaks, CHARSET,
// bare TYPE words), 3.0 (iPhone, Google: TYPE=…, item1.X-ABLabel custom labels, ENCODING=b) and 4.0 (RFC 6350: tel:
// URIs with ;ext=, PREF=1, VALUE=uri). Every phone and email is kept with its label; the cards become a table whose
// columns say the label ("Teléfono (móvil)"), so the same mapping and planning serve CSV and vCard.
import type { Table } from './parse.js';

interface Property {
  group: string | null;
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/** Labels as stored on a contact's phones and emails; the console says them in its language. */
export const LABEL_WORDS: Record<string, string> = {
  mobile: 'móvil',
  iphone: 'iPhone',
  home: 'casa',
  work: 'trabajo',
  main: 'principal',
  fax: 'fax',
  pager: 'localizador',
  other: 'otro',
};

/** A label from a vCard TYPE list or a custom label; null when it says nothing (voice, internet, pref). */
export function labelOf(words: string[]): string | null {
  const w = words.map((x) =>
    x
      .toLowerCase()
      .replace(/^_\$!<|>!\$_$/g, '')
      .trim(),
  );
  if (w.some((x) => x === 'iphone')) return 'iphone';
  if (w.some((x) => ['cell', 'mobile', 'móvil', 'movil', 'celular'].includes(x))) return 'mobile';
  if (w.some((x) => x.includes('fax'))) return 'fax';
  if (w.some((x) => x === 'pager')) return 'pager';
  if (w.some((x) => ['work', 'business', 'trabajo', 'oficina'].includes(x))) return 'work';
  if (w.some((x) => ['home', 'casa', 'particular'].includes(x))) return 'home';
  if (w.some((x) => ['main', 'principal'].includes(x))) return 'main';
  const custom = w.find(
    (x) => x && !['voice', 'internet', 'pref', 'x400', 'text', 'msg', 'video', 'other'].includes(x),
  );
  return custom ? custom.slice(0, 40) : w.includes('other') ? 'other' : null;
}

function decodeBytes(bytes: Buffer, charset: string | undefined): string {
  const name = (charset ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(name === 'utf8' ? 'utf-8' : name).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Lines of a card: RFC 6350 folding undone, and a 2.1 quoted-printable value's soft line breaks ("=" at the end). */
function logicalLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^[ \t]/.test(line) && out.length) {
      out[out.length - 1] += line.slice(1);
      continue;
    }
    // QUOTED-PRINTABLE: "=" at the end of a line joins the next one, whatever it starts with.
    if (/QUOTED-PRINTABLE/i.test(line.slice(0, line.indexOf(':') >>> 0)))
      while (line.endsWith('=') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t]/, '');
    out.push(line);
  }
  return out;
}

function parseProperty(line: string): Property | null {
  // The value starts at the first colon outside a quoted parameter value.
  let colon = -1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const [head = '', ...paramParts] = line.slice(0, colon).split(';');
  const dot = head.indexOf('.');
  const params = new Map<string, string[]>();
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    // 2.1 writes bare words: TEL;CELL;PREF:… ; ENCODING and CHARSET as name=value.
    const key = eq === -1 ? 'TYPE' : p.slice(0, eq).toUpperCase();
    const values = (eq === -1 ? p : p.slice(eq + 1))
      .replace(/^"|"$/g, '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (eq === -1 && ['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT'].includes(p.toUpperCase())) params.set('ENCODING', [p]);
    else params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  let value = line.slice(colon + 1);
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  const charset = params.get('CHARSET')?.[0];
  if (encoding === 'QUOTED-PRINTABLE') {
    const bytes = Buffer.from(
      value.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
    value = decodeBytes(bytes, charset);
  } else if (encoding === 'BASE64' || encoding === 'B') {
    value = decodeBytes(Buffer.from(value.replace(/\s/g, ''), 'base64'), charset);
  }
  return {
    group: dot > 0 ? head.slice(0, dot).toLowerCase() : null,
    name: (dot > 0 ? head.slice(dot + 1) : head).toUpperCase(),
    params,
    value,
  };
}

/** A text value's escapes (\, \; \n) undone; structured values (N, ADR, ORG) are split on unescaped ';' first. */
const unescape = (v: string) =>
  v
    .replace(/\\n/gi, '\n')
    .replace(/\\([,;\\])/g, '$1')
    .trim();
const parts = (v: string) => v.split(/(?<!\\);/).map(unescape);

/** A phone from a TEL value: a tel: URI (RFC 3966, with ;ext=) or the number as written. */
function phoneOf(value: string): { number: string; extension: string | null } {
  const v = value.trim();
  if (/^tel:/i.test(v)) {
    const [number = '', ...rest] = v.slice(4).split(';');
    const ext = rest.find((r) => /^ext=/i.test(r))?.slice(4) ?? null;
    return { number: decodeURIComponent(number), extension: ext };
  }
  const ext = /\s*(?:ext\.?|x|extensi[oó]n)\s*(\d+)$/i.exec(v);
  return ext ? { number: v.slice(0, ext.index), extension: ext[1]! } : { number: v, extension: null };
}

interface Card {
  name: string;
  organization: string;
  title: string;
  note: string;
  birthday: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  website: string;
  phones: { value: string; label: string | null; pref: boolean }[];
  emails: { value: string; label: string | null; pref: boolean }[];
}

function readCard(lines: string[]): Card {
  const props = lines.map(parseProperty).filter((p): p is Property => p !== null);
  // Apple's item1.X-ABLabel names the label of item1.TEL / item1.EMAIL.
  const groupLabels = new Map(
    props.filter((p) => p.name === 'X-ABLABEL' && p.group).map((p) => [p.group!, unescape(p.value)]),
  );
  const first = (name: string) => props.find((p) => p.name === name);
  const types = (p: Property) => [
    ...(p.params.get('TYPE') ?? []).flatMap((t) => t.split(',')),
    ...(p.group && groupLabels.has(p.group) ? [groupLabels.get(p.group)!] : []),
  ];
  const pref = (p: Property) =>
    types(p).some((t) => t.toLowerCase() === 'pref') || (p.params.get('PREF') ?? []).some((v) => v === '1');
  const n = parts(first('N')?.value ?? '');
  const adr = parts(first('ADR')?.value ?? '');
  const bday = unescape(first('BDAY')?.value ?? '');
  return {
    name: unescape(first('FN')?.value ?? '') || [n[3], n[1], n[2], n[0], n[4]].filter(Boolean).join(' ').trim(),
    organization: parts(first('ORG')?.value ?? '')[0] ?? '',
    title: unescape(first('TITLE')?.value ?? ''),
    note: props
      .filter((p) => p.name === 'NOTE')
      .map((p) => unescape(p.value))
      .join('\n'),
    birthday: /^\d{8}$/.test(bday) ? `${bday.slice(0, 4)}-${bday.slice(4, 6)}-${bday.slice(6)}` : bday.slice(0, 10),
    street: adr[2] ?? '',
    city: adr[3] ?? '',
    state: adr[4] ?? '',
    postalCode: adr[5] ?? '',
    country: adr[6] ?? '',
    website: unescape(first('URL')?.value ?? ''),
    phones: props
      .filter((p) => p.name === 'TEL' && p.value.trim())
      .map((p) => {
        const { number, extension } = phoneOf(p.value);
        const label = labelOf(types(p));
        return {
          value: number,
          label: extension ? `${label ?? 'work'} ext. ${extension}` : label,
          pref: pref(p),
        };
      }),
    emails: props
      .filter((p) => p.name === 'EMAIL' && p.value.trim())
      .map((p) => ({ value: unescape(p.value), label: labelOf(types(p)), pref: pref(p) })),
  };
}

const BASE_COLUMNS = [
  ['Nombre', 'name'],
  ['Empresa', 'organization'],
  ['Puesto', 'title'],
  ['Notas', 'note'],
  ['Cumpleaños', 'birthday'],
  ['Calle', 'street'],
  ['Ciudad', 'city'],
  ['Estado', 'state'],
  ['Código postal', 'postalCode'],
  ['País', 'country'],
  ['Sitio web', 'website'],
] as const;

/** Cards into a table: the fixed fields, then one column per phone and email label the file uses. */
export function parseVcard(text: string): Table {
  const cards = text
    .split(/^BEGIN:VCARD\s*$/im)
    .slice(1)
    .map((body) => readCard(logicalLines(body.split(/^END:VCARD\s*$/im)[0] ?? '')));
  const labelKey = (l: string | null) => l ?? '';
  const column = (kind: 'phones' | 'emails', label: string) => {
    const word = kind === 'phones' ? 'Teléfono' : 'Correo';
    return label ? `${word} (${label.replace(/^[a-z]+/, (w) => LABEL_WORDS[w] ?? w)})` : word;
  };
  const extra: { kind: 'phones' | 'emails'; label: string }[] = [];
  for (const kind of ['phones', 'emails'] as const)
    for (const card of cards)
      for (const x of card[kind])
        if (!extra.some((e) => e.kind === kind && e.label === labelKey(x.label)))
          extra.push({ kind, label: labelKey(x.label) });
  // The unlabelled column first for each kind, then labels in the order they appear.
  extra.sort((a, b) =>
    a.kind === b.kind ? Number(Boolean(a.label)) - Number(Boolean(b.label)) : a.kind < b.kind ? 1 : -1,
  );
  return {
    columns: [...BASE_COLUMNS.map(([header]) => header), ...extra.map((e) => column(e.kind, e.label))],
    rows: cards.map((card) => [
      ...BASE_COLUMNS.map(([, key]) => card[key]),
      ...extra.map((e) =>
        // The preferred one first; several with one label share the cell.
        [...card[e.kind]]
          .sort((a, b) => Number(b.pref) - Number(a.pref))
          .filter((x) => labelKey(x.label) === e.label)
          .map((x) => x.value)
          .join('; '),
      ),
    ]),
  };
}
