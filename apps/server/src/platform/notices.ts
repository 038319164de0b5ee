// The bell: every notice given to a person of the team is kept, read or unread, for 90 days (housekeeping sweeps
// older ones), listed newest first with the count of unread ones, and marked read one by one or all at once.
import type { NoticeList, NotificationKind, StoredNotice } from '@atiende/contract';
import { tenant } from '../db/tenant.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import type { Notice } from './notifications.js';
import { iso } from './time.js';

/** Stores one notice for each person; returns each person's notice id. */
export async function storeNotices(
  ctx: AppContext,
  workspaceId: string,
  userIds: string[],
  notice: Notice,
): Promise<Map<string, string>> {
  const now = Date.now();
  const ids = new Map(userIds.map((userId) => [userId, newId()]));
  await tenant(ctx.db, workspaceId)
    .insertInto(
      'notices',
      [...ids].map(([userId, id]) => ({
        id,
        user_id: userId,
        kind: notice.kind,
        conversation_id: notice.conversationId,
        contact_id: notice.contactId ?? null,
        contact_name: notice.contactName.slice(0, 200),
        by_name: notice.by,
        excerpt: notice.excerpt.slice(0, 500),
        created_at: now,
      })),
    )
    .execute();
  return ids;
}

function cursorOf(row: { created_at: number; id: string }): string {
  return `${row.created_at}.${row.id}`;
}

export async function listNotices(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
  query: { unread?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined },
): Promise<NoticeList> {
  const t = tenant(ctx.db, workspaceId);
  const mine = t.selectFrom('notices').where('user_id', '=', userId);
  let page = mine.selectAll();
  if (query.unread === 'true') page = page.where('read_at', 'is', null);
  if (query.cursor) {
    const match = /^(\d{1,16})\.([\w-]{1,64})$/.exec(query.cursor);
    if (!match) throw new AppError('validation_failed', [{ path: 'cursor', message: 'field.invalidOption' }]);
    const at = Number(match[1]);
    const id = match[2]!;
    page = page.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const [rows, unread] = await Promise.all([
    page
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute(),
    mine
      .where('read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const items: StoredNotice[] = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    kind: r.kind as NotificationKind,
    conversationId: r.conversation_id,
    contactId: r.contact_id,
    contactName: r.contact_name,
    by: r.by_name,
    excerpt: r.excerpt,
    createdAt: iso(r.created_at),
    readAt: iso(r.read_at),
  }));
  const last = rows[query.limit - 1];
  return { items, unread: Number(unread.n), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null };
}

/** Marks the named notices of mine (or all of them) read; returns how many unread remain. */
export async function markNoticesRead(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
  which: { ids?: string[] | undefined; all?: true | undefined },
): Promise<{ unread: number }> {
  const t = tenant(ctx.db, workspaceId);
  let update = t.updateTable('notices').set({ read_at: Date.now() }).where('user_id', '=', userId);
  update = update.where('read_at', 'is', null);
  if (!which.all) update = update.where('id', 'in', which.ids ?? []);
  await update.execute();
  const left = await t
    .selectFrom('notices')
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { unread: Number(left.n) };
}
