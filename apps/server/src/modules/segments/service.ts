// Saved segments: create, edit, delete, count live, and preview a definition before saving it.
import type { Segment, SegmentDefinition, SegmentPreview } from '@atiende/contract';
import { SegmentDefinition as DefinitionSchema } from '@atiende/contract';
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { segmentCondition } from './rules.js';
import { iso } from '../../platform/time.js';

export async function countSegment(
  ctx: AppContext,
  workspaceId: string,
  definition: SegmentDefinition,
): Promise<number> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(segmentCondition(definition, workspaceId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function previewSegment(
  ctx: AppContext,
  workspaceId: string,
  definition: SegmentDefinition,
): Promise<SegmentPreview> {
  const [count, sample] = await Promise.all([
    countSegment(ctx, workspaceId, definition),
    tenant(ctx.db, workspaceId)
      .selectFrom('contacts')
      .select(['contacts.id', 'contacts.name', 'contacts.email'])
      .where(segmentCondition(definition, workspaceId))
      .orderBy('contacts.name')
      .limit(10)
      .execute(),
  ]);
  return { count, sample };
}

export async function loadDefinition(ctx: AppContext, workspaceId: string, id: string): Promise<SegmentDefinition> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('segments')
    .select('definition')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return DefinitionSchema.parse(JSON.parse(row.definition));
}

async function toSegment(
  ctx: AppContext,
  workspaceId: string,
  row: {
    id: string;
    name: string;
    description: string | null;
    definition: string;
    created_at: number;
    updated_at: number;
  },
): Promise<Segment> {
  const definition = DefinitionSchema.parse(JSON.parse(row.definition));
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    definition,
    count: await countSegment(ctx, workspaceId, definition),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function listSegments(ctx: AppContext, workspaceId: string): Promise<Segment[]> {
  const rows = await tenant(ctx.db, workspaceId).selectFrom('segments').selectAll().orderBy('name').execute();
  return Promise.all(rows.map((r) => toSegment(ctx, workspaceId, r)));
}

export async function getSegment(ctx: AppContext, workspaceId: string, id: string): Promise<Segment> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('segments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toSegment(ctx, workspaceId, row);
}

export async function createSegment(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; description?: string | null; definition: SegmentDefinition },
): Promise<Segment> {
  const now = Date.now();
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .insertInto('segments', {
        id,
        name: input.name,
        description: input.description ?? null,
        definition: JSON.stringify(input.definition),
        created_by: actor.type === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(t, actor, 'segment.created', { type: 'segment', id }, { name: input.name });
  });
  return getSegment(ctx, workspaceId, id);
}

export async function updateSegment(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: { name?: string; description?: string | null; definition?: SegmentDefinition },
): Promise<Segment> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await t
      .updateTable('segments')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.definition !== undefined ? { definition: JSON.stringify(patch.definition) } : {}),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'segment.updated', { type: 'segment', id }, { fields: Object.keys(patch) });
  });
  return getSegment(ctx, workspaceId, id);
}

export async function deleteSegment(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await t.deleteFrom('segments').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'segment.deleted', { type: 'segment', id });
  });
}

/** Whether one contact is in a saved segment now (routing rules ask this of a new conversation's contact). */
export async function contactInSegment(t: Tenant, segmentId: string, contactId: string): Promise<boolean> {
  const row = await t.selectFrom('segments').select('definition').where('id', '=', segmentId).executeTakeFirst();
  if (!row) return false;
  const definition = DefinitionSchema.parse(JSON.parse(row.definition));
  const hit = await t
    .selectFrom('contacts')
    .select('contacts.id')
    .where('contacts.id', '=', contactId)
    .where(segmentCondition(definition, t.workspaceId))
    .executeTakeFirst();
  return Boolean(hit);
}

/**
 * Who a send or an enrollment is for: a segment's contacts (resolved now) or the ids given, as a condition on
 * `contacts`; a segment of another workspace is a field error. Pass what was found to `assertAudience`.
 */
export async function audienceCondition(
  ctx: AppContext,
  workspaceId: string,
  input: { contactIds?: string[]; segmentId?: string },
) {
  if (input.segmentId) {
    const definition = await loadDefinition(ctx, workspaceId, input.segmentId).catch(() => {
      throw new AppError('validation_failed', [{ path: 'segmentId', message: 'field.noSuchSegment' }]);
    });
    return segmentCondition(definition, workspaceId);
  }
  const ids = input.contactIds?.length ? input.contactIds : [''];
  return (eb: ExpressionBuilder<DB, 'contacts'>) => eb('contacts.id', 'in', ids);
}

/** Every id named must have been found (of this workspace): otherwise nothing is sent or enrolled. */
export function assertAudience(input: { contactIds?: string[]; segmentId?: string }, found: number): void {
  if (!input.segmentId && found !== new Set(input.contactIds).size)
    throw new AppError('validation_failed', [{ path: 'contactIds', message: 'field.noSuchContact' }]);
}
