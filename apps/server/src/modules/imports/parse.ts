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

// Headers of the common exports (Google Contacts, Outlook, Thunderbird, HubSpot, phone and WhatsApp Business contact
// lists) in Spanish and English, most specific first.
const guesses: [RegExp, ImportField][] = [
  [/^(nombre completo|full name|name|nombre|contacto|contact|display ?name|nombre para mostrar)$/, 'name'],
  [/^(nombres?|first ?name|given ?name|primer nombre)$/, 'firstName'],
  [/^(apellidos?|last ?name|surname|family ?name)$/, 'lastName'],
  [/(phone|e-?mail|telefono|correo).*(type|label|tipo|etiqueta)$/, 'label'],
  [/(address|direccion|website|web|organization|organizacion).*(type|label|tipo|etiqueta)$/, 'ignore'],
  [/(e-?mail|correo)/, 'email'],
  [/(whats)/, 'whatsapp'],
  [/(tel|phone|celular|movil|mobile|fax|numero|pager)/, 'phone'],
  [/(puesto|cargo|job ?title|[-\s]title$|^role$|^rol$)/, 'role'],
  [/(empresa|company|organi[sz]a|compania|negocio)/, 'company'],
  [/(etiqueta|(^|\s)tags?($|\s)|^labels$|group membership|^grupos?$)/, 'tags'],
  [/(estado del cliente|^status$|estatus|lifecycle)/, 'status'],
  [/(notas?|notes?|comentarios?)$/, 'notes'],
  [/(cumpleanos|birthday|fecha de nacimiento|birth ?date)/, 'birthday'],
  [/(ciudad|city|municipio|localidad)/, 'city'],
  [/(^|[\s-])(estado|state|entidad|region|provincia)($|[\s/])/, 'state'],
  [/(postal|zip|^c\.?p\.?$)/, 'postalCode'],
  [/(country|pais)/, 'country'],
  [/(street|calle|direccion|address|domicilio)/, 'street'],
  [/(web|sitio|url)/, 'website'],
];

/** Fields a file may hold several columns of. */
// An address or a website may come twice (home and work columns): the first one a row fills is taken.
const REPEATABLE = new Set<ImportField>([
  'ignore',
  'email',
  'phone',
  'label',
  'tags',
  'notes',
  'street',
  'city',
  'state',
  'postalCode',
  'country',
  'website',
]);

export function suggestMapping(columns: string[]): ImportField[] {
  const used = new Set<ImportField>();
  return columns.map((column) => {
    const key = fold(column).trim();
    const field =
      guesses.find(([pattern, f]) => pattern.test(key) && (!used.has(f) || REPEATABLE.has(f)))?.[1] ?? 'ignore';
    used.add(field);
    return field;
  });
}

/**
 * The label a column's header gives its phones or emails: "Teléfono (móvil)", "Mobile Phone", "Business Fax",
 * "Work Phone"; a label in parentheses that is no known word is kept as written. Null: no label.
 */
export function columnLabel(header: string): string | null {
  const inParentheses = /\(([^)]+)\)\s*$/.exec(header)?.[1]?.trim();
  const key = fold(inParentheses ?? header);
  if (/iphone/.test(key)) return 'iphone';
  if (/(mobile|movil|celular|cell)/.test(key)) return 'mobile';
  if (/fax/.test(key)) return 'fax';
  if (/(pager|localizador)/.test(key)) return 'pager';
  if (/(work|business|trabajo|oficina|laboral)/.test(key))
    return inParentheses && !/^(work|trabajo)$/.test(key) ? inParentheses.slice(0, 40) : 'work';
  if (/(home|casa|particular)/.test(key)) return 'home';
  if (/(main|principal|primary)/.test(key)) return 'main';
  if (/(other|otro)/.test(key)) return 'other';
  return inParentheses ? inParentheses.slice(0, 40) : null;
}
