// Labels: the workspace's own words for kinds of conversations ("factura", "urgente", "cotización"), set on
// conversations and used to filter the inbox and, later, reports.
import type { Label } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';

export async function listLabels(ctx: AppContext, workspaceId: string): Promise<Label[]> {
  const t = tenant(ctx.db, workspaceId);
  const rows = await t.selectFrom('labels').select(['id', 'name', 'color']).orderBy('name').execute();
  const counts = await t
    .selectFrom('conversation_labels')
    .innerJoin('conversations', 'conversations.id', 'conversation_labels.conversation_id')
    .select((eb) => ['conversation_labels.label_id', eb.fn.countAll<number>().as('n')])
    .where('conversations.status', '!=', 'resolved')
    .groupBy('conversation_labels.label_id')
    .execute();
  return rows.map((r) => ({ ...r, conversations: Number(counts.find((c) => c.label_id === r.id)?.n ?? 0) }));
}

export async function createLabel(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; color: string },
): Promise<Label> {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const taken = await t.selectFrom('labels').select('id').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new AppError('validation_failed', [{ path: 'name', message: 'field.keyTaken' }]);
    await t.insertInto('labels', { id, name: input.name, color: input.color, created_at: Date.now() }).execute();
    await audit(t, actor, 'label.created', { type: 'label', id }, { name: input.name });
  });
  return { id, name: input.name, color: input.color, conversations: 0 };
}

export async function deleteLabel(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('labels').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'label.deleted', { type: 'label', id });
  });
}

/** Replaces a conversation's labels (inside the caller's transaction). */
export async function setConversationLabels(t: Tenant, conversationId: string, labelIds: string[]): Promise<void> {
  const unique = [...new Set(labelIds)];
  if (unique.length) {
    const found = await t.selectFrom('labels').select('id').where('id', 'in', unique).execute();
    const missing = unique.findIndex((id) => !found.some((f) => f.id === id));
    if (missing >= 0)
      throw new AppError('validation_failed', [{ path: `labelIds.${missing}`, message: 'field.noSuchLabel' }]);
  }
  await t.deleteFrom('conversation_labels').where('conversation_id', '=', conversationId).execute();
  if (unique.length)
    await t
      .insertInto(
        'conversation_labels',
        unique.map((label_id) => ({ conversation_id: conversationId, label_id })),
      )
      .execute();
}

/** The labels of some conversations, for showing them in lists. */
export async function labelsOf(
  t: Tenant,
  conversationIds: string[],
): Promise<Map<string, { id: string; name: string; color: string }[]>> {
  const map = new Map<string, { id: string; name: string; color: string }[]>();
  if (!conversationIds.length) return map;
  const rows = await t
    .selectFrom('conversation_labels')
    .innerJoin('labels', 'labels.id', 'conversation_labels.label_id')
    .select(['conversation_labels.conversation_id', 'labels.id', 'labels.name', 'labels.color'])
    .where('conversation_labels.conversation_id', 'in', conversationIds)
    .orderBy('labels.name')
    .execute();
  for (const r of rows)
    map.set(r.conversation_id, [...(map.get(r.conversation_id) ?? []), { id: r.id, name: r.name, color: r.color }]);
  return map;
}
