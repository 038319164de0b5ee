// Companies: the organisations customers belong to, with what the team knows about their business.
import type { Company, CompanyRow, CustomerStatus } from '@atiende/contract';
import type { CompanyUpdate, CompanyWrite } from '@atiende/contract';
import type { z } from 'zod';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { checkCustomValues } from '../custom-fields/index.js';
import { normalizePhone } from '../contacts/index.js';
import { matches, queryTerms, searchText } from '../../platform/search.js';
import { mergeProfile, refreshContactSearch, setTags, splitCursor, workspaceCountry } from '../contacts/index.js';
import { iso } from '../../platform/time.js';

type CompanyInput = z.infer<typeof CompanyWrite>;
type CompanyPatch = z.infer<typeof CompanyUpdate>;

/** INEGI size bands by number of employees (services sector: micro ≤10, small ≤50, medium ≤100). */
export function sizeBand(employees: number | null): Company['sizeBand'] {
  if (employees === null) return null;
  return employees <= 10 ? 'micro' : employees <= 50 ? 'small' : employees <= 100 ? 'medium' : 'large';
}

async function normalizedPhone(t: Tenant, phone: string | null | undefined): Promise<string | null> {
  if (!phone) return null;
  const value = normalizePhone(phone, await workspaceCountry(t));
  if (!value) throw new AppError('validation_failed', [{ path: 'phone', message: 'field.invalidPhone' }]);
  return value;
}

async function refreshCompanySearch(t: Tenant, id: string): Promise<void> {
  const row = await t
    .selectFrom('companies')
    .select(['name', 'legal_name', 'tax_id', 'email', 'phone', 'industry'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  const text = searchText([
    row.name,
    row.legal_name,
    row.tax_id,
    row.email,
    row.phone?.replace(/\D/g, ''),
    row.industry,
  ]);
  await t.updateTable('companies').set({ search_text: text }).where('id', '=', id).execute();
}

export async function insertCompany(t: Tenant, input: CompanyInput): Promise<string> {
  await assertAgentMember(t, input.ownerId, 'ownerId');
  const now = Date.now();
  const id = newId();
  const status = input.status ?? 'prospect';
  await t
    .insertInto('companies', {
      id,
      name: input.name,
      legal_name: input.legalName ?? null,
      tax_id: input.taxId?.toUpperCase() ?? null,
      email: input.email?.toLowerCase() ?? null,
      phone: await normalizedPhone(t, input.phone),
      website: input.website ?? null,
      industry: input.industry ?? null,
      employees: input.employees ?? null,
      status,
      status_changed_at: now,
      left_at: status === 'former' ? now : null,
      left_reason: input.leftReason ?? null,
      owner_id: input.ownerId ?? null,
      source: input.source ?? null,
      address: JSON.stringify(input.address ?? {}),
      profile: JSON.stringify(input.profile ?? {}),
      custom: JSON.stringify(input.custom ? await checkCustomValues(t, 'company', {}, input.custom) : {}),
      search_text: '',
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (input.tags) await setTags(t, 'company', id, input.tags);
  await refreshCompanySearch(t, id);
  return id;
}

export async function createCompany(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: CompanyInput,
): Promise<Company> {
  const id = await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const companyId = await insertCompany(t, input);
    await audit(t, actor, 'company.created', { type: 'company', id: companyId }, { name: input.name });
    return companyId;
  });
  return getCompany(ctx, workspaceId, id);
}

export async function updateCompany(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: CompanyPatch,
): Promise<Company> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    const now = Date.now();
    const set: Record<string, unknown> = { updated_at: now };
    const direct = {
      name: 'name',
      legalName: 'legal_name',
      website: 'website',
      industry: 'industry',
      employees: 'employees',
      leftReason: 'left_reason',
      ownerId: 'owner_id',
      source: 'source',
    } as const;
    for (const [key, column] of Object.entries(direct)) {
      const value = patch[key as keyof typeof direct];
      if (value !== undefined) set[column] = value;
    }
    if (patch.ownerId !== undefined) await assertAgentMember(t, patch.ownerId, 'ownerId');
    if (patch.taxId !== undefined) set.tax_id = patch.taxId?.toUpperCase() ?? null;
    if (patch.email !== undefined) set.email = patch.email?.toLowerCase() ?? null;
    if (patch.phone !== undefined) set.phone = await normalizedPhone(t, patch.phone);
    if (patch.address !== undefined) set.address = JSON.stringify(patch.address);
    if (patch.profile !== undefined)
      set.profile = JSON.stringify(mergeProfile(JSON.parse(current.profile), patch.profile));
    if (patch.status !== undefined && patch.status !== current.status) {
      set.status = patch.status;
      set.status_changed_at = now;
      set.left_at = patch.status === 'former' ? now : null;
    }
    if (patch.custom !== undefined)
      set.custom = JSON.stringify(
        await checkCustomValues(t, 'company', JSON.parse(current.custom) as Record<string, unknown>, patch.custom),
      );
    if (patch.tags !== undefined) await setTags(t, 'company', id, patch.tags);
    await t.updateTable('companies').set(set).where('id', '=', id).execute();
    await refreshCompanySearch(t, id);
    if (patch.name !== undefined && patch.name !== current.name) {
      // Contacts are found by their company's name too.
      const members = await t
        .selectFrom('contact_companies')
        .select('contact_id')
        .where('company_id', '=', id)
        .execute();
      for (const m of members) await refreshContactSearch(t, m.contact_id);
    }
    const changed = Object.keys(patch);
    await audit(t, actor, 'company.updated', { type: 'company', id }, { fields: changed });
  });
  return getCompany(ctx, workspaceId, id);
}

