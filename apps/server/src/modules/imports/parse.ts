// Reading what people upload: CSV (comma or semicolon, with or without BOM, quoted fields) and vCard files exported
// from phones; and guessing which column is which from headers in Spanish or English.
import type { ImportField } from '@atiende/contract';
import { parse } from 'csv-parse';
import { fold } from '../../platform/search.js';

export interface Table {
  columns: string[];
  rows: string[][];
}

const CSV_CHUNK = 128 * 1024;

/**
 * Parses in slices, letting other requests run between them: a 100,000-row file is a few hundred milliseconds of
 * parsing, which would otherwise stall every other request for that long.
 */
export async function parseCsv(text: string): Promise<Table> {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
  });
  const records: string[][] = [];
  parser.on('readable', () => {
    let record: string[] | null;
    while ((record = parser.read() as string[] | null) !== null) records.push(record);
  });
  const finished = new Promise<void>((resolve, reject) => parser.on('end', resolve).on('error', reject));
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + CSV_CHUNK, text.length);
    // Never cut between the two halves of a surrogate pair (an emoji in a name).
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end -= 1;
    parser.write(text.slice(start, end));
    start = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  parser.end();
  await finished;
  const [header = [], ...rows] = records;
  return { columns: header, rows };
}

/** vCard 2.1, 3.0 and 4.0: folded lines, N/FN, several TEL and EMAIL, ORG, TITLE, NOTE. */
export function parseVcard(text: string): Table {
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const cards = unfolded.split(/BEGIN:VCARD/i).slice(1);
  const rows = cards.map((card) => {
    const get = (name: string) =>
      card
        .split(/\r?\n/)
        .filter((line) => new RegExp(`^(item\\d+\\.)?${name}[;:]`, 'i').test(line))
        .map((line) => decodeValue(line));
    const fn = get('FN')[0] ?? '';
    const n = get('N')[0]?.split(';') ?? [];
    const name = fn || [n[1], n[2], n[0]].filter(Boolean).join(' ');
    const phones = get('TEL');
    const emails = get('EMAIL');
    return [
      name,
      emails[0] ?? '',
      emails[1] ?? '',
      phones[0] ?? '',
      phones[1] ?? '',
      (get('ORG')[0] ?? '').split(';')[0] ?? '',
      get('TITLE')[0] ?? '',
    ];
  });
  return { columns: ['Nombre', 'Correo', 'Correo 2', 'Teléfono', 'Teléfono 2', 'Empresa', 'Puesto'], rows };
}

function decodeValue(line: string): string {
  const colon = line.indexOf(':');
  const params = line.slice(0, colon).toUpperCase();
  let value = line.slice(colon + 1).trim();
  if (params.includes('QUOTED-PRINTABLE')) {
    const bytes = value
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    value = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return value.replace(/\\,/g, ',').replace(/\\;/g, ';').replace(/\\n/gi, '\n');
}

const guesses: [RegExp, ImportField][] = [
  [/^(nombre completo|full name|name|nombre|contacto|contact)$/, 'name'],
  [/^(nombres?|first ?name|given ?name)$/, 'firstName'],
  [/^(apellidos?|last ?name|surname|family ?name)$/, 'lastName'],
  [/(e-?mail|correo)/, 'email'],
  [/(whats)/, 'whatsapp'],
  [/(tel|phone|celular|movil|mobile)/, 'phone'],
  [/(empresa|company|organi[sz]a|compania|negocio)/, 'company'],
  [/(puesto|cargo|role|title|job)/, 'role'],
  [/(etiqueta|tag)/, 'tags'],
  [/(estado del cliente|status|estatus)/, 'status'],
  [/(ciudad|city|municipio)/, 'city'],
  [/^(estado|state|entidad)$/, 'state'],
  [/(web|sitio)/, 'website'],
];

export function suggestMapping(columns: string[]): ImportField[] {
  const used = new Set<ImportField>();
  return columns.map((column) => {
    const key = fold(column).trim();
    const field =
      guesses.find(([pattern, f]) => pattern.test(key) && (!used.has(f) || f === 'email' || f === 'phone'))?.[1] ??
      'ignore';
    used.add(field);
    return field;
  });
}
