// Quick replies (canned responses): the team's best answers, typed after "/" in the reply box, filled in with the
// conversation's contact and the agent, offered per channel and language.
import type { Channel, QuickReply, RenderedQuickReply } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { storeFile } from '../../platform/storage/files.js';
import { type Upload, assertCarriesFiles, checkUpload } from '../../platform/storage/uploads.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';

type Row = {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  language: string | null;
  channels: string;
  updated_at: number;
};
type FileInfo = QuickReply['attachments'][number];

function toQuickReply(r: Row, attachments: FileInfo[] = []): QuickReply {
  return {
    id: r.id,
    shortcut: r.shortcut,
    title: r.title,
    body: r.body,
    language: r.language as QuickReply['language'],
    channels: JSON.parse(r.channels) as Channel[],
    attachments,
    updatedAt: iso(r.updated_at),
  };
}

async function filesOf(t: Tenant, ids: string[]): Promise<Map<string, FileInfo[]>> {
  const byReply = new Map<string, FileInfo[]>();
  if (!ids.length) return byReply;
  const rows = await t
    .selectFrom('files')
    .select(['id', 'quick_reply_id', 'name', 'content_type', 'size'])
    .where('quick_reply_id', 'in', ids)
    .orderBy('created_at')
    .execute();
  for (const f of rows)
    byReply.set(f.quick_reply_id!, [
      ...(byReply.get(f.quick_reply_id!) ?? []),
      { id: f.id, name: f.name, contentType: f.content_type, size: f.size },
    ]);
  return byReply;
}

export async function listQuickReplies(ctx: AppContext, workspaceId: string): Promise<QuickReply[]> {
  const t = tenant(ctx.db, workspaceId);
  const rows = await t.selectFrom('quick_replies').selectAll().orderBy('shortcut').orderBy('language').execute();
  const files = await filesOf(
    t,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toQuickReply(r, files.get(r.id)));
}

async function getQuickReply(t: Tenant, id: string): Promise<QuickReply> {
  const row = await t.selectFrom('quick_replies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toQuickReply(row, (await filesOf(t, [id])).get(id));
}

/** A file that goes along every time the quick reply is used. */
export async function addQuickReplyFile(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  upload: Upload,
): Promise<QuickReply> {
  checkUpload(upload);
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await getQuickReply(t, id);
    const file = await storeFile(t, {
      messageId: null,
      quickReplyId: id,
      name: upload.name,
      contentType: upload.contentType,
      data: upload.data,
    });
    await audit(t, actor, 'quick_reply.updated', { type: 'quick_reply', id }, { fileAdded: file.name });
    return getQuickReply(t, id);
  });
}

export async function removeQuickReplyFile(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  fileId: string,
): Promise<QuickReply> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t
      .deleteFrom('files')
      .where('id', '=', fileId)
      .where('quick_reply_id', '=', id)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'quick_reply.updated', { type: 'quick_reply', id }, { fileRemoved: fileId });
    return getQuickReply(t, id);
  });
}

/** Inside the answer's transaction: the quick reply's files become the message's own copies. */
export async function copyQuickReplyFiles(
  t: Tenant,
  quickReplyId: string,
  messageId: string,
  channel: Channel,
  isPrivate: boolean,
): Promise<void> {
  if (!(await t.selectFrom('quick_replies').select('id').where('id', '=', quickReplyId).executeTakeFirst()))
    throw new AppError('validation_failed', [{ path: 'quickReplyId', message: 'field.noSuchQuickReply' }]);
  const files = await t
    .selectFrom('files')
    .select(['name', 'content_type', 'data'])
    .where('quick_reply_id', '=', quickReplyId)
    .where('status', '=', 'ready')
    .execute();
  if (!files.length) return;
  assertCarriesFiles(channel, isPrivate);
  for (const f of files)
    if (f.data) await storeFile(t, { messageId, name: f.name, contentType: f.content_type, data: f.data });
}

async function assertFree(
  ctx: AppContext,
  workspaceId: string,
  shortcut: string,
  language: string | null,
  except?: string,
) {
  let q = tenant(ctx.db, workspaceId)
    .selectFrom('quick_replies')
    .select(['id', 'language'])
    .where('shortcut', '=', shortcut);
  if (except) q = q.where('id', '!=', except);
  const same = (await q.execute()).find((r) => r.language === language);
  if (same) throw new AppError('validation_failed', [{ path: 'shortcut', message: 'field.keyTaken' }]);
}

