// Deciding what each row of an import becomes: a new contact, an update of an existing one, a duplicate of an earlier
// row, or invalid with the reason. The same plan serves the preview (dry run) and the real run.
import type { ImportField, ImportOptions } from '@atiende/contract';
import type { Tenant } from '../../db/tenant.js';
import { normalizePhone } from '../contacts/phones.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const STATUSES: Record<string, string> = { prospect: 'prospect', prospecto: 'prospect', active: 'active', activo: 'active', cliente: 'active', former: 'former', excliente: 'former', 'ex cliente': 'former', blocked: 'blocked', bloqueado: 'blocked' };

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

/** Emails and phones already in the workspace, to recognise returning customers. */
export async function existingIdentities(t: Tenant): Promise<Map<string, string>> {
  const rows = await t.selectFrom('contact_identities').select(['kind', 'value', 'contact_id']).execute();
  return new Map(rows.map((r) => [`${r.kind}:${r.value}`, r.contact_id]));
}

/** Plans rows starting at file line firstLine; pass the same `seen` map across batches of one file. */
export function planRows(rows: string[][], options: ImportOptions, region: string, existing: Map<string, string>, firstLine = 2, seen = new Map<string, number>()): PlannedRow[] {
  const cells = (row: string[], field: ImportField) => options.mapping.flatMap((f, i) => (f === field && row[i]?.trim() ? [row[i]!.trim()] : []));
  return rows.map((raw, index) => {
    const line = firstLine + index;
    const name = cells(raw, 'name')[0] ?? [cells(raw, 'firstName')[0], cells(raw, 'lastName')[0]].filter(Boolean).join(' ');
    const rawEmails = cells(raw, 'email').flatMap((e) => e.split(/[;,\s]+/)).filter(Boolean);
    const rawPhones = cells(raw, 'phone').flatMap((p) => p.split(/[;,/]+/)).filter((p) => p.trim());
    const rawWhatsapp = cells(raw, 'whatsapp')[0] ?? null;
    const invalid = (reason: string): PlannedRow => ({ line, outcome: 'invalid', reason, existingId: null, contact: null, raw });
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
    const status = statusText ? STATUSES[statusText] ?? null : null;
    if (statusText && !status) return invalid(`invalid_status: ${statusText}`);
    const keys = [...emails.map((e) => `email:${e}`), ...[...phones, ...(whatsapp ? [whatsapp] : [])].map((p) => `phone:${p}`)];
    const contact = {
      name,
      emails: [...new Set(emails)],
      phones: [...new Set([...phones, ...(whatsapp && !phones.includes(whatsapp) ? [whatsapp] : [])])],
      whatsappId: whatsapp ? whatsapp.replace('+', '') : null,
      company: cells(raw, 'company')[0] ?? null,
      role: cells(raw, 'role')[0] ?? null,
      tags: cells(raw, 'tags').flatMap((x) => x.split(/[;,]/)).map((x) => x.trim()).filter(Boolean),
      status,
      city: cells(raw, 'city')[0] ?? null,
      state: cells(raw, 'state')[0] ?? null,
      website: cells(raw, 'website')[0] ?? null,
    };
    const earlier = keys.map((k) => seen.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined) return { line, outcome: 'duplicate', reason: `same_as_line: ${earlier}`, existingId: null, contact, raw };
    for (const k of keys) seen.set(k, line);
    const existingId = keys.map((k) => existing.get(k)).find(Boolean) ?? null;
    if (existingId) return { line, outcome: options.onDuplicate === 'update' ? 'update' : 'duplicate', reason: options.onDuplicate === 'update' ? null : 'already_a_contact', existingId, contact, raw };
    return { line, outcome: 'new', reason: null, existingId: null, contact, raw };
  });
}
