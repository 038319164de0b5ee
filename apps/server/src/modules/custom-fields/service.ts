// Custom fields: definitions per workspace and the checking of values written on contacts and companies.
import type { CustomField, CustomFieldType } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { fold } from '../../platform/search.js';

type Entity = 'contact' | 'company';

function toField(r: {
  id: string;
  entity: string;
  key: string;
  label: string;
  type: string;
  options: string;
  position: number;
}): CustomField {
  return {
    id: r.id,
    entity: r.entity as Entity,
    key: r.key,
    label: r.label,
    type: r.type as CustomFieldType,
    options: JSON.parse(r.options) as string[],
    position: r.position,
  };
}

export async function listCustomFields(t: Tenant, entity?: Entity): Promise<CustomField[]> {
  let q = t.selectFrom('custom_fields').selectAll();
  if (entity) q = q.where('entity', '=', entity);
  return (await q.orderBy('entity').orderBy('position').execute()).map(toField);
}

export async function createCustomField(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { entity: Entity; label: string; key?: string; type: CustomFieldType; options: string[] },
): Promise<CustomField> {
  const key =
    input.key ??
    (fold(input.label)
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'f_$1')
      .slice(0, 40) ||
      'field');
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const taken = await t
      .selectFrom('custom_fields')
      .select('id')
      .where('entity', '=', input.entity)
      .where('key', '=', key)
      .executeTakeFirst();
    if (taken) throw new AppError('validation_failed', [{ path: 'key', message: 'field.keyTaken' }]);
    const last = await t
      .selectFrom('custom_fields')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('entity', '=', input.entity)
      .executeTakeFirst();
    await t
      .insertInto('custom_fields', {
        id,
        entity: input.entity,
        key,
        label: input.label,
        type: input.type,
        options: JSON.stringify(input.options),
        position: Number(last?.p ?? -1) + 1,
        created_at: Date.now(),
      })
      .execute();
    await audit(
      t,
      actor,
      'custom_field.created',
      { type: 'custom_field', id },
      { key, entity: input.entity, type: input.type },
    );
  });
  return toField(
    await tenant(ctx.db, workspaceId)
      .selectFrom('custom_fields')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

export async function updateCustomField(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: { label?: string; options?: string[] },
): Promise<CustomField> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const set = {
      ...(patch.label ? { label: patch.label } : {}),
      ...(patch.options ? { options: JSON.stringify(patch.options) } : {}),
    };
    // An empty change changes nothing, but the field must still be there.
    const found = Object.keys(set).length
      ? Number((await t.updateTable('custom_fields').set(set).where('id', '=', id).executeTakeFirst()).numUpdatedRows)
      : (await t.selectFrom('custom_fields').select('id').where('id', '=', id).executeTakeFirst())
        ? 1
        : 0;
    if (found === 0) throw new AppError('not_found');
    await audit(t, actor, 'custom_field.updated', { type: 'custom_field', id }, { fields: Object.keys(patch) });
  });
  return toField(
    await tenant(ctx.db, workspaceId)
      .selectFrom('custom_fields')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

/** Removing a definition keeps the values already written (they are shown again if the field comes back). */
export async function deleteCustomField(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await t.deleteFrom('custom_fields').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'custom_field.deleted', { type: 'custom_field', id });
  });
}

/** Checks values against the definitions and returns the merged object to store; null removes a value. */
export async function checkCustomValues(
  t: Tenant,
  entity: Entity,
  current: Record<string, unknown>,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const fields = await listCustomFields(t, entity);
  const problems: { path: string; message: string }[] = [];
  const next = { ...current };
  for (const [key, value] of Object.entries(values)) {
    const field = fields.find((f) => f.key === key);
    if (!field) {
      problems.push({ path: `custom.${key}`, message: 'field.unknownCustomField' });
      continue;
    }
    if (value === null) {
      delete next[key];
      continue;
    }
    const ok =
      (field.type === 'text' && typeof value === 'string') ||
      (field.type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
      (field.type === 'date' &&
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(value))) ||
      (field.type === 'yes_no' && typeof value === 'boolean') ||
      (field.type === 'choice' && typeof value === 'string' && field.options.includes(value)) ||
      (field.type === 'multi_choice' &&
        Array.isArray(value) &&
        (value as unknown[]).every((v) => typeof v === 'string' && field.options.includes(v)));
    if (!ok) problems.push({ path: `custom.${key}`, message: 'field.customType' });
    else next[key] = value;
  }
  if (problems.length) throw new AppError('validation_failed', problems);
  return next;
}