export async function createQuickReply(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { shortcut: string; title: string; body: string; language: 'es' | 'en' | null; channels: Channel[] },
): Promise<QuickReply> {
  await assertFree(ctx, workspaceId, input.shortcut, input.language);
  const now = Date.now();
  const row = {
    id: newId(),
    shortcut: input.shortcut,
    title: input.title,
    body: input.body,
    language: input.language,
    channels: JSON.stringify(input.channels),
    created_by: actor.type === 'user' ? actor.id : null,
    created_at: now,
    updated_at: now,
  };
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t.insertInto('quick_replies', row).execute();
    await audit(t, actor, 'quick_reply.created', { type: 'quick_reply', id: row.id }, { shortcut: input.shortcut });
  });
  return toQuickReply(row, []);
}

export async function updateQuickReply(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: Partial<{ shortcut: string; title: string; body: string; language: 'es' | 'en' | null; channels: Channel[] }>,
): Promise<QuickReply> {
  const t0 = tenant(ctx.db, workspaceId);
  const current = await t0.selectFrom('quick_replies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!current) throw new AppError('not_found');
  const shortcut = patch.shortcut ?? current.shortcut;
  const language = patch.language !== undefined ? patch.language : (current.language as 'es' | 'en' | null);
  await assertFree(ctx, workspaceId, shortcut, language, id);
  const set = {
    shortcut,
    language,
    title: patch.title ?? current.title,
    body: patch.body ?? current.body,
    channels: patch.channels ? JSON.stringify(patch.channels) : current.channels,
    updated_at: Date.now(),
  };
  await t0.transaction(async (t) => {
    await t.updateTable('quick_replies').set(set).where('id', '=', id).execute();
    await audit(t, actor, 'quick_reply.updated', { type: 'quick_reply', id }, { fields: Object.keys(patch) });
  });
  return getQuickReply(t0, id);
}

export async function deleteQuickReply(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('quick_replies').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'quick_reply.deleted', { type: 'quick_reply', id });
  });
}

/** Fills {{contact.name}}, {{contact.first_name}}, {{agent.name}}, {{agent.first_name}}, {{workspace.name}}; unknown variables stay visible. */
export function fillVariables(body: string, values: Record<string, string>): string {
  return body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (all, name: string) => values[name] ?? all);
}

/**
 * The quick replies that fit one conversation (its channel; the contact's language, else the workspace's), with the
 * variables filled in. Matching by shortcut prefix when `q` is given.
 */
export async function quickRepliesFor(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string,
  q?: string,
): Promise<RenderedQuickReply[]> {
  const t = tenant(ctx.db, auth.workspaceId);
  const conversation = await t
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['conversations.channel', 'contacts.name', 'contacts.language'])
    .where('conversations.id', '=', conversationId)
    .where('contacts.privacy_blocked_at', 'is', null)
    .executeTakeFirst();
  if (!conversation) throw new AppError('not_found');
  const workspace = await loadWorkspaceSettings(ctx, auth.workspaceId);
  const language = conversation.language ?? workspace.language;
  const first = (name: string) => name.trim().split(/\s+/)[0] ?? name;
  const values = {
    'contact.name': conversation.name,
    'contact.first_name': first(conversation.name),
    'agent.name': auth.user?.name ?? '',
    'agent.first_name': first(auth.user?.name ?? ''),
    'workspace.name': workspace.name,
  };
  const all = (await listQuickReplies(ctx, auth.workspaceId)).filter(
    (r) =>
      (!r.channels.length || r.channels.includes(conversation.channel as Channel)) &&
      (!q || r.shortcut.startsWith(q.toLowerCase())),
  );
  // One per shortcut: the one in the contact's language, else the one for any language, else whatever there is.
  const byShortcut = new Map<string, QuickReply>();
  for (const r of all) {
    const kept = byShortcut.get(r.shortcut);
    const rank = (x: QuickReply) => (x.language === language ? 2 : x.language === null ? 1 : 0);
    if (!kept || rank(r) > rank(kept)) byShortcut.set(r.shortcut, r);
  }
  return [...byShortcut.values()].map((r) => ({ ...r, text: fillVariables(r.body, values) }));
}
