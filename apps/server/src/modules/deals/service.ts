// The sales pipeline: pipelines and their stages, deals, the Kanban board and the list. A deal's status follows its
// stage's kind (a won stage wins it, a lost one needs a reason); every change names the version it was made on and
// is refused with edit_conflict when someone else changed the deal in between, so no edit is silently lost.
import type {
  Board,
  Deal,
  DealCard,
  DealMove,
  DealPage,
  DealUpdate,
  DealWrite,
  Pipeline,
  PipelineReport,
  PipelineWrite,
} from '@atiende/contract';
import type { z } from 'zod';
import { contains } from '../../db/like.js';
import type { Dialect } from '../../db/database.js';
import { customerMatches, queryTerms } from '../../platform/search.js';
import { raiseEvent } from '../../platform/business-events.js';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { assertAgentMember, loadWorkspaceSettings } from '../../platform/workspaces/service.js';

type DealListQuery = {
  pipelineId?: string;
  stageId?: string;
  status?: 'open' | 'won' | 'lost';
  ownerId?: string;
  contactId?: string;
  companyId?: string;
  q?: string;
  sort: 'board' | 'updated' | 'value' | 'close';
  offset: number;
  limit: number;
};

// ── Pipelines ────────────────────────────────────────────────────────────────

const defaultStages = {
  es: {
    name: 'Ventas',
    stages: [
      ['Prospecto', 'open', 10],
      ['Contactado', 'open', 20],
      ['Propuesta enviada', 'open', 50],
      ['Negociación', 'open', 75],
      ['Ganada', 'won', 100],
      ['Perdida', 'lost', 0],
    ],
  },
  en: {
    name: 'Sales',
    stages: [
      ['Lead', 'open', 10],
      ['Contacted', 'open', 20],
      ['Proposal sent', 'open', 50],
      ['Negotiation', 'open', 75],
      ['Won', 'won', 100],
      ['Lost', 'lost', 0],
    ],
  },
} as const;

/** A workspace starts with one pipeline, in its language (made on first use; the same id on every process). */
async function ensurePipeline(ctx: AppContext, workspaceId: string): Promise<void> {
  const t = tenant(ctx.db, workspaceId);
  if (await t.selectFrom('pipelines').select('id').limit(1).executeTakeFirst()) return;
  const { language } = await loadWorkspaceSettings(ctx, workspaceId);
  const template = defaultStages[language === 'en' ? 'en' : 'es'];
  const id = `pl_${workspaceId}`;
  await t.transaction(async (tx) => {
    const made = await tx
      .insertInto('pipelines', { id, name: template.name, position: 0, created_at: Date.now() })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (!Number(made.numInsertedOrUpdatedRows ?? 0)) return;
    await tx
      .insertInto(
        'pipeline_stages',
        template.stages.map(([name, kind, probability], position) => ({
          id: `${id}_${position}`,
          pipeline_id: id,
          name,
          kind,
          probability,
          position,
        })),
      )
      .execute();
  });
}

export async function listPipelines(ctx: AppContext, workspaceId: string): Promise<Pipeline[]> {
  await ensurePipeline(ctx, workspaceId);
  const t = tenant(ctx.db, workspaceId);
  const [pipelines, stages] = await Promise.all([
    t.selectFrom('pipelines').selectAll().orderBy('position').orderBy('created_at').execute(),
    t.selectFrom('pipeline_stages').selectAll().orderBy('position').execute(),
  ]);
  return pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    position: p.position,
    createdAt: iso(p.created_at),
    stages: stages
      .filter((s) => s.pipeline_id === p.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind as 'open',
        probability: s.probability,
        position: s.position,
      })),
  }));
}

export async function getPipeline(ctx: AppContext, workspaceId: string, id: string): Promise<Pipeline> {
  const pipeline = (await listPipelines(ctx, workspaceId)).find((p) => p.id === id);
  if (!pipeline) throw new AppError('not_found');
  return pipeline;
}

