// Addresses that bounce. A hard bounce (the mailbox does not exist) stops automatic mail to the address (surveys,
// sequences, campaigns) until someone fixes it: a new address, or an agent saying it works again. Soft bounces (a full
// mailbox, a refusal for now) are counted; three in a row count as hard. Only reports that name one of our own mails
// (signed Message-IDs) get here, so nobody can switch off a customer's mail by writing a fake report.
import { unsubscribeMessages } from '@atiende/contract/i18n';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tenant } from '../../db/tenant.js';
import { hashToken, randomToken } from '../../platform/ids.js';
import { fillText } from '../../platform/language.js';

/** Soft bounces in a row that make an address count as not working. */
export const SOFT_BOUNCES_TO_HARD = 3;

export interface BounceState {
  severity: 'hard' | 'soft';
  softCount: number;
  status: string | null;
  reason: string;
  at: number;
}

export async function recordBounce(
  t: Tenant,
  report: { address: string; severity: 'hard' | 'soft'; status: string | null; reason: string; messageId: string },
  now = Date.now(),
): Promise<BounceState> {
  const address = report.address.trim().toLowerCase();
  const known = await t
    .selectFrom('email_bounces')
    .select(['severity', 'soft_count'])
    .where('address', '=', address)
    .executeTakeFirst();
  const softCount = report.severity === 'soft' ? Number(known?.soft_count ?? 0) + 1 : Number(known?.soft_count ?? 0);
  const severity =
    report.severity === 'hard' || known?.severity === 'hard' || softCount >= SOFT_BOUNCES_TO_HARD ? 'hard' : 'soft';
  const row = {
    severity,
    soft_count: softCount,
    status: report.status,
    reason: report.reason.slice(0, 500),
    message_id: report.messageId,
    bounced_at: now,
  };
  if (known) await t.updateTable('email_bounces').set(row).where('address', '=', address).execute();
  else await t.insertInto('email_bounces', { address, ...row }).execute();
  return { severity, softCount, status: report.status, reason: row.reason, at: now };
}

/** Someone fixed the address (or checked it works): automatic mail may use it again. */
export async function clearBounce(t: Tenant, address: string): Promise<boolean> {
  const removed = await t
    .deleteFrom('email_bounces')
    .where('address', '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

/** What bounced among these addresses. */
export async function bounceStates(t: Tenant, addresses: string[]): Promise<Map<string, BounceState>> {
  const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()))].filter(Boolean);
  if (!wanted.length) return new Map();
  const rows = await t.selectFrom('email_bounces').selectAll().where('address', 'in', wanted).execute();
  return new Map(
    rows.map((r) => [
      r.address,
      {
        severity: r.severity === 'hard' ? 'hard' : 'soft',
        softCount: Number(r.soft_count),
        status: r.status,
        reason: r.reason,
        at: Number(r.bounced_at),
      },
    ]),
  );
}

/**
 * Automatic mail may go to this address: it has not bounced hard, and (when the contact is named) the person has not
 * asked for no more automatic mail.
 */
export async function mailable(
  t: Tenant,
  address: string | null | undefined,
  contactId?: string | null,
): Promise<boolean> {
  if (!address) return false;
  if (contactId && (await optedOut(t, [contactId])).has(contactId)) return false;
  return (await bounceStates(t, [address])).get(address.trim().toLowerCase())?.severity !== 'hard';
}

/** Of these contacts, those who asked for no more automatic mail. */
export async function optedOut(t: Tenant, contactIds: string[]): Promise<Set<string>> {
  if (!contactIds.length) return new Set();
  const rows = await t
    .selectFrom('contacts')
    .select('id')
    .where('id', 'in', contactIds)
    .where('mail_opt_out_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A one-click way out for one mailing to a contact (RFC 8058): `<publicUrl>/u/<token>`; only its hash is kept. */
export async function unsubscribeUrl(
  t: Tenant,
  publicUrl: string,
  contactId: string,
  now = Date.now(),
): Promise<string> {
  const token = randomToken('u_');
  await t
    .insertInto('unsubscribe_links', { token_hash: hashToken(token), contact_id: contactId, created_at: now })
    .execute();
  return `${publicUrl}/u/${token}`;
}

/** What a mailing to a contact carries to let them out: the link (for the header) and the line at its foot. */
export async function mailingWayOut(
  t: Tenant,
  publicUrl: string,
  contactId: string,
  company: string,
  language: 'es' | 'en',
): Promise<{ url: string; footer: string }> {
  const url = await unsubscribeUrl(t, publicUrl, contactId);
  return { url, footer: `--\n${fillText(unsubscribeMessages[language].footer, { company, url })}` };
}

/** Whose link it is, for the page that asks them to confirm; undefined for a link that is not (or no longer) ours. */
export async function unsubscribeTarget(
  db: Kysely<DB>,
  token: string,
): Promise<{ workspaceId: string; contactId: string; company: string; done: boolean } | undefined> {
  const row = await db
    .selectFrom('unsubscribe_links')
    .innerJoin('contacts', 'contacts.id', 'unsubscribe_links.contact_id')
    .innerJoin('workspaces', 'workspaces.id', 'unsubscribe_links.workspace_id')
    .select([
      'unsubscribe_links.workspace_id',
      'unsubscribe_links.contact_id',
      'workspaces.name',
      'contacts.mail_opt_out_at',
    ])
    .where('unsubscribe_links.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return row
    ? {
        workspaceId: row.workspace_id,
        contactId: row.contact_id,
        company: row.name,
        done: row.mail_opt_out_at !== null,
      }
    : undefined;
}

/** The person's "no more automatic mail", kept once with its time. */
export async function optOut(t: Tenant, contactId: string, now = Date.now()): Promise<boolean> {
  const changed = await t
    .updateTable('contacts')
    .set({ mail_opt_out_at: now })
    .where('id', '=', contactId)
    .where('mail_opt_out_at', 'is', null)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0;
}

/** The person asked (to the team) to get automatic mail again. */
export async function optBackIn(t: Tenant, contactId: string): Promise<boolean> {
  const changed = await t
    .updateTable('contacts')
    .set({ mail_opt_out_at: null })
    .where('id', '=', contactId)
    .where('mail_opt_out_at', 'is not', null)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0;
}
