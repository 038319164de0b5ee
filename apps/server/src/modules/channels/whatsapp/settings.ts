// A WhatsApp inbox: the Cloud API number it speaks for, the secrets it uses (stored, never shown again), and what the
// owner pastes into Meta's webhook configuration.
import type { WhatsappInboxInfo } from '@atiende/contract';
import { type Tenant, tenant } from '../../../db/tenant.js';
import { type Actor, audit } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { newId, randomToken } from '../../../platform/ids.js';

export interface WhatsappSettings {
  phoneNumberId: string;
  businessAccountId: string | null;
  displayPhoneNumber: string | null;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface WhatsappInbox {
  id: string;
  workspaceId: string;
  settings: WhatsappSettings;
}

export function webhookUrl(ctx: AppContext, inboxId: string): string {
  return `${ctx.config.publicUrl}/api/whatsapp/webhook/${inboxId}`;
}

export function publicInfo(ctx: AppContext, inboxId: string, settings: WhatsappSettings): WhatsappInboxInfo {
  return {
    phoneNumberId: settings.phoneNumberId,
    businessAccountId: settings.businessAccountId,
    displayPhoneNumber: settings.displayPhoneNumber,
    webhookUrl: webhookUrl(ctx, inboxId),
    verifyToken: settings.verifyToken,
    hasAccessToken: Boolean(settings.accessToken),
    hasAppSecret: Boolean(settings.appSecret),
  };
}

/** Webhooks come by the hundred per second: the inbox behind the URL is remembered briefly (a changed secret applies
 * within seconds on every process). */
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; inbox: WhatsappInbox | null }>();

/** Any workspace's WhatsApp inbox by id: the webhook knows only the id in its URL until the signature is checked. */
export async function whatsappInbox(ctx: AppContext, inboxId: string): Promise<WhatsappInbox | null> {
  const hit = cache.get(inboxId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.inbox;
  const row = await ctx.db
    .selectFrom('inboxes')
    .select(['id', 'workspace_id', 'settings'])
    .where('id', '=', inboxId)
    .where('channel', '=', 'whatsapp')
    .executeTakeFirst();
  const inbox = row
    ? { id: row.id, workspaceId: row.workspace_id, settings: JSON.parse(row.settings) as WhatsappSettings }
    : null;
  if (cache.size > 1_000) cache.clear();
  cache.set(inboxId, { at: Date.now(), inbox });
  return inbox;
}

export async function inboxSettings(t: Tenant, inboxId: string): Promise<WhatsappSettings> {
  const row = await t
    .selectFrom('inboxes')
    .select('settings')
    .where('id', '=', inboxId)
    .where('channel', '=', 'whatsapp')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return JSON.parse(row.settings) as WhatsappSettings;
}

export async function createWhatsappInbox(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: {
    name: string;
    phoneNumberId: string;
    businessAccountId?: string | null;
    displayPhoneNumber?: string | null;
    accessToken: string;
    appSecret: string;
  },
): Promise<string> {
  const id = newId();
  const settings: WhatsappSettings = {
    phoneNumberId: input.phoneNumberId,
    businessAccountId: input.businessAccountId ?? null,
    displayPhoneNumber: input.displayPhoneNumber ?? null,
    accessToken: input.accessToken,
    appSecret: input.appSecret,
    verifyToken: randomToken().slice(0, 32),
  };
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .insertInto('inboxes', {
        id,
        channel: 'whatsapp',
        name: input.name,
        website_token: null,
        settings: JSON.stringify(settings),
        external_id: input.phoneNumberId,
        created_at: Date.now(),
      })
      .execute();
    await audit(
      t,
      actor,
      'inbox.created',
      { type: 'inbox', id },
      { channel: 'whatsapp', phoneNumberId: input.phoneNumberId },
    );
  });
  return id;
}

export async function updateWhatsappInbox(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  inboxId: string,
  input: Partial<Omit<WhatsappSettings, 'verifyToken'>> & { name?: string },
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await inboxSettings(t, inboxId);
    const { name, ...changes } = input;
    const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    await t
      .updateTable('inboxes')
      .set({ settings: JSON.stringify(next), external_id: next.phoneNumberId, ...(name ? { name } : {}) })
      .where('id', '=', inboxId)
      .execute();
    // Which fields changed, never their values: two of them are secrets.
    await audit(t, actor, 'inbox.updated', { type: 'inbox', id: inboxId }, { fields: Object.keys(input) });
  });
  cache.delete(inboxId);
}
