// Writing to a customer first: a new email conversation with its subject, sent from one of the workspace's mailboxes.
// Their reply threads into it by our signed Message-ID like any other.
import type { Message } from '@atiende/contract';
import { tenant } from '../../../db/tenant.js';
import type { Actor } from '../../../platform/audit.js';
import type { AuthContext } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { recordEvent } from '../../conversations/index.js';
import { announceOutgoing, storeOutgoing } from '../../conversations/index.js';
import { applySla } from '../../sla/index.js';

export async function startEmail(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  input: { contactId: string; inboxId: string; subject: string; body: string },
  now = Date.now(),
): Promise<Message> {
  const { conversationId, messageId } = await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const contact = await t
      .selectFrom('contacts')
      .select(['id', 'email'])
      .where('id', '=', input.contactId)
      .where('privacy_blocked_at', 'is', null)
      .executeTakeFirst();
    if (!contact) throw new AppError('validation_failed', [{ path: 'contactId', message: 'field.noSuchContact' }]);
    if (!contact.email) throw new AppError('validation_failed', [{ path: 'contactId', message: 'field.noEmail' }]);
    const inbox = await t
      .selectFrom('inboxes')
      .select('id')
      .where('id', '=', input.inboxId)
      .where('channel', '=', 'email')
      .executeTakeFirst();
    if (!inbox) throw new AppError('validation_failed', [{ path: 'inboxId', message: 'field.noSuchEmailInbox' }]);
    const id = newId();
    await t
      .insertInto('conversations', {
        id,
        inbox_id: inbox.id,
        contact_id: contact.id,
        channel: 'email',
        visitor_id: null,
        status: 'open',
        assignee_id: auth.user?.id ?? null,
        last_message_at: now,
        last_message_preview: '',
        waiting_since: null,
        first_response_at: null,
        resolved_at: null,
        subject: input.subject,
        // No messages yet: the tally starts exact and counts each one.
        tally_stale: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // Started by us (reports can tell these apart): our mail is the first response, so the policy's next-response
    // clock is what runs once the customer answers, and its resolution clock from now.
    await recordEvent(t, id, 'created', actor, { channel: 'email', startedBy: 'agent' }, now);
    const message = await storeOutgoing(ctx, t, auth, actor, id, { body: input.body, private: false }, {}, now);
    await applySla(ctx, t, id);
    return { conversationId: id, messageId: message };
  });
  ctx.jobs.nudge();
  return announceOutgoing(ctx, auth.workspaceId, conversationId, messageId);
}
