// Contacts: the people the company talks to, with their profile, identities (emails, phones), companies, tags and notes.
import type { Contact, ContactSummaryRow, CustomerStatus } from '@atiende/contract';
import { Profile as ProfileSchema } from '@atiende/contract';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ContactUpdate, ContactWrite } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { raiseEvent } from '../../platform/business-events.js';
import { touchDaysOf } from '../conversations/index.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { bounceStates } from './deliverability.js';
import { normalizePhone, phoneSearchTokens } from './phones.js';
import { checkCustomValues } from '../custom-fields/index.js';
import { csvLine } from '../../platform/csv.js';
import { loadDefinition } from '../segments/index.js';
import { segmentCondition } from '../segments/index.js';
import { matches, queryTerms, searchText } from '../../platform/search.js';
import { iso, localEpochDay } from '../../platform/time.js';

type ContactInput = z.infer<typeof ContactWrite>;
type ContactPatch = z.infer<typeof ContactUpdate>;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export async function workspaceCountry(t: Tenant): Promise<string> {
  const row = await t.db
    .selectFrom('workspaces')
    .select('country')
    .where('id', '=', t.workspaceId)
    .executeTakeFirstOrThrow();
  return row.country;
}

/** Emails lower-cased and checked, phones to E.164; every bad one named by its field. */
export function normalizeIdentities(
  input: { emails?: { value: string; label?: string | null }[]; phones?: { value: string; label?: string | null }[] },
  region: string,
) {
  const problems: { path: string; message: string }[] = [];
  const emails = (input.emails ?? []).map((e, i) => {
    const value = e.value.trim().toLowerCase();
    if (!EMAIL.test(value)) problems.push({ path: `emails.${i}.value`, message: 'field.invalidEmail' });
    return { value, label: e.label ?? null };
  });
  const phones = (input.phones ?? []).map((p, i) => {
    const value = normalizePhone(p.value, region);
    if (!value) problems.push({ path: `phones.${i}.value`, message: 'field.invalidPhone' });
    return { value: value ?? '', label: p.label ?? null };
  });
  if (problems.length) throw new AppError('validation_failed', problems);
  const unique = <T extends { value: string }>(list: T[]) =>
    list.filter((x, i) => list.findIndex((y) => y.value === x.value) === i);
  return { emails: unique(emails), phones: unique(phones) };
}

async function assertCompanies(t: Tenant, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await t.selectFrom('companies').select('id').where('id', 'in', ids).execute();
  const missing = ids.findIndex((id) => !found.some((f) => f.id === id));
  if (missing >= 0)
    throw new AppError('validation_failed', [
      { path: `companies.${missing}.companyId`, message: 'field.noSuchCompany' },
    ]);
}