async function writeStages(t: Tenant, pipelineId: string, stages: PipelineWrite['stages']): Promise<void> {
  const existing = await t.selectFrom('pipeline_stages').select('id').where('pipeline_id', '=', pipelineId).execute();
  const known = new Set(existing.map((s) => s.id));
  const kept = new Set(stages.flatMap((s) => (s.id ? [s.id] : [])));
  for (const [i, s] of stages.entries())
    if (s.id && !known.has(s.id))
      throw new AppError('validation_failed', [{ path: `stages.${i}.id`, message: 'field.noSuchStage' }]);
  const removed = [...known].filter((id) => !kept.has(id));
  if (
    removed.length &&
    (await t.selectFrom('deals').select('id').where('stage_id', 'in', removed).limit(1).executeTakeFirst())
  )
    throw new AppError('stage_in_use');
  if (removed.length) await t.deleteFrom('pipeline_stages').where('id', 'in', removed).execute();
  for (const [position, s] of stages.entries()) {
    if (s.id)
      await t
        .updateTable('pipeline_stages')
        .set({ name: s.name, kind: s.kind, probability: s.probability, position })
        .where('id', '=', s.id)
        .execute();
    else
      await t
        .insertInto('pipeline_stages', {
          id: newId(),
          pipeline_id: pipelineId,
          name: s.name,
          kind: s.kind,
          probability: s.probability,
          position,
        })
        .execute();
  }
  // A stage whose kind changed takes its deals with it.
  const now = Date.now();
  for (const kind of ['open', 'won', 'lost'] as const) {
    await t
      .updateTable('deals')
      .set((eb) => ({
        status: kind,
        won_at: kind === 'won' ? eb.fn.coalesce('won_at', eb.val(now)) : null,
        ...(kind === 'won' && { reached_position: WON_REACH }),
        lost_at: kind === 'lost' ? eb.fn.coalesce('lost_at', eb.val(now)) : null,
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('pipeline_id', '=', pipelineId)
      .where('status', '!=', kind)
      .where('stage_id', 'in', (eb) =>
        eb.selectFrom('pipeline_stages').select('id').where('pipeline_id', '=', pipelineId).where('kind', '=', kind),
      )
      .execute();
  }
}

export async function createPipeline(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: PipelineWrite,
): Promise<Pipeline> {
  await ensurePipeline(ctx, workspaceId);
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (input.stages.some((s) => s.id))
      throw new AppError('validation_failed', [{ path: 'stages', message: 'field.noSuchStage' }]);
    const last = await t
      .selectFrom('pipelines')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    await t
      .insertInto('pipelines', { id, name: input.name, position: Number(last?.p ?? -1) + 1, created_at: Date.now() })
      .execute();
    await writeStages(t, id, input.stages);
    await audit(t, actor, 'pipeline.created', { type: 'pipeline', id });
  });
  return getPipeline(ctx, workspaceId, id);
}

export async function updatePipeline(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: PipelineWrite,
): Promise<Pipeline> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.updateTable('pipelines').set({ name: input.name }).where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numUpdatedRows)) throw new AppError('not_found');
    await writeStages(t, id, input.stages);
    await audit(t, actor, 'pipeline.updated', { type: 'pipeline', id });
  });
  return getPipeline(ctx, workspaceId, id);
}

export async function deletePipeline(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (await t.selectFrom('deals').select('id').where('pipeline_id', '=', id).limit(1).executeTakeFirst())
      throw new AppError('stage_in_use');
    const gone = await t.deleteFrom('pipelines').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'pipeline.deleted', { type: 'pipeline', id });
  });
}

// ── Deals ────────────────────────────────────────────────────────────────────

