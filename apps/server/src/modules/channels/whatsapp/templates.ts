// Approved WhatsApp templates of an inbox, and sending one: the only way to write to a customer whose last message
// is more than 24 hours old.
import type { Message, WhatsappTemplate } from '@atiende/contract';
import { tenant } from '../../../db/tenant.js';
import { type Actor, audit } from '../../../platform/audit.js';
import type { AuthContext } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { iso } from '../../../platform/time.js';
import { announceOutgoing, storeOutgoing } from '../../conversations/index.js';
import { inboxSettings } from './settings.js';

/** How many {{n}} placeholders a body has (the highest n). */
export function placeholderCount(body: string): number {
  return Math.max(0, ...[...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));
}

export function renderTemplate(body: string, parameters: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (all, n: string) => parameters[Number(n) - 1] ?? all);
}

function toTemplate(r: {
  id: string;
  inbox_id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  parameters: number;
  status: string;
  created_at: number;
}): WhatsappTemplate {
  return {
    id: r.id,
    inboxId: r.inbox_id,
    name: r.name,
    language: r.language,
    category: r.category,
    body: r.body,
    parameters: r.parameters,
    status: r.status,
    createdAt: iso(r.created_at),
  };
}

export async function listTemplates(
  ctx: AppContext,
  workspaceId: string,
  inboxId?: string,
): Promise<WhatsappTemplate[]> {
  const t = tenant(ctx.db, workspaceId);
  if (inboxId && !(await t.selectFrom('inboxes').select('id').where('id', '=', inboxId).executeTakeFirst()))
    throw new AppError('not_found');
  let q = t.selectFrom('whatsapp_templates').selectAll();
  if (inboxId) q = q.where('inbox_id', '=', inboxId);
  return (await q.orderBy('name').orderBy('language').execute()).map(toTemplate);
}

export async function createTemplate(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  inboxId: string,
  input: { name: string; language: string; category: string; body: string },
): Promise<WhatsappTemplate> {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await inboxSettings(t, inboxId);
    const taken = await t
      .selectFrom('whatsapp_templates')
      .select('id')
      .where('inbox_id', '=', inboxId)
      .where('name', '=', input.name)
      .where('language', '=', input.language)
      .executeTakeFirst();
    if (taken) throw new AppError('validation_failed', [{ path: 'name', message: 'field.keyTaken' }]);
    await t
      .insertInto('whatsapp_templates', {
        id,
        inbox_id: inboxId,
        name: input.name,
        language: input.language,
        category: input.category,
        body: input.body,
        parameters: placeholderCount(input.body),
        status: 'approved',
        created_at: Date.now(),
      })
      .execute();
    await audit(
      t,
      actor,
      'whatsapp_template.created',
      { type: 'inbox', id: inboxId },
      { name: input.name, language: input.language },
    );
  });
  return (await listTemplates(ctx, workspaceId, inboxId)).find((x) => x.id === id)!;
}

export async function deleteTemplate(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t
      .selectFrom('whatsapp_templates')
      .select(['inbox_id', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    await t.deleteFrom('whatsapp_templates').where('id', '=', id).execute();
    await audit(t, actor, 'whatsapp_template.deleted', { type: 'inbox', id: row.inbox_id }, { name: row.name });
  });
}

/** Sends an approved template in a WhatsApp conversation, inside or outside the 24-hour window. */
export async function sendTemplate(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  conversationId: string,
  input: { templateId: string; parameters: string[] },
): Promise<Message> {
  const id = await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const conversation = await t
      .selectFrom('conversations')
      .select(['inbox_id', 'channel'])
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!conversation) throw new AppError('not_found');
    const template = await t
      .selectFrom('whatsapp_templates')
      .selectAll()
      .where('id', '=', input.templateId)
      .where('inbox_id', '=', conversation.inbox_id)
      .executeTakeFirst();
    if (!template) throw new AppError('validation_failed', [{ path: 'templateId', message: 'field.invalidOption' }]);
    if (input.parameters.length !== template.parameters)
      throw new AppError('validation_failed', [{ path: 'parameters', message: 'field.parameterCount' }]);
    return storeOutgoing(
      ctx,
      t,
      auth,
      actor,
      conversationId,
      {
        body: renderTemplate(template.body, input.parameters),
        private: false,
        kind: 'template',
        metadata: { template: { name: template.name, language: template.language, parameters: input.parameters } },
      },
      { bypassWindow: true },
    );
  });
  ctx.jobs.nudge();
  return announceOutgoing(ctx, auth.workspaceId, conversationId, id);
}
