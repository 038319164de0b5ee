// Inboxes: one per channel connection (the website widget, a WhatsApp number, a mailbox, the phone log).
import type { Channel, Inbox } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';

export async function listInboxes(ctx: AppContext, workspaceId: string): Promise<Inbox[]> {
  const rows = await tenant(ctx.db, workspaceId).selectFrom('inboxes').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, channel: r.channel as Channel, websiteToken: r.website_token, createdAt: new Date(r.created_at).toISOString() }));
}