function selectDeals(t: Tenant) {
  return t
    .selectFrom('deals')
    .innerJoin('pipeline_stages as stage', 'stage.id', 'deals.stage_id')
    .leftJoin('contacts', 'contacts.id', 'deals.contact_id')
    .leftJoin('companies', 'companies.id', 'deals.company_id')
    .leftJoin('users', 'users.id', 'deals.owner_id')
    .selectAll('deals')
    .select([
      'stage.probability as stageProbability',
      'contacts.name as contactName',
      'contacts.privacy_blocked_at as contactBlocked',
      'companies.name as companyName',
      'users.name as ownerName',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectDeals>['executeTakeFirstOrThrow']>>;

const money = (cents: number) => Math.round(cents) / 100;

function toCard(r: Row): DealCard {
  return {
    id: r.id,
    title: r.title,
    stageId: r.stage_id,
    status: r.status as DealCard['status'],
    value: money(Number(r.value_cents)),
    currency: r.currency,
    probability: r.probability ?? r.stageProbability,
    // A contact blocked by a privacy request is not shown by name.
    contact: r.contact_id && r.contactBlocked === null ? { id: r.contact_id, name: r.contactName ?? '' } : null,
    company: r.company_id ? { id: r.company_id, name: r.companyName ?? '' } : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.ownerName ?? '' } : null,
    expectedCloseDate: r.expected_close_date,
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}

function toDeal(r: Row): Deal {
  const value = Number(r.value_cents);
  return {
    ...toCard(r),
    pipelineId: r.pipeline_id,
    taxRate: r.tax_rate,
    taxAmount: money((value * r.tax_rate) / 100),
    source: r.source as Deal['source'],
    sourceDetail: r.source_detail,
    lostReason: r.lost_reason,
    notes: r.notes,
    wonAt: r.won_at === null ? null : iso(r.won_at),
    lostAt: r.lost_at === null ? null : iso(r.lost_at),
    createdAt: iso(r.created_at),
  };
}

export async function getDeal(t: Tenant, id: string): Promise<Deal> {
  const row = await selectDeals(t).where('deals.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toDeal(row);
}

async function stageOf(t: Tenant, stageId: string, pipelineId: string | null, path: string) {
  let q = t.selectFrom('pipeline_stages').select(['id', 'pipeline_id', 'kind', 'position']).where('id', '=', stageId);
  if (pipelineId) q = q.where('pipeline_id', '=', pipelineId);
  const stage = await q.executeTakeFirst();
  if (!stage) throw new AppError('validation_failed', [{ path, message: 'field.noSuchStage' }]);
  return stage;
}

async function checkRefs(
  t: Tenant,
  input: { contactId?: string | null; companyId?: string | null; ownerId?: string | null },
): Promise<void> {
  await assertReferences(t, [
    { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
    { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
  ]);
  await assertAgentMember(t, input.ownerId, 'ownerId');
}

/** Won deals count as having passed every stage. */
const WON_REACH = 1000;

/** What entering a stage does to a deal: its status follows the stage's kind, and how far it got. */
function statusFor(
  stage: { kind: string; position: number },
  now: number,
  current?: { status: string; won_at: number | null; lost_at: number | null; reached_position: number },
) {
  const reached = current?.reached_position ?? 0;
  if (stage.kind === 'won')
    return {
      status: 'won',
      won_at: current?.status === 'won' ? current.won_at : now,
      lost_at: null,
      reached_position: WON_REACH,
    };
  if (stage.kind === 'lost')
    return {
      status: 'lost',
      lost_at: current?.status === 'lost' ? current.lost_at : now,
      won_at: null,
      reached_position: reached,
    };
  return {
    status: 'open',
    won_at: null,
    lost_at: null,
    reached_position: current?.status === 'won' ? stage.position : Math.max(reached, stage.position),
    ...(current && current.status !== 'open' ? { lost_reason: null } : {}),
  };
}

/** The board position for a card placed before `beforeId` in a stage (at its end without one). */
async function positionIn(
  t: Tenant,
  stageId: string,
  beforeId: string | null | undefined,
  movingId: string | null,
): Promise<number> {
  const others = (q: ReturnType<typeof t.selectFrom<'deals'>>) => (movingId ? q.where('id', '!=', movingId) : q);
  if (!beforeId) {
    const last = await others(t.selectFrom('deals'))
      .select((eb) => eb.fn.max('position').as('p'))
      .where('stage_id', '=', stageId)
      .executeTakeFirst();
    return last?.p === null || last?.p === undefined ? 1 : Number(last.p) + 1;
  }
  const before = await t
    .selectFrom('deals')
    .select('position')
    .where('id', '=', beforeId)
    .where('stage_id', '=', stageId)
    .executeTakeFirst();
  if (!before) throw new AppError('validation_failed', [{ path: 'beforeId', message: 'field.noSuchStage' }]);
  const previous = await others(t.selectFrom('deals'))
    .select('position')
    .where('stage_id', '=', stageId)
    .where('position', '<', before.position)
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  const low = previous ? Number(previous.position) : Number(before.position) - 2;
  const position = (low + Number(before.position)) / 2;
  if (position > low && position < Number(before.position)) return position;
  // The gap is used up (dozens of drops in one place): the stage is numbered again, and the card goes in between.
  const rows = await others(t.selectFrom('deals'))
    .select('id')
    .where('stage_id', '=', stageId)
    .orderBy('position')
    .execute();
  let at = 0;
  let mine = 0;
  for (const r of rows) {
    if (r.id === beforeId) mine = at += 1;
    await t
      .updateTable('deals')
      .set({ position: (at += 1) })
      .where('id', '=', r.id)
      .execute();
  }
  return mine;
}

/** `within`: the caller's transaction (a lead form writes the contact and the deal together). */
export async function createDeal(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: z.output<typeof DealWrite>,
  within?: Tenant,
): Promise<Deal> {
  if (!within) await ensurePipeline(ctx, workspaceId);
  return (within ?? tenant(ctx.db, workspaceId)).transaction(async (t) => {
    await assertReferences(t, [
      { table: 'pipelines', id: input.pipelineId, path: 'pipelineId', message: 'field.noSuchPipeline' },
    ]);
    const stage = input.stageId
      ? await stageOf(t, input.stageId, input.pipelineId, 'stageId')
      : await t
          .selectFrom('pipeline_stages')
          .select(['id', 'pipeline_id', 'kind', 'position'])
          .where('pipeline_id', '=', input.pipelineId)
          .orderBy('position')
          .limit(1)
          .executeTakeFirstOrThrow();
    if (stage.kind === 'lost')
      throw new AppError('validation_failed', [{ path: 'stageId', message: 'field.lostReasonRequired' }]);
    await checkRefs(t, input);
    const now = Date.now();
    const id = newId();
    await t
      .insertInto('deals', {
        id,
        pipeline_id: input.pipelineId,
        stage_id: stage.id,
        title: input.title,
        ...statusFor(stage, now),
        value_cents: Math.round(input.value * 100),
        currency: input.currency,
        tax_rate: input.taxRate,
        probability: input.probability ?? null,
        contact_id: input.contactId ?? null,
        company_id: input.companyId ?? null,
        // A person creating a deal owns it unless they name someone; a program's deal has no owner unless given.
        owner_id: input.ownerId === undefined ? (actor.type === 'user' ? actor.id : null) : input.ownerId,
        expected_close_date: input.expectedCloseDate ?? null,
        source: input.source,
        source_detail: input.sourceDetail ?? null,
        lost_reason: null,
        notes: input.notes ?? '',
        position: await positionIn(t, stage.id, null, null),
        version: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(t, actor, 'deal.created', { type: 'deal', id }, { source: input.source });
    return getDeal(t, id);
  });
}

/** Loads the deal as of `version`, or says someone else changed it since. */
async function current(t: Tenant, id: string, version: number) {
  const row = await t
    .selectFrom('deals')
    .select([
      'id',
      'pipeline_id',
      'stage_id',
      'status',
      'won_at',
      'lost_at',
      'lost_reason',
      'reached_position',
      'version',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.version !== version) throw new AppError('edit_conflict');
  return row;
}

/** The write itself also names the version: two changes read at once cannot both pass. */
async function write(t: Tenant, id: string, version: number, values: Record<string, unknown>): Promise<void> {
  const done = await t
    .updateTable('deals')
    .set({ ...values, version: version + 1, updated_at: Date.now() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!Number(done.numUpdatedRows)) throw new AppError('edit_conflict');
}

/** In the change's transaction: a deal just won or lost is a business event (after-sale sequences, webhooks, rules). */
async function afterStatusChange(ctx: AppContext, t: Tenant, id: string, before: string): Promise<void> {
  const deal = await t
    .selectFrom('deals')
    .select([
      'status',
      'title',
      'value_cents',
      'currency',
      'contact_id',
      'company_id',
      'owner_id',
      'pipeline_id',
      'lost_reason',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!deal || deal.status === before || deal.status === 'open') return;
  await raiseEvent(ctx, t, {
    name: deal.status === 'won' ? 'deal.won' : 'deal.lost',
    data: {
      deal: {
        id,
        title: deal.title,
        value: money(Number(deal.value_cents)),
        currency: deal.currency,
        pipelineId: deal.pipeline_id,
        contactId: deal.contact_id,
        companyId: deal.company_id,
        ownerId: deal.owner_id,
        lostReason: deal.lost_reason,
      },
    },
  });
}

export async function updateDeal(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: DealUpdate,
): Promise<Deal> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const deal = await current(t, id, input.version);
    await checkRefs(t, input);
    const now = Date.now();
    let stageChange: Record<string, unknown> = {};
    if (input.stageId !== undefined && input.stageId !== deal.stage_id) {
      const stage = await stageOf(t, input.stageId, deal.pipeline_id, 'stageId');
      stageChange = {
        stage_id: stage.id,
        ...statusFor(stage, now, deal),
        position: await positionIn(t, stage.id, null, id),
      };
      if (stage.kind === 'lost' && !(input.lostReason ?? deal.lost_reason))
        throw new AppError('validation_failed', [{ path: 'lostReason', message: 'field.lostReasonRequired' }]);
    }
    await write(t, id, input.version, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.value !== undefined && { value_cents: Math.round(input.value * 100) }),
      ...(input.currency !== undefined && { currency: input.currency }),
      ...(input.taxRate !== undefined && { tax_rate: input.taxRate }),
      ...(input.probability !== undefined && { probability: input.probability }),
      ...(input.contactId !== undefined && { contact_id: input.contactId }),
      ...(input.companyId !== undefined && { company_id: input.companyId }),
      ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
      ...(input.expectedCloseDate !== undefined && { expected_close_date: input.expectedCloseDate }),
      ...(input.source !== undefined && { source: input.source }),
      ...(input.sourceDetail !== undefined && { source_detail: input.sourceDetail }),
      ...(input.lostReason !== undefined && { lost_reason: input.lostReason }),
      ...(input.notes !== undefined && { notes: input.notes }),
      ...stageChange,
    });
    await afterStatusChange(ctx, t, id, deal.status);
    await audit(
      t,
      actor,
      'deal.updated',
      { type: 'deal', id },
      stageChange.stage_id ? { stageId: stageChange.stage_id } : {},
    );
    return getDeal(t, id);
  });
}

/** A card dragged on the board. */
export async function moveDeal(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: z.output<typeof DealMove>,
): Promise<Deal> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const deal = await current(t, id, input.version);
    const stage = await stageOf(t, input.stageId, deal.pipeline_id, 'stageId');
    const lostReason = input.lostReason ?? (stage.id === deal.stage_id ? deal.lost_reason : null);
    if (stage.kind === 'lost' && !lostReason)
      throw new AppError('validation_failed', [{ path: 'lostReason', message: 'field.lostReasonRequired' }]);
    if (input.beforeId === id)
      throw new AppError('validation_failed', [{ path: 'beforeId', message: 'field.noSuchStage' }]);
    const now = Date.now();
    await write(t, id, input.version, {
      stage_id: stage.id,
      position: await positionIn(t, stage.id, input.beforeId, id),
      ...(stage.id !== deal.stage_id && statusFor(stage, now, deal)),
      ...(stage.kind === 'lost' && { lost_reason: lostReason }),
    });
    await afterStatusChange(ctx, t, id, deal.status);
    if (stage.id !== deal.stage_id)
      await audit(t, actor, 'deal.moved', { type: 'deal', id }, { from: deal.stage_id, to: stage.id });
    return getDeal(t, id);
  });
}

/**
 * An accepted quote wins its deal (inside the caller's transaction): the deal goes to its pipeline's first won stage
 * with the quote's value before tax. A deal already won or lost stays where it is.
 */
export async function winDealFromQuote(
  ctx: AppContext,
  t: Tenant,
  actor: Actor,
  dealId: string,
  valueCents: number,
  quoteId: string,
): Promise<void> {
  const deal = await t
    .selectFrom('deals')
    .select([
      'id',
      'pipeline_id',
      'stage_id',
      'status',
      'won_at',
      'lost_at',
      'lost_reason',
      'reached_position',
      'version',
    ])
    .where('id', '=', dealId)
    .executeTakeFirst();
  if (!deal || deal.status !== 'open') return;
  const stage = await t
    .selectFrom('pipeline_stages')
    .select(['id', 'kind', 'position'])
    .where('pipeline_id', '=', deal.pipeline_id)
    .where('kind', '=', 'won')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
  if (!stage) return;
  const now = Date.now();
  await write(t, dealId, deal.version, {
    stage_id: stage.id,
    position: await positionIn(t, stage.id, null, dealId),
    value_cents: valueCents,
    ...statusFor(stage, now, deal),
  });
  await afterStatusChange(ctx, t, dealId, deal.status);
  await audit(t, actor, 'deal.won_by_quote', { type: 'deal', id: dealId }, { quoteId });
}

export async function deleteDeal(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.deleteFrom('deals').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'deal.deleted', { type: 'deal', id });
  });
}

