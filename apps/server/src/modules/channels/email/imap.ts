// Reading a mailbox over IMAP (imapflow): every mail with a UID above the last one stored, oldest first, each stored
// before the UID moves on, so a crash or a down server loses nothing and a second reading stores nothing twice.
import { ImapFlow } from 'imapflow';
import { tenant } from '../../../db/tenant.js';
import { BlockedDestination, publicAddressOf } from '../../../platform/destinations.js';
import type { AppContext } from '../../../platform/context.js';
import { type Envelope, ingestEmail } from './ingest.js';
import { type EmailInbox, allEmailInboxes, emailInbox } from './settings.js';

/** Mails stored per reading: a mailbox with years of history is taken in steps, one per poll. */
const BATCH = 200;

export interface PollResult {
  fetched: number;
  stored: number;
  error: string | null;
}

/** Connected to the address the guard approved (certificates still checked against the name). */
async function client(ctx: AppContext, inbox: EmailInbox): Promise<ImapFlow> {
  const { host, port, secure, user, password } = inbox.settings.imap;
  const address = await publicAddressOf(host, ctx.config.mailAllowPrivateHosts);
  return new ImapFlow({
    host: address,
    servername: host,
    port,
    secure,
    auth: { user, pass: password },
    logger: false,
    disableAutoIdle: true,
    clientInfo: { name: 'Atiende' },
  });
}

/** What went wrong, as a person can act on it, without anything secret. */
function describe(error: unknown): string {
  const e = error as { authenticationFailed?: boolean; code?: string; responseText?: string; message?: string };
  if (error instanceof BlockedDestination) return `${error.message} (MAIL_ALLOW_PRIVATE_HOSTS)`;
  if (e.authenticationFailed) return 'IMAP sign-in failed: check the user and password';
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')
    return `Cannot reach the IMAP server (${e.code})`;
  return (e.responseText || e.message || String(error)).slice(0, 300);
}

export async function pollMailbox(ctx: AppContext, inbox: EmailInbox): Promise<PollResult> {
  const t = tenant(ctx.db, inbox.workspaceId);
  const state = await t
    .selectFrom('email_mailboxes')
    .select(['uid_validity', 'last_uid'])
    .where('inbox_id', '=', inbox.id)
    .executeTakeFirst();
  let imap: ImapFlow | undefined;
  let fetched = 0;
  let stored = 0;
  try {
    imap = await client(ctx, inbox);
    await imap.connect();
    const lock = await imap.getMailboxLock(inbox.settings.mailbox, { readOnly: true });
    try {
      const mailbox = imap.mailbox;
      const validity = mailbox ? String(mailbox.uidValidity) : null;
      // UIDVALIDITY changed: the server renumbered the folder, so it is read again from the start.
      let lastUid = state && state.uid_validity === validity ? state.last_uid : 0;
      if (validity !== state?.uid_validity)
        await t
          .updateTable('email_mailboxes')
          .set({ uid_validity: validity, last_uid: 0 })
          .where('inbox_id', '=', inbox.id)
          .execute();
      if (mailbox && mailbox.exists > 0) {
        // "n:*" always includes the newest mail, even when its UID is below n: the filter keeps only new ones.
        const listed = (
          await imap.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true, envelope: true }, { uid: true })
        )
          .filter((m) => m.uid > lastUid)
          .sort((a, b) => a.uid - b.uid)
          .slice(0, BATCH);
        for (const item of listed) {
          fetched++;
          const envelope: Envelope & { size?: number } = {
            from: item.envelope?.from?.map((a) => ({ name: a.name, address: a.address })),
            subject: item.envelope?.subject,
            messageId: item.envelope?.messageId,
            inReplyTo: item.envelope?.inReplyTo,
            size: item.size,
          };
          let raw: Buffer | null = null;
          if ((item.size ?? 0) <= ctx.config.emailMaxBytes) {
            const full = await imap.fetchOne(String(item.uid), { source: true }, { uid: true });
            raw = full && full.source ? full.source : null;
          }
          const outcome = await ingestEmail(ctx, inbox, raw, envelope);
          if (outcome && !outcome.duplicate) stored++;
          lastUid = item.uid;
          await t.updateTable('email_mailboxes').set({ last_uid: lastUid }).where('inbox_id', '=', inbox.id).execute();
        }
      }
    } finally {
      lock.release();
    }
    await imap.logout();
    await t
      .updateTable('email_mailboxes')
      .set({ last_checked_at: Date.now(), last_error: null })
      .where('inbox_id', '=', inbox.id)
      .execute();
    return { fetched, stored, error: null };
  } catch (error) {
    imap?.close();
    const message = describe(error);
    ctx.log.warn({ inboxId: inbox.id, error: message }, 'email inbox could not be read');
    await t
      .updateTable('email_mailboxes')
      .set({ last_checked_at: Date.now(), last_error: message })
      .where('inbox_id', '=', inbox.id)
      .execute();
    return { fetched, stored, error: message };
  }
}

const polling = new WeakMap<AppContext, Promise<void>>();

/** Every email inbox of the installation, one after the other; a reading still going on is not started twice. */
export function pollAllMailboxes(ctx: AppContext): Promise<void> {
  const running = polling.get(ctx);
  if (running) return running;
  const pass = (async () => {
    // A mailbox without an IMAP server (the demo's) has nothing to read.
    for (const inbox of await allEmailInboxes(ctx)) if (inbox.settings.imap?.host) await pollMailbox(ctx, inbox);
  })().finally(() => polling.delete(ctx));
  polling.set(ctx, pass);
  return pass;
}

export async function checkMailboxNow(ctx: AppContext, workspaceId: string, inboxId: string): Promise<PollResult> {
  return pollMailbox(ctx, await emailInbox(ctx, workspaceId, inboxId));
}
