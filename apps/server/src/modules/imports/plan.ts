// Deciding what each row of an import becomes: a new contact, an update of an existing one, a duplicate of an earlier
// row, or invalid with the reason. The same plan serves the preview (dry run) and the real run.
import type { ImportField, ImportOptions } from '@atiende/contract';
import type { Tenant } from '../../db/tenant.js';
import { nameKey } from '../contacts/index.js';
import { normalizePhone } from '../contacts/index.js';
import { columnLabel } from './parse.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const STATUSES: Record<string, string> = {
  prospect: 'prospect',
  prospecto: 'prospect',
  active: 'active',
  activo: 'active',
  cliente: 'active',
  former: 'former',
  excliente: 'former',
  'ex cliente': 'former',
  blocked: 'blocked',
  bloqueado: 'blocked',
  // HubSpot's lifecycle stages.
  customer: 'active',
  evangelist: 'active',
  lead: 'prospect',
  subscriber: 'prospect',
  marketingqualifiedlead: 'prospect',
  salesqualifiedlead: 'prospect',
  opportunity: 'prospect',
  other: 'prospect',
};

export interface Labelled {
  value: string;
  label: string | null;
}

export interface PlannedRow {
  line: number;
  outcome: 'new' | 'update' | 'duplicate' | 'invalid';
  reason: string | null;
  /** Values left out of a row that is still imported ("invalid_email: rosa@"). */
  problems: string[];
  existingId: string | null;
  contact: {
    name: string;
    emails: Labelled[];
    phones: Labelled[];
    whatsappId: string | null;
    company: string | null;
    role: string | null;
    tags: string[];
    status: string | null;
    city: string | null;
    state: string | null;
    street: string | null;
    postalCode: string | null;
    country: string | null;
    website: string | null;
    notes: string | null;
    birthday: string | null;
  } | null;
  raw: string[];
}

/** What the workspace already holds, to recognise returning customers (and people under a privacy block). */
export interface Known {
  /** "email:x" / "phone:+52…" to the contact id. */
  identities: Map<string, string>;
  /** Contacts blocked by a cancellation request: an import must not bring them back. */
  blocked: Set<string>;
  /** Name key (see nameKey) to the name of a contact who has it. */
  names: Map<string, string>;
  /** Contact id to its name, to tell a shared phone (another name) from the same person. */
  nameOf: Map<string, string>;
}

export async function knownContacts(t: Tenant): Promise<Known> {
  const [identities, contacts] = await Promise.all([
    t.selectFrom('contact_identities').select(['kind', 'value', 'contact_id']).execute(),
    t.selectFrom('contacts').select(['id', 'name', 'privacy_blocked_at']).execute(),
  ]);
  const names = new Map<string, string>();
  for (const c of contacts) {
    const key = c.privacy_blocked_at === null ? nameKey(c.name) : null;
    if (key && !names.has(key)) names.set(key, c.name);
  }
  return {
    identities: new Map(identities.map((r) => [`${r.kind}:${r.value}`, r.contact_id])),
    blocked: new Set(contacts.filter((c) => c.privacy_blocked_at !== null).map((c) => c.id)),
    names,
    nameOf: new Map(contacts.map((c) => [c.id, c.name])),
  };
}

const BIRTHDAY = /^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A birthday as YYYY-MM-DD from the ways exports write it (ISO, or day/month/year as Mexico does); null otherwise. */
function birthdayOf(text: string | undefined): string | null {
  const m = BIRTHDAY.exec(text?.trim() ?? '');
  if (!m) return null;
  const [y, mo, d] = m[1] ? [m[1], m[2]!, m[3]!] : [m[6]!, m[5]!.padStart(2, '0'), m[4]!.padStart(2, '0')];
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) ? null : `${y}-${mo}-${d}`;
}

/** Two people are the same when they share an email, or a phone and their name; a phone alone may be an office's. */
const sameName = (a: string, b: string | undefined) => {
  const x = nameKey(a);
  return Boolean(x) && b !== undefined && x === nameKey(b);
};

/**
 * Plans rows starting at file line firstLine; pass the same `seen` map across batches of one file. `columns`: the
 * file's headers, which may say a phone's or email's label.
 */