export async function setTags(
  t: Tenant,
  entity: 'contact' | 'company',
  recordId: string,
  tags: string[],
): Promise<void> {
  await t.deleteFrom('record_tags').where('entity', '=', entity).where('record_id', '=', recordId).execute();
  const unique = [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
  if (unique.length)
    await t
      .insertInto(
        'record_tags',
        unique.map((tag) => ({ entity, record_id: recordId, tag })),
      )
      .execute();
}

/** Rebuilds the text the search reads: names, emails, phones, company names and notes, accent-folded. */
export async function refreshContactSearch(t: Tenant, contactId: string): Promise<void> {
  const contact = await t
    .selectFrom('contacts')
    .select(['name', 'whatsapp_id'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) return;
  const identities = await t
    .selectFrom('contact_identities')
    .select(['kind', 'value'])
    .where('contact_id', '=', contactId)
    .execute();
  const companies = await t
    .selectFrom('contact_companies')
    .innerJoin('companies', 'companies.id', 'contact_companies.company_id')
    .select('companies.name')
    .where('contact_companies.contact_id', '=', contactId)
    .execute();
  const notes = await t
    .selectFrom('notes')
    .select('body')
    .where('subject_type', '=', 'contact')
    .where('subject_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  const parts = [
    contact.name,
    ...identities.flatMap((i) => (i.kind === 'phone' ? phoneSearchTokens(i.value) : [i.value])),
    contact.whatsapp_id ?? '',
    ...companies.map((c) => c.name),
    ...notes.map((n) => n.body),
  ];
  await t
    .updateTable('contacts')
    .set({ search_text: searchText(parts) })
    .where('id', '=', contactId)
    .execute();
}

async function writeIdentities(
  t: Tenant,
  contactId: string,
  ids: { emails: { value: string; label: string | null }[]; phones: { value: string; label: string | null }[] },
) {
  await t.deleteFrom('contact_identities').where('contact_id', '=', contactId).execute();
  const rows = [
    ...ids.emails.map((e, position) => ({
      id: newId(),
      contact_id: contactId,
      kind: 'email',
      value: e.value,
      label: e.label,
      position,
    })),
    ...ids.phones.map((p, position) => ({
      id: newId(),
      contact_id: contactId,
      kind: 'phone',
      value: p.value,
      label: p.label,
      position,
    })),
  ];
  if (rows.length) await t.insertInto('contact_identities', rows).execute();
}

async function writeCompanies(t: Tenant, contactId: string, companies: { companyId: string; role?: string | null }[]) {
  await assertCompanies(
    t,
    companies.map((c) => c.companyId),
  );
  await t.deleteFrom('contact_companies').where('contact_id', '=', contactId).execute();
  const now = Date.now();
  if (companies.length) {
    await t
      .insertInto(
        'contact_companies',
        companies.map((c) => ({
          contact_id: contactId,
          company_id: c.companyId,
          role: c.role ?? null,
          created_at: now,
        })),
      )
      .execute();
  }
}

/** Profile sections merge field by field: what `patch` says wins, what it leaves out stays. */
export function mergeProfile(current: unknown, patch: unknown): Record<string, Record<string, unknown>> {
  const base = (current ?? {}) as Record<string, Record<string, unknown>>;
  const next = (patch ?? {}) as Record<string, Record<string, unknown>>;
  const merged: Record<string, unknown> = { ...base };
  for (const [section, values] of Object.entries(next)) merged[section] = { ...(base[section] ?? {}), ...values };
  return ProfileSchema.parse(merged);
}

/** Creates a contact inside the caller's transaction; used by the API, web chat, imports and the demo. */
export async function insertContact(t: Tenant, input: ContactInput, options: { now?: number } = {}): Promise<string> {
  const region = await workspaceCountry(t);
  const ids = normalizeIdentities(input, region);
  await assertAgentMember(t, input.ownerId, 'ownerId');
  const now = options.now ?? Date.now();
  const id = newId();
  const status = input.status ?? 'prospect';
  await t
    .insertInto('contacts', {
      id,
      name: input.name,
      email: ids.emails[0]?.value ?? null,
      phone: ids.phones[0]?.value ?? null,
      status,
      status_changed_at: now,
      left_at: status === 'former' ? now : null,
      left_reason: input.leftReason ?? null,
      owner_id: input.ownerId ?? null,
      whatsapp_id: input.whatsappId ?? null,
      website: input.website ?? null,
      language: input.language ?? null,
      source: input.source ?? null,
      address: JSON.stringify(input.address ?? {}),
      profile: JSON.stringify(input.profile ?? {}),
      total_spent: input.profile?.transactional?.totalSpent ?? null,
      custom: JSON.stringify(input.custom ? await checkCustomValues(t, 'contact', {}, input.custom) : {}),
      search_text: '',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await writeIdentities(t, id, ids);
  if (input.companies) await writeCompanies(t, id, input.companies);
  if (input.tags) await setTags(t, 'contact', id, input.tags);
  await refreshContactSearch(t, id);
  return id;
}

export async function createContact(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: ContactInput,
): Promise<Contact> {
  const id = await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const contactId = await insertContact(t, input);
    await audit(t, actor, 'contact.created', { type: 'contact', id: contactId }, { name: input.name });
    return contactId;
  });
  return getContact(ctx, workspaceId, id);
}

export async function updateContact(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: ContactPatch,
): Promise<Contact> {
  await tenant(ctx.db, workspaceId).transaction((t) => patchContact(ctx, t, actor, id, patch));
  return getContact(ctx, workspaceId, id);
}

/** Inside the caller's transaction (a subscription ended makes its customer former in the same one). */
export async function patchContact(
  ctx: AppContext,
  t: Tenant,
  actor: Actor,
  id: string,
  patch: ContactPatch,
): Promise<void> {
  const current = await t.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!current) throw new AppError('not_found');
  if (current.privacy_blocked_at !== null) throw new AppError('contact_blocked');
  const now = Date.now();
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.whatsappId !== undefined) set.whatsapp_id = patch.whatsappId;
  if (patch.website !== undefined) set.website = patch.website;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.source !== undefined) set.source = patch.source;
  if (patch.address !== undefined) set.address = JSON.stringify(patch.address);
  if (patch.ownerId !== undefined) {
    await assertAgentMember(t, patch.ownerId, 'ownerId');
    set.owner_id = patch.ownerId;
  }
  if (patch.profile !== undefined) {
    const profile = mergeProfile(JSON.parse(current.profile), patch.profile);
    set.profile = JSON.stringify(profile);
    set.total_spent = profile.transactional?.totalSpent ?? null;
  }
  if (patch.status !== undefined && patch.status !== current.status) {
    set.status = patch.status;
    set.status_changed_at = now;
    set.left_at = patch.status === 'former' ? now : null;
  }
  if (patch.leftReason !== undefined) set.left_reason = patch.leftReason;
  if (patch.custom !== undefined)
    set.custom = JSON.stringify(
      await checkCustomValues(t, 'contact', JSON.parse(current.custom) as Record<string, unknown>, patch.custom),
    );
  if (patch.emails !== undefined || patch.phones !== undefined) {
    const existing = await t
      .selectFrom('contact_identities')
      .select(['kind', 'value', 'label'])
      .where('contact_id', '=', id)
      .orderBy('position')
      .execute();
    const ids = normalizeIdentities(
      {
        emails: patch.emails ?? existing.filter((e) => e.kind === 'email'),
        phones: patch.phones ?? existing.filter((e) => e.kind === 'phone'),
      },
      await workspaceCountry(t),
    );
    await writeIdentities(t, id, ids);
    set.email = ids.emails[0]?.value ?? null;
    set.phone = ids.phones[0]?.value ?? null;
  }
  if (patch.companies !== undefined) await writeCompanies(t, id, patch.companies);
  if (patch.tags !== undefined) await setTags(t, 'contact', id, patch.tags);
  await t.updateTable('contacts').set(set).where('id', '=', id).execute();
  // A customer who left: a business event (the win-back sequences, webhooks, rules), once per departure.
  if (set.status === 'former') {
    await raiseEvent(
      ctx,
      t,
      {
        name: 'contact.lost',
        data: { contact: { id, name: current.name, leftReason: patch.leftReason ?? null, ownerId: current.owner_id } },
      },
      now,
    );
  }
  await refreshContactSearch(t, id);
  // What changed, with the old values, so a rectification can be traced.
  const changed = Object.keys(patch);
  await audit(
    t,
    actor,
    'contact.updated',
    { type: 'contact', id },
    {
      fields: changed,
      before: Object.fromEntries(
        changed.filter((k) => k in current).map((k) => [k, (current as Record<string, unknown>)[k]]),
      ),
    },
  );
}

