// Saved column mappings: a file with the same columns as one imported before is mapped the same way.
import type { ImportField, ImportMapping } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { fold } from '../../platform/search.js';
import { iso } from '../../platform/time.js';

const keyOf = (columns: string[]) => columns.map((c) => fold(c).trim()).join('\u001f');

/** The saved mapping for a file with exactly these columns, if any. */
export async function savedMappingFor(
  t: Tenant,
  columns: string[],
): Promise<{ id: string; name: string; mapping: ImportField[] } | null> {
  const row = await t
    .selectFrom('import_mappings')
    .select(['id', 'name', 'mapping'])
    .where('columns_key', '=', keyOf(columns))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, mapping: JSON.parse(row.mapping) as ImportField[] } : null;
}

/** Keeps a mapping under a name; the same name again replaces it. */
export async function saveMapping(
  t: Tenant,
  name: string,
  columns: string[],
  mapping: ImportField[],
  now = Date.now(),
): Promise<void> {
  await t.deleteFrom('import_mappings').where('name', '=', name).execute();
  await t
    .insertInto('import_mappings', {
      id: newId(),
      name,
      columns: JSON.stringify(columns),
      columns_key: keyOf(columns),
      mapping: JSON.stringify(mapping),
      created_at: now,
    })
    .execute();
}

export async function listMappings(ctx: AppContext, workspaceId: string): Promise<ImportMapping[]> {
  const rows = await tenant(ctx.db, workspaceId).selectFrom('import_mappings').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    columns: JSON.parse(r.columns) as string[],
    mapping: JSON.parse(r.mapping) as ImportField[],
    createdAt: iso(r.created_at),
  }));
}

export async function deleteMapping(ctx: AppContext, workspaceId: string, id: string): Promise<void> {
  const removed = await tenant(ctx.db, workspaceId)
    .deleteFrom('import_mappings')
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
}