export function planRows(
  rows: string[][],
  options: ImportOptions,
  region: string,
  known: Known,
  firstLine = 2,
  seen = new Map<string, { line: number; name: string }>(),
  columns: string[] = [],
): PlannedRow[] {
  const cells = (row: string[], field: ImportField) =>
    options.mapping.flatMap((f, i) => (f === field && row[i]?.trim() ? [row[i].trim()] : []));
  /** Phones or emails with their labels: a label column labels the phone or email column after it. */
  const labelled = (row: string[], field: 'email' | 'phone', split: RegExp): Labelled[] => {
    const out: Labelled[] = [];
    let pending: string | null = null;
    options.mapping.forEach((f, i) => {
      if (f === 'label') pending = row[i]?.trim() ? labelFromText(row[i].trim()) : null;
      else if (f === 'email' || f === 'phone') {
        const label = pending ?? columnLabel(columns[i] ?? '');
        pending = null;
        if (f === field)
          for (const value of (row[i] ?? '')
            .split(split)
            .map((v) => v.trim())
            .filter(Boolean))
            out.push({ value, label });
      }
    });
    return out;
  };
  return rows.map((raw, index) => {
    const line = firstLine + index;
    const problems: string[] = [];
    const invalid = (reason: string): PlannedRow => ({
      line,
      outcome: 'invalid',
      reason,
      problems,
      existingId: null,
      contact: null,
      raw,
    });
    const emails: Labelled[] = [];
    for (const e of labelled(raw, 'email', /[;,\s]+/)) {
      const value = e.value.toLowerCase();
      if (!EMAIL.test(value)) problems.push(`invalid_email: ${e.value}`);
      else if (!emails.some((x) => x.value === value)) emails.push({ value, label: e.label });
    }
    const phones: Labelled[] = [];
    for (const p of labelled(raw, 'phone', /[;,/]+/)) {
      const value = normalizePhone(p.value, region);
      if (!value) problems.push(`invalid_phone: ${p.value}`);
      else if (!phones.some((x) => x.value === value)) phones.push({ value, label: p.label });
    }
    const rawWhatsapp = cells(raw, 'whatsapp')[0] ?? null;
    const whatsapp = rawWhatsapp ? normalizePhone(rawWhatsapp, region) : null;
    if (rawWhatsapp && !whatsapp) problems.push(`invalid_phone: ${rawWhatsapp}`);
    if (whatsapp && !phones.some((p) => p.value === whatsapp)) phones.push({ value: whatsapp, label: 'mobile' });
    const company = cells(raw, 'company')[0] ?? null;
    // A card with only an email or a company still names someone: the company, or the address's name part.
    const name =
      cells(raw, 'name')[0] ??
      ([cells(raw, 'firstName')[0], cells(raw, 'lastName')[0]].filter(Boolean).join(' ') ||
        company ||
        emails[0]?.value.split('@')[0] ||
        phones[0]?.value ||
        '');
    if (!name) return invalid(problems.length ? problems[0]! : 'missing_name');
    const statusText = cells(raw, 'status')[0]?.toLowerCase();
    const status = statusText ? (STATUSES[statusText] ?? null) : null;
    if (statusText && !status) problems.push(`invalid_status: ${statusText}`);
    const birthdayText = cells(raw, 'birthday')[0];
    const birthday = birthdayOf(birthdayText);
    if (birthdayText && !birthday) problems.push(`invalid_birthday: ${birthdayText}`);
    const contact = {
      name,
      emails: emails.slice(0, 10),
      phones: phones.slice(0, 10),
      whatsappId: whatsapp ? whatsapp.replace('+', '') : null,
      company,
      role: cells(raw, 'role')[0] ?? null,
      tags: cells(raw, 'tags')
        .flatMap((x) => x.split(/[;,]|:::/))
        .map((x) => x.replace(/^\* /, '').trim())
        .filter(Boolean),
      status,
      city: cells(raw, 'city')[0] ?? null,
      state: cells(raw, 'state')[0] ?? null,
      street: cells(raw, 'street')[0] ?? null,
      postalCode: cells(raw, 'postalCode')[0] ?? null,
      country: cells(raw, 'country')[0] ?? null,
      website: cells(raw, 'website')[0] ?? null,
      notes: cells(raw, 'notes').join('\n\n').slice(0, 10_000) || null,
      birthday,
    };
    // The same person: an email seen before, or a phone seen before under the same name. A phone seen under another
    // name is a shared number (an office line): both are kept, and the row says so.
    let sharedWith = null as string | null;
    const earlier =
      emails.map((e) => seen.get(`email:${e.value}`)).find(Boolean) ??
      phones
        .map((p) => seen.get(`phone:${p.value}`))
        .find((s) => {
          if (s && !sameName(name, s.name)) sharedWith ??= s.name;
          return s && sameName(name, s.name);
        });
    if (earlier)
      return {
        line,
        outcome: 'duplicate',
        reason: `same_as_line: ${earlier.line}`,
        problems,
        existingId: null,
        contact,
        raw,
      };
    for (const e of emails) seen.set(`email:${e.value}`, { line, name });
    for (const p of phones) if (!seen.has(`phone:${p.value}`)) seen.set(`phone:${p.value}`, { line, name });
    const existingId =
      emails.map((e) => known.identities.get(`email:${e.value}`)).find(Boolean) ??
      phones
        .map((p) => known.identities.get(`phone:${p.value}`))
        .find((id) => {
          if (id && !sameName(name, known.nameOf.get(id))) sharedWith ??= known.nameOf.get(id) ?? null;
          return id && sameName(name, known.nameOf.get(id));
        }) ??
      null;
    if (existingId && known.blocked.has(existingId)) return invalid('privacy_blocked');
    if (existingId)
      return {
        line,
        outcome: options.onDuplicate === 'update' ? 'update' : 'duplicate',
        reason: options.onDuplicate === 'update' ? null : 'already_a_contact',
        problems,
        existingId,
        contact,
        raw,
      };
    // No shared email or phone, but the same name: imported, and flagged so someone can review and merge.
    const key = nameKey(name);
    const namesake = key ? known.names.get(key) : undefined;
    return {
      line,
      outcome: 'new',
      reason: sharedWith ? `shared_phone: ${sharedWith}` : namesake ? `similar_name: ${namesake}` : null,
      problems,
      existingId: null,
      contact,
      raw,
    };
  });
}

/** A label as a file writes it in its own column ("Mobile", "Work", "* Móvil", "Trabajo"). */
function labelFromText(text: string): string | null {
  return columnLabel(`(${text.replace(/^\*\s*/, '')})`);
}