/** A contact's emails or phones, primary first, with their labels. */
export async function identitiesOf(
  t: Tenant,
  contactId: string,
  kind: 'email' | 'phone',
): Promise<{ value: string; label: string | null }[]> {
  return t
    .selectFrom('contact_identities')
    .select(['value', 'label'])
    .where('contact_id', '=', contactId)
    .where('kind', '=', kind)
    .orderBy('position')
    .execute();
}

/** A contact under a privacy block is not there for agents; owners and admins (includeBlocked) still reach it. */
export async function getContact(
  ctx: AppContext,
  workspaceId: string,
  id: string,
  options: { includeBlocked?: boolean } = {},
): Promise<Contact> {
  const t = tenant(ctx.db, workspaceId);
  const row = await t.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.privacy_blocked_at !== null && !options.includeBlocked)) throw new AppError('not_found');
  const [identities, tags, companies, stats] = await Promise.all([
    t
      .selectFrom('contact_identities')
      .select(['kind', 'value', 'label'])
      .where('contact_id', '=', id)
      .orderBy('position')
      .execute(),
    t
      .selectFrom('record_tags')
      .select('tag')
      .where('entity', '=', 'contact')
      .where('record_id', '=', id)
      .orderBy('tag')
      .execute(),
    t
      .selectFrom('contact_companies')
      .innerJoin('companies', 'companies.id', 'contact_companies.company_id')
      .select(['companies.id', 'companies.name', 'contact_companies.role'])
      .where('contact_companies.contact_id', '=', id)
      .orderBy('companies.name')
      .execute(),
    t
      .selectFrom('conversations')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.max('last_message_at').as('last'),
        eb.fn.min('created_at').as('first'),
      ])
      .where('contact_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  const bounces = await bounceStates(
    t,
    identities.filter((i) => i.kind === 'email').map((i) => i.value),
  );
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    emails: identities
      .filter((i) => i.kind === 'email')
      .map((i) => {
        const bounce = bounces.get(i.value.toLowerCase());
        return {
          value: i.value,
          label: i.label,
          bounce: bounce
            ? {
                severity: bounce.severity,
                status: bounce.status,
                reason: bounce.reason,
                at: new Date(bounce.at).toISOString(),
              }
            : null,
        };
      }),
    phones: identities.filter((i) => i.kind === 'phone').map((i) => ({ value: i.value, label: i.label })),
    mailOptOutAt: iso(row.mail_opt_out_at),
    whatsappId: row.whatsapp_id,
    website: row.website,
    address: JSON.parse(row.address) as Record<string, unknown>,
    status: (row.status ?? 'prospect') as CustomerStatus,
    statusChangedAt: iso(row.status_changed_at),
    leftAt: iso(row.left_at),
    leftReason: row.left_reason,
    ownerId: row.owner_id,
    language: row.language,
    source: row.source,
    tags: tags.map((x) => x.tag),
    profile: JSON.parse(row.profile) as Record<string, unknown>,
    custom: JSON.parse(row.custom) as Record<string, unknown>,
    companies: companies.map((c) => ({ id: c.id, name: c.name, role: c.role })),
    stats: {
      conversations: Number(stats.n),
      lastContactAt: iso(stats.last === null ? null : Number(stats.last)),
      firstContactAt: iso(stats.first === null ? null : Number(stats.first)),
    },
    privacyBlockedAt: iso(row.privacy_blocked_at),
    unverifiedEmail: row.unverified_email,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function listContacts(
  ctx: AppContext,
  workspaceId: string,
  query: {
    q?: string;
    status?: CustomerStatus;
    tag?: string;
    ownerId?: string;
    segment?: string;
    blocked?: boolean;
    limit: number;
    cursor?: string;
  },
): Promise<{ items: ContactSummaryRow[]; total: number; nextCursor: string | null }> {
  const t = tenant(ctx.db, workspaceId);
  // Blocked contacts are listed only when asked for (owners and admins, on the privacy page).
  let q = t.selectFrom('contacts').where('contacts.privacy_blocked_at', query.blocked ? 'is not' : 'is', null);
  if (query.segment) q = q.where(segmentCondition(await loadDefinition(ctx, workspaceId, query.segment), workspaceId));
  const terms = query.q ? queryTerms(query.q) : [];
  if (terms.length) q = q.where(matches(ctx.dialect, 'contacts', terms));
  if (query.status) q = q.where('contacts.status', '=', query.status);
  if (query.ownerId) q = q.where('contacts.owner_id', '=', query.ownerId);
  if (query.tag) {
    const tag = query.tag;
    q = q.where('contacts.id', 'in', (eb) =>
      eb
        .selectFrom('record_tags')
        .select('record_id')
        .where('entity', '=', 'contact')
        .where('tag', '=', tag)
        .where('workspace_id', '=', workspaceId),
    );
  }
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = q.select([
    'contacts.id',
    'contacts.name',
    'contacts.email',
    'contacts.phone',
    'contacts.status',
    'contacts.updated_at',
  ]);
  if (query.cursor) {
    const [name, id] = splitCursor(query.cursor);
    page = page.where((eb) =>
      eb.or([eb('contacts.name', '>', name), eb.and([eb('contacts.name', '=', name), eb('contacts.id', '>', id)])]),
    );
  }
  // On PostgreSQL a search for a common word ("jose") made the planner walk the name index and filter 40,000 rows;
  // ordering by an expression the index cannot serve makes it find the matches first (GIN) and sort those.
  const byName =
    terms.length && ctx.dialect === 'postgres' ? sql<string>`contacts.name || ''` : sql<string>`contacts.name`;
  const rows = await page
    .orderBy(byName)
    .orderBy('contacts.id')
    .limit(query.limit + 1)
    .execute();
  const visible = rows.slice(0, query.limit);
  const ids = visible.map((r) => r.id);
  const [tags, companies] = ids.length
    ? await Promise.all([
        t
          .selectFrom('record_tags')
          .select(['record_id', 'tag'])
          .where('entity', '=', 'contact')
          .where('record_id', 'in', ids)
          .execute(),
        t
          .selectFrom('contact_companies')
          .innerJoin('companies', 'companies.id', 'contact_companies.company_id')
          .select(['contact_companies.contact_id', 'companies.name'])
          .where('contact_companies.contact_id', 'in', ids)
          .execute(),
      ])
    : [[], []];
  const last = visible.at(-1);
  return {
    items: visible.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      status: (r.status ?? 'prospect') as CustomerStatus,
      tags: tags.filter((x) => x.record_id === r.id).map((x) => x.tag),
      companies: companies.filter((c) => c.contact_id === r.id).map((c) => c.name),
      updatedAt: iso(r.updated_at),
    })),
    total: Number(totalRow.n),
    nextCursor: rows.length > query.limit && last ? JSON.stringify([last.name, last.id]) : null,
  };
}

