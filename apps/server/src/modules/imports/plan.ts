// Deciding what each row of an import becomes: a new contact, an update of an existing one, a duplicate of an earlier
// row, or invalid with the reason. The same plan serves the preview (dry run) and the real run.
import type { ImportField, ImportOptions } from '@atiende/contract';
import type { Tenant } from '../../db/tenant.js';
import { nameKey } from '../contacts/index.js';
import { normalizePhone } from '../contacts/index.js';

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
};

export interface PlannedRow {
  line: number;
  outcome: 'new' | 'update' | 'duplicate' | 'invalid';
  reason: string | null;
  existingId: string | null;
  contact: {
    name: string;
    emails: string[];
    phones: string[];
    whatsappId: string | null;
    company: string | null;
    role: string | null;
    tags: string[];
    status: string | null;
    city: string | null;
    state: string | null;
    website: string | null;
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
  };
}

/** Plans rows starting at file line firstLine; pass the same `seen` map across batches of one file. */
export function planRows(
  rows: string[][],
  options: ImportOptions,
  region: string,
  known: Known,
  firstLine = 2,
  seen = new Map<string, number>(),
): PlannedRow[] {
  const cells = (row: string[], field: ImportField) =>
    options.mapping.flatMap((f, i) => (f === field && row[i]?.trim() ? [row[i].trim()] : []));
  return rows.map((raw, index) => {
    const line = firstLine + index;
    const name =
      cells(raw, 'name')[0] ?? [cells(raw, 'firstName')[0], cells(raw, 'lastName')[0]].filter(Boolean).join(' ');
    const rawEmails = cells(raw, 'email')
      .flatMap((e) => e.split(/[;,\s]+/))
      .filter(Boolean);
    const rawPhones = cells(raw, 'phone')
      .flatMap((p) => p.split(/[;,/]+/))
      .filter((p) => p.trim());
    const rawWhatsapp = cells(raw, 'whatsapp')[0] ?? null;
    const invalid = (reason: string): PlannedRow => ({
      line,
      outcome: 'invalid',
      reason,
      existingId: null,
      contact: null,
      raw,
    });
    if (!name) return invalid('missing_name');
    const emails = rawEmails.map((e) => e.toLowerCase());
    const badEmail = emails.find((e) => !EMAIL.test(e));
    if (badEmail) return invalid(`invalid_email: ${badEmail}`);
    const phones: string[] = [];
    for (const p of rawPhones) {
      const normalized = normalizePhone(p, region);
      if (!normalized) return invalid(`invalid_phone: ${p}`);
      phones.push(normalized);
    }
    const whatsapp = rawWhatsapp ? normalizePhone(rawWhatsapp, region) : null;
    if (rawWhatsapp && !whatsapp) return invalid(`invalid_phone: ${rawWhatsapp}`);
    const statusText = cells(raw, 'status')[0]?.toLowerCase();
    const status = statusText ? (STATUSES[statusText] ?? null) : null;
    if (statusText && !status) return invalid(`invalid_status: ${statusText}`);
    const keys = [
      ...emails.map((e) => `email:${e}`),
      ...[...phones, ...(whatsapp ? [whatsapp] : [])].map((p) => `phone:${p}`),
    ];
    const contact = {
      name,
      emails: [...new Set(emails)],
      phones: [...new Set([...phones, ...(whatsapp && !phones.includes(whatsapp) ? [whatsapp] : [])])],
      whatsappId: whatsapp ? whatsapp.replace('+', '') : null,
      company: cells(raw, 'company')[0] ?? null,
      role: cells(raw, 'role')[0] ?? null,
      tags: cells(raw, 'tags')
        .flatMap((x) => x.split(/[;,]/))
        .map((x) => x.trim())
        .filter(Boolean),
      status,
      city: cells(raw, 'city')[0] ?? null,
      state: cells(raw, 'state')[0] ?? null,
      website: cells(raw, 'website')[0] ?? null,
    };
    const earlier = keys.map((k) => seen.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined)
      return { line, outcome: 'duplicate', reason: `same_as_line: ${earlier}`, existingId: null, contact, raw };
    for (const k of keys) seen.set(k, line);
    const existingId = keys.map((k) => known.identities.get(k)).find(Boolean) ?? null;
    if (existingId && known.blocked.has(existingId)) return invalid('privacy_blocked');
    if (existingId)
      return {
        line,
        outcome: options.onDuplicate === 'update' ? 'update' : 'duplicate',
        reason: options.onDuplicate === 'update' ? null : 'already_a_contact',
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
      reason: namesake ? `similar_name: ${namesake}` : null,
      existingId: null,
      contact,
      raw,
    };
  });
}
