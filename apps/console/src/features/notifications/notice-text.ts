// What a notice says and opens, the same in the toast and in the bell.
import type { TFunction } from 'i18next';
import type { LiveNotification } from '../../live-cache';

export function noticeTitle(t: TFunction, n: LiveNotification): string {
  const key =
    n.kind === 'mention'
      ? 'inbox.mentionedBy'
      : n.kind === 'sla_breached'
        ? 'sla.breachedNotice'
        : n.kind === 'task_due'
          ? 'inbox.taskDue'
          : n.kind === 'automation'
            ? 'inbox.automationNotice'
            : 'inbox.assignedToYou';
  return t(key, { name: n.by ?? '', contact: n.contactName });
}

export function noticeMessage(t: TFunction, n: LiveNotification): string {
  return n.kind === 'sla_breached' ? t(`sla.targets.${n.excerpt}`) : n.excerpt;
}

export const noticeColor = (n: LiveNotification) =>
  n.kind === 'sla_breached' ? 'red' : n.kind === 'task_due' ? 'yellow' : n.kind === 'automation' ? 'grape' : 'cyan';

export const noticePath = (n: LiveNotification) =>
  n.conversationId ? `/inbox/${n.conversationId}` : n.contactId ? `/contacts/${n.contactId}` : '/';