function filtered<Q extends ReturnType<typeof selectDeals> | ReturnType<Tenant['selectFrom']>>(
  q: Q,
  query: { ownerId?: string; q?: string; contactId?: string; companyId?: string; status?: string },
  search: { dialect: Dialect; workspaceId: string },
): Q {
  let out = q as ReturnType<typeof selectDeals>;
  if (query.ownerId) out = out.where('deals.owner_id', '=', query.ownerId);
  if (query.contactId) out = out.where('deals.contact_id', '=', query.contactId);
  if (query.companyId) out = out.where('deals.company_id', '=', query.companyId);
  if (query.status) out = out.where('deals.status', '=', query.status);
  // Its title holds the words, or its customer is found by them.
  const terms = query.q ? queryTerms(query.q) : [];
  if (query.q)
    out = out.where((eb) =>
      eb.or([
        contains('deals.title', query.q),
        ...(terms.length ? [customerMatches(search.dialect, 'deals', search.workspaceId, terms)] : []),
      ]),
    );
  return out as Q;
}

export async function listDeals(ctx: AppContext, workspaceId: string, query: DealListQuery): Promise<DealPage> {
  const t = tenant(ctx.db, workspaceId);
  let q = filtered(selectDeals(t), query, { dialect: ctx.dialect, workspaceId });
  if (query.pipelineId) q = q.where('deals.pipeline_id', '=', query.pipelineId);
  if (query.stageId) q = q.where('deals.stage_id', '=', query.stageId);
  let count = filtered(t.selectFrom('deals'), query, { dialect: ctx.dialect, workspaceId }).select((eb) =>
    eb.fn.countAll<number>().as('n'),
  );
  if (query.pipelineId) count = count.where('deals.pipeline_id', '=', query.pipelineId);
  if (query.stageId) count = count.where('deals.stage_id', '=', query.stageId);
  const ordered =
    query.sort === 'board'
      ? q.orderBy('deals.position')
      : query.sort === 'value'
        ? q.orderBy('deals.value_cents', 'desc')
        : query.sort === 'close'
          ? q.orderBy('deals.expected_close_date')
          : q.orderBy('deals.updated_at', 'desc');
  const [rows, total] = await Promise.all([
    ordered.orderBy('deals.id').offset(query.offset).limit(query.limit).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toCard), total: Number(total.n) };
}