export function splitCursor(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(cursor) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string'))
      return parsed as [string, string];
  } catch {
    /* falls through */
  }
  throw new AppError('validation_failed', [{ path: 'cursor', message: 'field.invalidCursor' }]);
}

/**
 * The (oldest) contact with this normalised email or phone. Someone whose data was blocked at their request who
 * writes again starts a new relationship, with a new record: blocked contacts are not found.
 */
export async function contactByIdentity(
  t: Tenant,
  kind: 'email' | 'phone',
  value: string,
): Promise<{ id: string; name: string } | undefined> {
  return t
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .select(['contacts.id', 'contacts.name'])
    .where('contact_identities.kind', '=', kind)
    .where('contact_identities.value', '=', value)
    .where('contacts.privacy_blocked_at', 'is', null)
    .orderBy('contacts.created_at')
    .executeTakeFirst();
}

/** The contact with this email in the workspace, created on first contact; a new name does not overwrite a known one. */
/** `created`: the email was not known, so this is someone new (a lead, for the website chat). */
export async function findOrCreateContactByEmail(
  t: Tenant,
  input: { name: string; email: string; source?: string },
): Promise<{ id: string; name: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await contactByIdentity(t, 'email', email);
  if (existing) return { ...existing, created: false };
  const id = await insertContact(t, { name: input.name, emails: [{ value: email }], source: input.source ?? null });
  return { id, name: input.name, created: true };
}

