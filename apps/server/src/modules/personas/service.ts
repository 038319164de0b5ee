// Buyer personas: definitions, each customer's best fit with reasons, and how many customers fit each persona.
import type { Persona, PersonaCriteria, PersonaFit, PersonaReport } from '@atiende/contract';
import { PersonaCriteria as CriteriaSchema } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { sizeBand } from '../companies/index.js';
import { type CustomerFacts, fitScore } from './fit.js';

const REPORT_THRESHOLD = 50;

async function load(t: Tenant): Promise<Persona[]> {
  const rows = await t.selectFrom('personas').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    criteria: CriteriaSchema.parse(JSON.parse(r.criteria)),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export const listPersonas = (ctx: AppContext, workspaceId: string) => load(tenant(ctx.db, workspaceId));

export async function createPersona(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; description?: string | null; criteria: PersonaCriteria },
): Promise<Persona> {
  const id = newId();
  const now = Date.now();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .insertInto('personas', {
        id,
        name: input.name,
        description: input.description ?? null,
        criteria: JSON.stringify(input.criteria),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(t, actor, 'persona.created', { type: 'persona', id }, { name: input.name });
  });
  return (await listPersonas(ctx, workspaceId)).find((p) => p.id === id)!;
}

export async function updatePersona(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: { name?: string; description?: string | null; criteria?: PersonaCriteria },
): Promise<Persona> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await t
      .updateTable('personas')
      .set({
        ...(patch.name ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.criteria ? { criteria: JSON.stringify(patch.criteria) } : {}),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'persona.updated', { type: 'persona', id });
  });
  return (await listPersonas(ctx, workspaceId)).find((p) => p.id === id)!;
}

export async function deletePersona(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await t.deleteFrom('personas').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'persona.deleted', { type: 'persona', id });
  });
}

type Row = { id: string; profile: string; address: string };
interface CompanyFacts {
  contact_id: string;
  industry: string | null;
  employees: number | null;
  address: string;
}

function factsOf(row: Row, companies: CompanyFacts[]): CustomerFacts {
  const profile = JSON.parse(row.profile) as {
    psychographics?: { traits?: string[]; interests?: string[] };
    preferences?: { channels?: string[] };
  };
  const address = JSON.parse(row.address) as { city?: string | null; state?: string | null };
  return {
    traits: profile.psychographics?.traits ?? [],
    interests: profile.psychographics?.interests ?? [],
    channels: profile.preferences?.channels ?? [],
    industries: companies.flatMap((c) => (c.industry ? [c.industry] : [])),
    sizeBands: companies.flatMap((c) => {
      const b = sizeBand(c.employees);
      return b ? [b] : [];
    }),
    places: [
      address.city,
      address.state,
      ...companies.flatMap((c) => {
        const a = JSON.parse(c.address) as { city?: string; state?: string };
        return [a.city, a.state];
      }),
    ].filter((x): x is string => Boolean(x)),
  };
}

async function companyFacts(t: Tenant, contactIds: string[]): Promise<CompanyFacts[]> {
  if (!contactIds.length) return [];
  return t
    .selectFrom('contact_companies')
    .innerJoin('companies', 'companies.id', 'contact_companies.company_id')
    .select(['contact_companies.contact_id', 'companies.industry', 'companies.employees', 'companies.address'])
    .where('contact_companies.contact_id', 'in', contactIds)
    .execute();
}

export async function contactFits(ctx: AppContext, workspaceId: string, contactId: string): Promise<PersonaFit[]> {
  const t = tenant(ctx.db, workspaceId);
  const row = await t
    .selectFrom('contacts')
    .select(['id', 'profile', 'address'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const facts = factsOf(row, await companyFacts(t, [contactId]));
  return (await load(t))
    .map((p) => fitScore(p, facts))
    .map(({ compared: _c, ...fit }) => fit)
    .sort((a, b) => b.score - a.score);
}

/** Customers (active and prospects) by the persona they fit best, reading in pages. */
export async function personaReport(ctx: AppContext, workspaceId: string): Promise<PersonaReport> {
  const t = tenant(ctx.db, workspaceId);
  const personas = await load(t);
  const counts = new Map<string | null, number>();
  let after = '';
  for (;;) {
    const rows = await t
      .selectFrom('contacts')
      .select(['id', 'profile', 'address'])
      .where('id', '>', after)
      .where('status', 'in', ['active', 'prospect'])
      .where('privacy_blocked_at', 'is', null)
      .orderBy('id')
      .limit(2_000)
      .execute();
    if (!rows.length) break;
    const companies = await companyFacts(
      t,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      const facts = factsOf(
        row,
        companies.filter((c) => c.contact_id === row.id),
      );
      const best = personas.map((p) => fitScore(p, facts)).sort((a, b) => b.score - a.score)[0];
      const key = best && best.score >= REPORT_THRESHOLD ? best.personaId : null;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    after = rows.at(-1)!.id;
  }
  return [
    ...personas.map((p) => ({ personaId: p.id, name: p.name, customers: counts.get(p.id) ?? 0 })),
    { personaId: null, name: null, customers: counts.get(null) ?? 0 },
  ];
}