/** The Kanban board: every stage with its count, value and weighted value, and its first cards in board order. */
export async function board(
  ctx: AppContext,
  workspaceId: string,
  pipelineId: string,
  query: { ownerId?: string; q?: string; perStage: number },
): Promise<Board> {
  const pipeline = await getPipeline(ctx, workspaceId, pipelineId);
  const t = tenant(ctx.db, workspaceId);
  const columns = await Promise.all(
    pipeline.stages.map(async (stage) => {
      const [cards, sums] = await Promise.all([
        filtered(selectDeals(t), query, { dialect: ctx.dialect, workspaceId })
          .where('deals.stage_id', '=', stage.id)
          .orderBy('deals.position')
          .limit(query.perStage)
          .execute(),
        filtered(t.selectFrom('deals'), query, { dialect: ctx.dialect, workspaceId })
          .where('deals.stage_id', '=', stage.id)
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.sum<number>('deals.value_cents').as('cents'),
            eb.fn
              .sum<number>(eb('deals.value_cents', '*', eb.fn.coalesce('deals.probability', eb.val(stage.probability))))
              .as('weighted'),
          ])
          .executeTakeFirstOrThrow(),
      ]);
      return {
        stageId: stage.id,
        count: Number(sums.n),
        value: money(Number(sums.cents ?? 0)),
        weighted: money(Number(sums.weighted ?? 0) / 100),
        deals: cards.map(toCard),
      };
    }),
  );
  return { pipeline, columns };
}

