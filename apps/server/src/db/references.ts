// Every id a write points at must be of this workspace (and a contact not blocked by a privacy request): a wrong one
// is a field error naming the field, not a foreign-key crash.
import { AppError } from '../platform/errors.js';
import type { Tenant } from './tenant.js';

type Referable =
  | 'contacts'
  | 'companies'
  | 'conversations'
  | 'incident_categories'
  | 'articles'
  | 'problems'
  | 'pipelines'
  | 'deals'
  | 'projects';

/** Each reference given (`id` null or undefined: none) must exist; all the missing ones are named at once. */
export async function assertReferences(
  t: Tenant,
  references: { table: Referable; id: string | null | undefined; path: string; message: string }[],
): Promise<void> {
  const fields: { path: string; message: string }[] = [];
  for (const { table, id, path, message } of references) {
    if (!id) continue;
    let q = t
      .selectFrom(table)
      .select(`${table}.id` as 'id')
      .where(`${table}.id` as 'id', '=', id);
    if (table === 'contacts') q = (q as any).where('contacts.privacy_blocked_at', 'is', null);
    if (!(await q.executeTakeFirst())) fields.push({ path, message });
  }
  if (fields.length) throw new AppError('validation_failed', fields);
}