export async function getCompany(ctx: AppContext, workspaceId: string, id: string): Promise<Company> {
  const t = tenant(ctx.db, workspaceId);
  const row = await t.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const [tags, contacts] = await Promise.all([
    t
      .selectFrom('record_tags')
      .select('tag')
      .where('entity', '=', 'company')
      .where('record_id', '=', id)
      .orderBy('tag')
      .execute(),
    t
      .selectFrom('contact_companies')
      .innerJoin('contacts', 'contacts.id', 'contact_companies.contact_id')
      .select(['contacts.id', 'contacts.name', 'contact_companies.role'])
      .where('contact_companies.company_id', '=', id)
      .where('contacts.privacy_blocked_at', 'is', null)
      .orderBy('contacts.name')
      .execute(),
  ]);
  return {
    id: row.id,
    name: row.name,
    legalName: row.legal_name,
    taxId: row.tax_id,
    email: row.email,
    phone: row.phone,
    website: row.website,
    industry: row.industry,
    employees: row.employees,
    sizeBand: sizeBand(row.employees),
    address: JSON.parse(row.address) as Record<string, unknown>,
    status: row.status as CustomerStatus,
    statusChangedAt: iso(row.status_changed_at),
    leftAt: iso(row.left_at),
    leftReason: row.left_reason,
    ownerId: row.owner_id,
    source: row.source,
    tags: tags.map((x) => x.tag),
    profile: JSON.parse(row.profile) as Record<string, unknown>,
    custom: JSON.parse(row.custom) as Record<string, unknown>,
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, role: c.role })),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function listCompanies(
  ctx: AppContext,
  workspaceId: string,
  query: { q?: string; status?: CustomerStatus; tag?: string; ownerId?: string; limit: number; cursor?: string },
): Promise<{ items: CompanyRow[]; total: number; nextCursor: string | null }> {
  const t = tenant(ctx.db, workspaceId);
  let q = t.selectFrom('companies');
  const terms = query.q ? queryTerms(query.q) : [];
  if (terms.length) q = q.where(matches(ctx.dialect, 'companies', terms));
  if (query.status) q = q.where('companies.status', '=', query.status);
  if (query.ownerId) q = q.where('companies.owner_id', '=', query.ownerId);
  if (query.tag) {
    const tag = query.tag;
    q = q.where('companies.id', 'in', (eb) =>
      eb
        .selectFrom('record_tags')
        .select('record_id')
        .where('entity', '=', 'company')
        .where('tag', '=', tag)
        .where('workspace_id', '=', workspaceId),
    );
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = q.select([
    'companies.id',
    'companies.name',
    'companies.industry',
    'companies.status',
    'companies.updated_at',
  ]);
  if (query.cursor) {
    const [name, id] = splitCursor(query.cursor);
    page = page.where((eb) =>
      eb.or([eb('companies.name', '>', name), eb.and([eb('companies.name', '=', name), eb('companies.id', '>', id)])]),
    );
  }
  const rows = await page
    .orderBy('companies.name')
    .orderBy('companies.id')
    .limit(query.limit + 1)
    .execute();
  const visible = rows.slice(0, query.limit);
  const ids = visible.map((r) => r.id);
  const [tags, counts] = ids.length
    ? await Promise.all([
        t
          .selectFrom('record_tags')
          .select(['record_id', 'tag'])
          .where('entity', '=', 'company')
          .where('record_id', 'in', ids)
          .execute(),
        t
          .selectFrom('contact_companies')
          .select((eb) => ['company_id', eb.fn.countAll<number>().as('n')])
          .where('company_id', 'in', ids)
          .groupBy('company_id')
          .execute(),
      ])
    : [[], []];
  const last = visible.at(-1);
  return {
    items: visible.map((r) => ({
      id: r.id,
      name: r.name,
      industry: r.industry,
      status: r.status as CustomerStatus,
      contacts: Number(counts.find((c) => c.company_id === r.id)?.n ?? 0),
      tags: tags.filter((x) => x.record_id === r.id).map((x) => x.tag),
      updatedAt: iso(r.updated_at),
    })),
    total: Number(total.n),
    nextCursor: rows.length > query.limit && last ? JSON.stringify([last.name, last.id]) : null,
  };
}