const DAY = 86_400_000;
const percentOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);
const quantile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p + 0.5))]! : null;

/** Conversion by stage and by lead source, the sales cycle and the wins per month, for deals created in a period. */
export async function pipelineReport(
  ctx: AppContext,
  workspaceId: string,
  pipelineId: string,
  query: { from?: string; to?: string },
): Promise<PipelineReport> {
  const pipeline = await getPipeline(ctx, workspaceId, pipelineId);
  const to = query.to ? Date.parse(query.to) : Date.now();
  const from = query.from ? Date.parse(query.from) : to - 365 * DAY;
  if (!(from < to)) throw new AppError('validation_failed', [{ path: 'from', message: 'field.range' }]);
  const t = tenant(ctx.db, workspaceId);
  const inPeriod = t
    .selectFrom('deals')
    .where('deals.pipeline_id', '=', pipelineId)
    .where('deals.created_at', '>=', from)
    .where('deals.created_at', '<', to);
  const yearsBack = new Date(to);
  const monthsFrom = Date.UTC(yearsBack.getUTCFullYear() - 1, yearsBack.getUTCMonth() - 11, 1);
  const [reach, sources, cycles, reasons, wins] = await Promise.all([
    inPeriod
      .select(['deals.reached_position as reached', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('deals.reached_position')
      .execute(),
    inPeriod
      .select([
        'deals.source',
        (eb) => eb.fn.countAll<number>().as('created'),
        (eb) => eb.fn.sum<number>(eb.case().when('deals.status', '=', 'won').then(1).else(0).end()).as('won'),
        (eb) => eb.fn.sum<number>(eb.case().when('deals.status', '=', 'lost').then(1).else(0).end()).as('lost'),
        (eb) =>
          eb.fn
            .sum<number>(eb.case().when('deals.status', '=', 'won').then(eb.ref('deals.value_cents')).else(0).end())
            .as('cents'),
      ])
      .groupBy('deals.source')
      .execute(),
    inPeriod.select(['deals.created_at', 'deals.won_at']).where('deals.status', '=', 'won').execute(),
    inPeriod
      .select(['deals.lost_reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('deals.status', '=', 'lost')
      .groupBy('deals.lost_reason')
      .execute(),
    t
      .selectFrom('deals')
      .select(['deals.won_at', 'deals.value_cents'])
      .where('deals.pipeline_id', '=', pipelineId)
      .where('deals.status', '=', 'won')
      .where('deals.won_at', '>=', monthsFrom)
      .where('deals.won_at', '<', to)
      .execute(),
  ]);
  const created = reach.reduce((n, r) => n + Number(r.n), 0);
  const reachedAtLeast = (position: number) =>
    reach.filter((r) => Number(r.reached) >= position).reduce((n, r) => n + Number(r.n), 0);
  const steps = pipeline.stages.filter((s) => s.kind !== 'lost');
  const funnel = steps.map((s, i) => {
    const reached = s.kind === 'won' ? reachedAtLeast(WON_REACH) : reachedAtLeast(s.position);
    const previous =
      i === 0
        ? null
        : s.kind === 'won'
          ? reachedAtLeast(steps[i - 1]!.position)
          : reachedAtLeast(steps[i - 1]!.position);
    return {
      stageId: s.id,
      name: s.name,
      reached,
      share: percentOf(reached, created),
      fromPrevious: previous === null ? null : percentOf(reached, previous),
    };
  });
  const bySource = sources
    .map((r) => ({
      source: r.source as PipelineReport['bySource'][number]['source'],
      created: Number(r.created),
      won: Number(r.won ?? 0),
      lost: Number(r.lost ?? 0),
      winRate: percentOf(Number(r.won ?? 0), Number(r.won ?? 0) + Number(r.lost ?? 0)),
      wonValue: money(Number(r.cents ?? 0)),
    }))
    .sort((a, b) => b.created - a.created);
  const days = cycles.map((c) => (Number(c.won_at) - Number(c.created_at)) / DAY).sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
  const wonPerMonth = new Map<string, { n: number; cents: number }>();
  for (const w of wins) {
    const key = month(Number(w.won_at));
    const m = wonPerMonth.get(key) ?? { n: 0, cents: 0 };
    m.n += 1;
    m.cents += Number(w.value_cents);
    wonPerMonth.set(key, m);
  }
  const wonByMonth = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(yearsBack.getUTCFullYear(), yearsBack.getUTCMonth() - 11 + i, 1));
    const key = month(d.getTime());
    const before = month(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), 1));
    return {
      month: key,
      won: wonPerMonth.get(key)?.n ?? 0,
      value: money(wonPerMonth.get(key)?.cents ?? 0),
      sameMonthLastYear: wonPerMonth.get(before)?.n ?? 0,
    };
  });
  const won = bySource.reduce((n, s) => n + s.won, 0);
  const lost = bySource.reduce((n, s) => n + s.lost, 0);
  return {
    from: iso(from),
    to: iso(to),
    created,
    won,
    lost,
    winRate: percentOf(won, won + lost),
    wonValue: Math.round(bySource.reduce((n, s) => n + s.wonValue, 0) * 100) / 100,
    funnel,
    bySource,
    cycleDays: { median: round(quantile(days, 0.5)), p90: round(quantile(days, 0.9)), deals: days.length },
    wonByMonth,
    lostReasons: reasons
      .map((r) => ({ reason: r.lost_reason ?? '', deals: Number(r.n) }))
      .sort((a, b) => b.deals - a.deals),
  };
}

