// Telling people of the team: a live notice on their console, and an email when their preferences ask for that kind.
// Called by the process that made the change, after commit, so each notice is mailed once whatever the process count.
import type { NotificationKind, NotificationPreferences } from '@atiende/contract';
import { mailMessages } from '@atiende/contract/i18n';
import { tenant } from '../db/tenant.js';
import type { AppContext } from './context.js';
import { fillText } from './language.js';
import { storeNotices } from './notices.js';

export interface Notice {
  /** The bell's record of it, once stored for a person. */
  id?: string;
  kind: NotificationKind;
  /** What the notice opens: the conversation, or (a task due) the contact. */
  conversationId: string | null;
  contactId?: string | null;
  contactName: string;
  /** Who caused it (the teammate who mentioned or assigned), when someone did. */
  by: string | null;
  /** A line of context: the note's text, the message, or the missed target. */
  excerpt: string;
}

/** New members get emails for mentions and assignments; missed targets only on screen until they choose. */
export const DEFAULT_EMAIL_NOTICES: NotificationKind[] = ['mention', 'assigned'];

function mailFor(ctx: AppContext, language: string, notice: Notice): { subject: string; text: string } {
  const m = mailMessages[language === 'en' ? 'en' : 'es'];
  const vars = {
    contact: notice.contactName,
    by: notice.by ?? '',
    excerpt: notice.excerpt,
    target: m.targets[notice.excerpt as keyof typeof m.targets] ?? notice.excerpt,
    byLine: notice.by ? fillText(m.assignedBy, { by: notice.by }) : '',
  };
  const [subject, body] =
    notice.kind === 'mention'
      ? [m.mentionSubject, m.mentionBody]
      : notice.kind === 'assigned'
        ? [m.assignedSubject, m.assignedBody]
        : notice.kind === 'task_due'
          ? [m.taskSubject, m.taskBody]
          : notice.kind === 'automation'
            ? [m.automationSubject, m.automationBody]
            : [m.slaSubject, m.slaBody];
  const url = notice.conversationId
    ? `${ctx.config.publicUrl}/inbox/${notice.conversationId}`
    : notice.contactId
      ? `${ctx.config.publicUrl}/contacts/${notice.contactId}`
      : `${ctx.config.publicUrl}/`;
  return {
    subject: fillText(subject, vars),
    text: `${fillText(body, vars).trim()}\n\n${fillText(m.open, { url })}\n\n--\n${m.footer}\n`,
  };
}

export async function notify(
  ctx: AppContext,
  workspaceId: string,
  userIds: (string | null | undefined)[],
  notice: Notice,
): Promise<void> {
  const named = [...new Set(userIds.filter((id): id is string => Boolean(id)))];
  // Nobody hears of a conversation they may not open (a member limited to other teams).
  const ids =
    notice.conversationId && named.length
      ? await ctx.conversationReaders(workspaceId, notice.conversationId, named)
      : named;
  if (!ids.length) return;
  // The bell keeps each one; the live frame carries the stored notice's id so the console can mark it read.
  const stored = await storeNotices(ctx, workspaceId, ids, notice);
  for (const [userId, id] of stored)
    ctx.events.publish({ type: 'notification', workspaceId, userId, notification: { ...notice, id } });
  const people = await tenant(ctx.db, workspaceId)
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'users.language', 'memberships.email_notifications'])
    .where('memberships.user_id', 'in', ids)
    .execute();
  let queued = false;
  for (const person of people) {
    if (!(JSON.parse(person.email_notifications) as string[]).includes(notice.kind)) continue;
    await ctx.jobs.enqueue('mail.send', { to: person.email, ...mailFor(ctx, person.language, notice) });
    queued = true;
  }
  if (queued) ctx.jobs.nudge();
}

export async function notificationPreferences(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
): Promise<NotificationPreferences> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('memberships')
    .select('email_notifications')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { email: JSON.parse(row.email_notifications) as NotificationKind[] };
}

export async function setNotificationPreferences(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
  input: NotificationPreferences,
): Promise<NotificationPreferences> {
  await tenant(ctx.db, workspaceId)
    .updateTable('memberships')
    .set({ email_notifications: JSON.stringify([...new Set(input.email)]) })
    .where('user_id', '=', userId)
    .execute();
  return notificationPreferences(ctx, workspaceId, userId);
}
