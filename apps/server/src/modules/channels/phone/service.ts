// Phone calls and visits, logged by agents: each becomes a conversation of the contact on the phone or visits inbox,
// with the times service standards read (a call answered live is answered at once; a solved one is resolved).
import type { Message } from '@atiende/contract';
import { tenant } from '../../../db/tenant.js';
import { type Actor, audit } from '../../../platform/audit.js';
import type { AuthContext } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { normalizePhone } from '../../contacts/index.js';
import { workspaceCountry } from '../../contacts/index.js';
import { raiseEvent } from '../../../platform/business-events.js';
import { recordEvent } from '../../conversations/index.js';
import { tallyMessage } from '../../conversations/index.js';
import { applySla } from '../../sla/index.js';
import { announceOutgoing } from '../../conversations/index.js';
import { PREVIEW_LENGTH } from '../../conversations/index.js';

export interface ActivityInput {
  contactId: string;
  kind: 'call' | 'visit';
  direction: 'inbound' | 'outbound';
  phone?: string | null;
  durationMinutes: number;
  outcome: string;
  notes: string;
  at?: string;
}

/** Outcomes after which nothing is left to do: the conversation is logged as resolved. */
const CLOSING = new Set(['solved', 'wrong_number', 'visited']);

export async function logActivity(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  input: ActivityInput,
): Promise<Message> {
  const now = Date.now();
  const at = input.at ? Date.parse(input.at) : now;
  if (at > now + 60_000) throw new AppError('validation_failed', [{ path: 'at', message: 'field.inFuture' }]);
  const channel = input.kind === 'call' ? 'phone' : 'visit';
  const ids = await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const contact = await t
      .selectFrom('contacts')
      .select(['id', 'name', 'phone'])
      .where('id', '=', input.contactId)
      .where('privacy_blocked_at', 'is', null)
      .executeTakeFirst();
    if (!contact) throw new AppError('validation_failed', [{ path: 'contactId', message: 'field.noSuchContact' }]);
    const phone = input.phone ? normalizePhone(input.phone, await workspaceCountry(t)) : contact.phone;
    if (input.phone && !phone)
      throw new AppError('validation_failed', [{ path: 'phone', message: 'field.invalidPhone' }]);
    let inbox = await t
      .selectFrom('inboxes')
      .select('id')
      .where('channel', '=', channel)
      .orderBy('created_at')
      .executeTakeFirst();
    if (!inbox) {
      inbox = { id: newId() };
      await t
        .insertInto('inboxes', {
          id: inbox.id,
          channel,
          name: channel === 'phone' ? 'Teléfono' : 'Visitas',
          website_token: null,
          settings: '{}',
          created_at: now,
        })
        .execute();
    }
    const ended = at + Math.round(input.durationMinutes * 60_000);
    const resolved = CLOSING.has(input.outcome);
    const conversationId = newId();
    const messageId = newId();
    const preview = input.notes || `${input.kind === 'call' ? '📞' : '🏢'} ${input.outcome}`;
    await t
      .insertInto('conversations', {
        id: conversationId,
        inbox_id: inbox.id,
        contact_id: contact.id,
        channel,
        visitor_id: null,
        status: resolved ? 'resolved' : 'open',
        assignee_id: auth.user?.id ?? null,
        last_message_at: at,
        last_message_preview: preview.slice(0, PREVIEW_LENGTH),
        waiting_since: null,
        // Someone was on the line (or in the room): the customer was attended at once.
        first_response_at: input.direction === 'inbound' && input.outcome !== 'no_answer' ? at : null,
        resolved_at: resolved ? ended : null,
        tally_stale: 0,
        created_at: at,
        updated_at: now,
      })
      .execute();
    const message = {
      id: messageId,
      conversation_id: conversationId,
      inbox_id: inbox.id,
      direction: input.direction === 'inbound' ? 'incoming' : 'outgoing',
      sender_type: 'agent',
      sender_id: auth.user?.id ?? null,
      sender_name: auth.user?.name ?? null,
      body: input.notes,
      is_private: 0,
      source_id: null,
      kind: input.kind,
      delivery_status: null,
      delivery_error: null,
      metadata: JSON.stringify({
        direction: input.direction,
        durationSeconds: Math.round(input.durationMinutes * 60),
        outcome: input.outcome,
        phone,
      }),
      created_at: at,
    };
    await t.insertInto('messages', message).execute();
    await tallyMessage(t, conversationId, message);
    await recordEvent(
      t,
      conversationId,
      'logged',
      actor,
      {
        kind: input.kind,
        direction: input.direction,
        outcome: input.outcome,
        durationSeconds: Math.round(input.durationMinutes * 60),
      },
      at,
    );
    if (resolved) {
      await recordEvent(t, conversationId, 'status_changed', actor, { from: 'open', to: 'resolved' }, ended);
      await raiseEvent(
        ctx,
        t,
        {
          name: 'conversation.resolved',
          data: { conversation: { id: conversationId, channel, inboxId: inbox.id, contactId: contact.id } },
        },
        ended,
      );
    }
    await applySla(ctx, t, conversationId);
    await audit(
      t,
      actor,
      `conversation.${input.kind}_logged`,
      { type: 'contact', id: contact.id },
      { conversationId, outcome: input.outcome },
    );
    return { conversationId, messageId };
  });
  return announceOutgoing(ctx, auth.workspaceId, ids.conversationId, ids.messageId);
}