/** A contact's deals, for their access request (privacy export): what was offered to them and how it ended. */
export async function dealsOfContact(t: Tenant, contactId: string) {
  const rows = await t
    .selectFrom('deals')
    .innerJoin('pipeline_stages as stage', 'stage.id', 'deals.stage_id')
    .select([
      'deals.title',
      'stage.name as stage',
      'deals.status',
      'deals.value_cents',
      'deals.currency',
      'deals.tax_rate',
      'deals.expected_close_date',
      'deals.source',
      'deals.source_detail',
      'deals.lost_reason',
      'deals.notes',
      'deals.created_at',
      'deals.won_at',
      'deals.lost_at',
    ])
    .where('deals.contact_id', '=', contactId)
    .orderBy('deals.created_at')
    .execute();
  return rows.map((r) => ({
    title: r.title,
    stage: r.stage,
    status: r.status,
    value: money(Number(r.value_cents)),
    currency: r.currency,
    taxRate: r.tax_rate,
    expectedCloseDate: r.expected_close_date,
    source: r.source,
    sourceDetail: r.source_detail,
    lostReason: r.lost_reason,
    notes: r.notes,
    createdAt: iso(r.created_at),
    wonAt: r.won_at === null ? null : iso(r.won_at),
    lostAt: r.lost_at === null ? null : iso(r.lost_at),
  }));
}

