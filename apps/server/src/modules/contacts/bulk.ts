// Many contacts at once (imports, generated data): normalised in memory, written with multi-row inserts inside the
// caller's transaction. The per-contact path (insertContact) stays the one for single edits.
import type { Tenant } from '../../db/tenant.js';
import { newId } from '../../platform/ids.js';
import { phoneSearchTokens } from './phones.js';
import { searchText } from '../../platform/search.js';

/** An email or phone, bare or with its label (mobile, work…). */
export type BulkIdentity = string | { value: string; label: string | null };
const valueOf = (x: BulkIdentity) => (typeof x === 'string' ? x : x.value);
const labelOf = (x: BulkIdentity) => (typeof x === 'string' ? null : x.label);

export interface BulkContact {
  name: string;
  emails: BulkIdentity[];
  phones: BulkIdentity[];
  status?: string;
  source?: string | null;
  tags?: string[];
  companyIds?: { id: string; name: string; role?: string | null }[];
  whatsappId?: string | null;
  website?: string | null;
  address?: Record<string, string | null>;
  profile?: Record<string, unknown>;
  createdAt?: number;
}

const CHUNK = 200;

async function insertChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Inserts the contacts and returns their ids, in order. Emails and phones must already be normalised. */
export async function bulkInsertContacts(t: Tenant, contacts: BulkContact[], now = Date.now()): Promise<string[]> {
  const ids = contacts.map(() => newId());
  const rows = contacts.map((c, i) => ({
    id: ids[i]!,
    name: c.name,
    email: c.emails[0] === undefined ? null : valueOf(c.emails[0]),
    phone: c.phones[0] === undefined ? null : valueOf(c.phones[0]),
    status: c.status ?? 'prospect',
    status_changed_at: c.createdAt ?? now,
    left_at: null,
    left_reason: null,
    owner_id: null,
    whatsapp_id: c.whatsappId ?? null,
    website: c.website ?? null,
    language: null,
    source: c.source ?? null,
    address: JSON.stringify(c.address ?? {}),
    profile: JSON.stringify(c.profile ?? {}),
    total_spent: (c.profile?.transactional as { totalSpent?: number } | undefined)?.totalSpent ?? null,
    search_text: searchText([
      c.name,
      ...c.emails.map(valueOf),
      ...c.phones.map(valueOf).flatMap(phoneSearchTokens),
      c.whatsappId,
      ...(c.companyIds ?? []).map((co) => co.name),
    ]),
    created_at: c.createdAt ?? now,
    updated_at: c.createdAt ?? now,
  }));
  await insertChunks(rows, (chunk) => t.insertInto('contacts', chunk).execute());
  const identities = contacts.flatMap((c, i) => [
    ...c.emails.map((x, position) => ({
      id: newId(),
      contact_id: ids[i]!,
      kind: 'email',
      value: valueOf(x),
      label: labelOf(x),
      position,
    })),
    ...c.phones.map((x, position) => ({
      id: newId(),
      contact_id: ids[i]!,
      kind: 'phone',
      value: valueOf(x),
      label: labelOf(x),
      position,
    })),
  ]);
  await insertChunks(identities, (chunk) => t.insertInto('contact_identities', chunk).execute());
  const tags = contacts.flatMap((c, i) =>
    [...new Set(c.tags ?? [])].map((tag) => ({ entity: 'contact', record_id: ids[i]!, tag })),
  );
  await insertChunks(tags, (chunk) => t.insertInto('record_tags', chunk).execute());
  const links = contacts.flatMap((c, i) =>
    (c.companyIds ?? []).map((co) => ({
      contact_id: ids[i]!,
      company_id: co.id,
      role: co.role ?? null,
      created_at: now,
    })),
  );
  await insertChunks(links, (chunk) => t.insertInto('contact_companies', chunk).execute());
  return ids;
}
