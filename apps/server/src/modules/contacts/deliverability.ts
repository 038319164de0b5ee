// Addresses that bounce. A hard bounce (the mailbox does not exist) stops automatic mail to the address (surveys,
// sequences, campaigns) until someone fixes it: a new address, or an agent saying it works again. Soft bounces (a full
// mailbox, a refusal for now) are counted; three in a row count as hard. Only reports that name one of our own mails
// (signed Message-IDs) get here, so nobody can switch off a customer's mail by writing a fake report.
import type { Tenant } from '../../db/tenant.js';

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

/** Automatic mail may go to this address: it has not bounced hard. */
export async function mailable(t: Tenant, address: string | null | undefined): Promise<boolean> {
  if (!address) return false;
  return (await bounceStates(t, [address])).get(address.trim().toLowerCase())?.severity !== 'hard';
}
