// An email inbox: the address customers write to, the IMAP server it is read from and the SMTP server answers leave
// by. Passwords are stored and never shown again; each inbox has its own secret that signs our Message-IDs.
import type { EmailInboxInfo } from '@atiende/contract';
import { type Tenant, tenant } from '../../../db/tenant.js';
import { type Actor, audit } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { refusedHostName } from '../../../platform/destinations.js';
import { AppError } from '../../../platform/errors.js';
import { newId, randomToken } from '../../../platform/ids.js';
import { iso } from '../../../platform/time.js';

export interface MailServer {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

export interface EmailSettings {
  address: string;
  displayName: string | null;
  mailbox: string;
  imap: MailServer;
  smtp: MailServer;
  /** Signs the Message-IDs of our answers, so a reply threads by a header nobody else can forge. */
  threadSecret: string;
  /** A colleague of the customer (same company) replying to the customer's own mail joins the conversation (default). */
  threadColleagues?: boolean;
}

export interface EmailInbox {
  id: string;
  workspaceId: string;
  name: string;
  settings: EmailSettings;
}

export function publicEmailInfo(
  settings: EmailSettings,
  state: { last_checked_at: number | null; last_error: string | null } | undefined,
): EmailInboxInfo {
  // Tolerant of a half-written row (an inbox made by hand or by an older version): the list must still load.
  const server = (s: MailServer | undefined) => ({
    host: s?.host ?? '',
    port: s?.port ?? 0,
    secure: s?.secure ?? false,
    user: s?.user ?? '',
    hasPassword: Boolean(s?.password),
  });
  return {
    address: settings.address ?? '',
    displayName: settings.displayName ?? null,
    mailbox: settings.mailbox ?? 'INBOX',
    threadColleagues: settings.threadColleagues ?? true,
    imap: server(settings.imap),
    smtp: server(settings.smtp),
    lastCheckedAt: iso(state?.last_checked_at ?? null),
    lastError: state?.last_error ?? null,
  };
}

export async function emailSettings(t: Tenant, inboxId: string): Promise<EmailSettings> {
  const row = await t
    .selectFrom('inboxes')
    .select('settings')
    .where('id', '=', inboxId)
    .where('channel', '=', 'email')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return JSON.parse(row.settings) as EmailSettings;
}

/** Every email inbox of the installation: the poller reads them all. */
export async function allEmailInboxes(ctx: AppContext): Promise<EmailInbox[]> {
  const rows = await ctx.db
    .selectFrom('inboxes')
    .select(['id', 'workspace_id', 'name', 'settings'])
    .where('channel', '=', 'email')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    settings: JSON.parse(r.settings) as EmailSettings,
  }));
}

export async function emailInbox(ctx: AppContext, workspaceId: string, inboxId: string): Promise<EmailInbox> {
  const t = tenant(ctx.db, workspaceId);
  const row = await t
    .selectFrom('inboxes')
    .select(['id', 'name', 'settings'])
    .where('id', '=', inboxId)
    .where('channel', '=', 'email')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return { id: row.id, workspaceId, name: row.name, settings: JSON.parse(row.settings) as EmailSettings };
}

/** Mail servers are reached on an admin's say-so: never this machine or the private network unless the operator allows
 *  it (MAIL_ALLOW_PRIVATE_HOSTS=1); names are checked again, after DNS, on every connection. */
function assertServersAllowed(
  ctx: AppContext,
  servers: { imap?: Partial<MailServer> | undefined; smtp?: Partial<MailServer> | undefined },
): void {
  const problems = (['imap', 'smtp'] as const).flatMap((kind) => {
    const host = servers[kind]?.host;
    return host && refusedHostName(host, ctx.config.mailAllowPrivateHosts)
      ? [{ path: `${kind}.host`, message: 'field.privateHost' }]
      : [];
  });
  if (problems.length) throw new AppError('validation_failed', problems);
}

async function assertAddressFree(t: Tenant, address: string, exceptId?: string): Promise<void> {
  let q = t.selectFrom('inboxes').select('id').where('channel', '=', 'email').where('external_id', '=', address);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst())
    throw new AppError('validation_failed', [{ path: 'address', message: 'field.addressTaken' }]);
}

export async function createEmailInbox(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: {
    name: string;
    address: string;
    displayName?: string | null;
    mailbox: string;
    threadColleagues?: boolean | undefined;
    imap: MailServer;
    smtp: MailServer;
  },
): Promise<string> {
  assertServersAllowed(ctx, input);
  const id = newId();
  const settings: EmailSettings = {
    address: input.address,
    displayName: input.displayName ?? null,
    mailbox: input.mailbox,
    threadColleagues: input.threadColleagues ?? true,
    imap: input.imap,
    smtp: input.smtp,
    threadSecret: randomToken(),
  };
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertAddressFree(t, input.address);
    await t
      .insertInto('inboxes', {
        id,
        channel: 'email',
        name: input.name,
        website_token: null,
        settings: JSON.stringify(settings),
        external_id: input.address,
        created_at: Date.now(),
      })
      .execute();
    await t
      .insertInto('email_mailboxes', {
        inbox_id: id,
        uid_validity: null,
        last_uid: 0,
        last_checked_at: null,
        last_error: null,
      })
      .execute();
    await audit(t, actor, 'inbox.created', { type: 'inbox', id }, { channel: 'email', address: input.address });
  });
  return id;
}

export async function updateEmailInbox(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  inboxId: string,
  input: {
    name?: string;
    address?: string;
    displayName?: string | null;
    mailbox?: string;
    threadColleagues?: boolean | undefined;
    imap?: Partial<MailServer>;
    smtp?: Partial<MailServer>;
  },
): Promise<void> {
  assertServersAllowed(ctx, input);
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await emailSettings(t, inboxId);
    if (input.address) await assertAddressFree(t, input.address, inboxId);
    const merge = (server: MailServer, change?: Partial<MailServer>): MailServer => ({
      ...server,
      ...Object.fromEntries(Object.entries(change ?? {}).filter(([, v]) => v !== undefined)),
    });
    const next: EmailSettings = {
      ...current,
      address: input.address ?? current.address,
      displayName: input.displayName === undefined ? current.displayName : input.displayName,
      mailbox: input.mailbox ?? current.mailbox,
      threadColleagues: input.threadColleagues ?? current.threadColleagues ?? true,
      imap: merge(current.imap, input.imap),
      smtp: merge(current.smtp, input.smtp),
    };
    await t
      .updateTable('inboxes')
      .set({ settings: JSON.stringify(next), external_id: next.address, ...(input.name ? { name: input.name } : {}) })
      .where('id', '=', inboxId)
      .execute();
    // Another folder or server: its UIDs mean nothing here, so it is read from the start (Message-IDs keep that idempotent).
    if (
      next.mailbox !== current.mailbox ||
      next.imap.host !== current.imap.host ||
      next.imap.user !== current.imap.user
    ) {
      await t
        .updateTable('email_mailboxes')
        .set({ uid_validity: null, last_uid: 0 })
        .where('inbox_id', '=', inboxId)
        .execute();
    }
    // Which fields changed, never their values: passwords are among them.
    await audit(t, actor, 'inbox.updated', { type: 'inbox', id: inboxId }, { fields: Object.keys(input) });
  });
}
