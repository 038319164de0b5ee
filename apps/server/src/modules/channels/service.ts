// Inboxes: one per channel connection (the website widget, a WhatsApp number, a mailbox, the phone log).
import { type Channel, type Inbox, type WidgetAppearance, defaultWidgetAppearance } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type EmailSettings, publicEmailInfo } from './email/settings.js';
import { type WhatsappSettings, publicInfo } from './whatsapp/settings.js';

type InboxRow = {
  id: string;
  name: string;
  channel: string;
  website_token: string | null;
  settings: string;
  created_at: number;
  last_checked_at: number | null;
  last_error: string | null;
};

function toInbox(ctx: AppContext, r: InboxRow): Inbox {
  return {
    id: r.id,
    name: r.name,
    channel: r.channel as Channel,
    websiteToken: r.website_token,
    whatsapp: r.channel === 'whatsapp' ? publicInfo(ctx, r.id, JSON.parse(r.settings) as WhatsappSettings) : null,
    email: r.channel === 'email' ? publicEmailInfo(JSON.parse(r.settings) as EmailSettings, r) : null,
    webchat:
      r.channel === 'webchat'
        ? {
            leadPipelineId:
              (JSON.parse(r.settings || '{}') as { leadPipelineId?: string | null }).leadPipelineId ?? null,
            appearance: {
              ...defaultWidgetAppearance,
              ...(JSON.parse(r.settings || '{}') as { appearance?: WidgetAppearance }).appearance,
            },
          }
        : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function inboxQuery(ctx: AppContext, workspaceId: string) {
  return tenant(ctx.db, workspaceId)
    .selectFrom('inboxes')
    .leftJoin('email_mailboxes', 'email_mailboxes.inbox_id', 'inboxes.id')
    .select([
      'inboxes.id',
      'inboxes.name',
      'inboxes.channel',
      'inboxes.website_token',
      'inboxes.settings',
      'inboxes.created_at',
      'email_mailboxes.last_checked_at',
      'email_mailboxes.last_error',
    ]);
}

export async function listInboxes(ctx: AppContext, workspaceId: string): Promise<Inbox[]> {
  const rows = await inboxQuery(ctx, workspaceId).orderBy('inboxes.created_at').execute();
  return rows.map((r) => toInbox(ctx, r));
}

export async function getInbox(ctx: AppContext, workspaceId: string, id: string): Promise<Inbox> {
  const row = await inboxQuery(ctx, workspaceId).where('inboxes.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toInbox(ctx, row);
}
