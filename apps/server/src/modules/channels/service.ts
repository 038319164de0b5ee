// Inboxes: one per channel connection (the website widget, a WhatsApp number, a mailbox, the phone log).
import type { Channel, Inbox } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type WhatsappSettings, publicInfo } from './whatsapp/settings.js';

function toInbox(ctx: AppContext, r: { id: string; name: string; channel: string; website_token: string | null; settings: string; created_at: number }): Inbox {
  return {
    id: r.id,
    name: r.name,
    channel: r.channel as Channel,
    websiteToken: r.website_token,
    whatsapp: r.channel === 'whatsapp' ? publicInfo(ctx, r.id, JSON.parse(r.settings) as WhatsappSettings) : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listInboxes(ctx: AppContext, workspaceId: string): Promise<Inbox[]> {
  const rows = await tenant(ctx.db, workspaceId).selectFrom('inboxes').selectAll().orderBy('created_at').execute();
  return rows.map((r) => toInbox(ctx, r));
}

export async function getInbox(ctx: AppContext, workspaceId: string, id: string): Promise<Inbox> {
  const row = await tenant(ctx.db, workspaceId).selectFrom('inboxes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toInbox(ctx, row);
}