/**
 * An event's attendance list imported: a deal for each person on the pipeline's first stage, with the event as the
 * lead source; whoever already has a deal from this source keeps theirs (an import run twice opens no second one).
 */
export async function openLeads(
  ctx: AppContext,
  t: Tenant,
  pipelineId: string,
  event: string,
  people: { id: string; name: string; companyId: string | null }[],
): Promise<number> {
  if (!people.length) return 0;
  const have = new Set(
    (
      await t
        .selectFrom('deals')
        .select('contact_id')
        .where('pipeline_id', '=', pipelineId)
        .where('source_detail', '=', event)
        .where(
          'contact_id',
          'in',
          people.map((p) => p.id),
        )
        .execute()
    ).map((d) => d.contact_id),
  );
  let opened = 0;
  for (const p of people) {
    if (have.has(p.id)) continue;
    have.add(p.id);
    await createDeal(
      ctx,
      t.workspaceId,
      { type: 'system', id: null },
      {
        title: `${p.name} — ${event}`.slice(0, 200),
        pipelineId,
        value: 0,
        currency: 'MXN',
        taxRate: 16,
        contactId: p.id,
        companyId: p.companyId,
        ownerId: null,
        source: 'event',
        sourceDetail: event.slice(0, 200),
      },
      t,
    );
    opened += 1;
  }
  return opened;
}