/**
 * The contact for an email typed in a public form (website chat, lead form). With proof that the person owns it (the
 * site's signed identity), or when no contact has it yet, it is the contact of that email. Without proof, an address
 * that is already a customer's gives a new contact of its own, flagged with the address it claims: nobody learns a
 * customer's name or joins their history by typing their email.
 */
export async function contactForTypedEmail(
  t: Tenant,
  input: { name: string; email: string; source?: string; verified: boolean },
): Promise<{ id: string; name: string; created: boolean; unverified: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await contactByIdentity(t, 'email', email);
  if (!existing || input.verified)
    return { ...(await findOrCreateContactByEmail(t, { ...input, email })), unverified: false };
  const id = await insertContact(t, { name: input.name, source: input.source ?? null });
  await t.updateTable('contacts').set({ unverified_email: email }).where('id', '=', id).execute();
  return { id, name: input.name, created: true, unverified: true };
}

/** Every contact the filters select (a list or a segment), as spreadsheet-safe CSV, in pages so memory stays flat. */
/** "value (label)" as an export lists every phone and email, so none loses what it is. */
const labelled = (i: { value: string; label: string | null }) => (i.label ? `${i.value} (${i.label})` : i.value);

export async function exportContactsCsv(
  ctx: AppContext,
  workspaceId: string,
  query: { q?: string; status?: CustomerStatus; tag?: string; ownerId?: string; segment?: string },
  write: (chunk: string) => void,
): Promise<number> {
  write(`${csvLine(['name', 'emails', 'phones', 'status', 'tags', 'companies', 'source', 'created_at'])}\r\n`);
  const t = tenant(ctx.db, workspaceId);
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await listContacts(ctx, workspaceId, { ...query, limit: 200, cursor });
    const ids = page.items.map((c) => c.id);
    const [identities, created] = ids.length
      ? await Promise.all([
          t
            .selectFrom('contact_identities')
            .select(['contact_id', 'kind', 'value', 'label'])
            .where('contact_id', 'in', ids)
            .orderBy('position')
            .execute(),
          t.selectFrom('contacts').select(['id', 'source', 'created_at']).where('id', 'in', ids).execute(),
        ])
      : [[], []];
    for (const c of page.items) {
      const mine = identities.filter((i) => i.contact_id === c.id);
      const row = created.find((r) => r.id === c.id);
      write(
        `${csvLine([
          c.name,
          mine
            .filter((i) => i.kind === 'email')
            .map(labelled)
            .join('; '),
          mine
            .filter((i) => i.kind === 'phone')
            .map(labelled)
            .join('; '),
          c.status,
          c.tags.join('; '),
          c.companies.join('; '),
          row?.source ?? '',
          iso(row?.created_at),
        ])}\r\n`,
      );
    }
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

/** Blocking: the widget sessions of the contact end, so nothing new lands on a blocked record. */
export async function hideContactFromChannels(t: Tenant, contactId: string): Promise<void> {
  await t.updateTable('conversations').set({ visitor_id: null }).where('contact_id', '=', contactId).execute();
  await t.deleteFrom('widget_visitors').where('contact_id', '=', contactId).execute();
}

/** Erasure: the row goes, and with it (by foreign key) identities, company links, consents, conversations and messages. */
export async function eraseContactRecord(t: Tenant, contactId: string): Promise<void> {
  // What was learnt about the person's addresses goes with them.
  const emails = t
    .selectFrom('contact_identities')
    .select('value')
    .where('contact_id', '=', contactId)
    .where('kind', '=', 'email');
  await t.deleteFrom('email_bounces').where('address', 'in', emails).execute();
  await t.deleteFrom('record_tags').where('entity', '=', 'contact').where('record_id', '=', contactId).execute();
  await touchDaysOf(t, { contactId });
  await t.deleteFrom('conversations').where('contact_id', '=', contactId).execute();
  await t.deleteFrom('contacts').where('id', '=', contactId).execute();
}

/** Contacts created per local day (days since the epoch, shifted by the workspace's offset), for the monthly report. */
export async function newContactsPerDay(
  t: Tenant,
  from: number,
  to: number,
  offsetMs: number,
): Promise<{ day: number; count: number }[]> {
  const rows = await t
    .selectFrom('contacts')
    .select((eb) => [localEpochDay('created_at', offsetMs).as('day'), eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('day')
    .execute();
  return rows.map((r) => ({ day: Number(r.day), count: Number(r.n) }));
}
