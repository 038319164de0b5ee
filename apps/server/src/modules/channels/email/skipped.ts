// Mail an inbox read and stored no message of: what it was and why, newest first, the original downloadable.
import type { EmailSkipped } from '@atiende/contract';
import { tenant } from '../../../db/tenant.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';

/** The last few hundred are what an admin looks through; older ones stay in the mailbox they came from. */
const SHOWN = 200;

export async function listSkipped(ctx: AppContext, workspaceId: string, inboxId: string): Promise<EmailSkipped[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('email_skipped')
    .select((eb) => [
      'id',
      'reason',
      'sender',
      'subject',
      'message_id',
      'size',
      'received_at',
      eb('raw', 'is not', null).as('has_raw'),
    ])
    .where('inbox_id', '=', inboxId)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(SHOWN)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason as EmailSkipped['reason'],
    sender: r.sender,
    subject: r.subject,
    messageId: r.message_id,
    size: Number(r.size),
    original: Boolean(r.has_raw),
    receivedAt: new Date(Number(r.received_at)).toISOString(),
  }));
}

export async function skippedOriginal(
  ctx: AppContext,
  workspaceId: string,
  inboxId: string,
  id: string,
): Promise<Buffer> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('email_skipped')
    .select('raw')
    .where('inbox_id', '=', inboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row?.raw) throw new AppError('not_found');
  return Buffer.from(row.raw);
}
