// What a WhatsApp message changes besides adding to the thread: a reaction sits on the message it reacts to (one per
// person, an empty emoji takes it back), a customer's new number moves their contact (the old one stays in its
// history), and the ad or post a conversation started from is kept on it and as the contact's lead source.
import { type Message, type Referral, WHATSAPP_WINDOW_MS } from '@atiende/contract';
import { type Tenant, tenant } from '../../../db/tenant.js';
import { type Actor, audit } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { identitiesOf, normalizePhone, patchContact } from '../../contacts/index.js';
import { announceDelivery, loadMessage } from '../../conversations/index.js';
import type { WaMessage } from './messages.js';

export type Reactor = 'customer' | 'agent';

/**
 * Puts (or with an empty emoji, takes back) a reaction on the message WhatsApp names. Returns the message's id when it
 * changed; null when the message is not in this inbox (one from before the inbox was connected).
 */
export async function react(
  t: Tenant,
  inboxId: string,
  reaction: { message_id?: string; emoji?: string },
  by: Reactor,
): Promise<string | null> {
  if (!reaction.message_id) return null;
  const target = await t
    .selectFrom('messages')
    .select(['id', 'metadata'])
    .where('inbox_id', '=', inboxId)
    .where('source_id', '=', reaction.message_id)
    .executeTakeFirst();
  if (!target) return null;
  return setReaction(t, target, by, reaction.emoji ?? '');
}

declare module '../../../platform/jobs.js' {
  interface JobPayloads {
    'whatsapp.reaction': { workspaceId: string; messageId: string; emoji: string };
  }
}

/**
 * An agent reacts to a message of a WhatsApp conversation (inside the 24-hour window, as any free-form message): shown
 * at once, sent by the 'whatsapp.reaction' job.
 */
export async function reactAsAgent(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  conversationId: string,
  messageId: string,
  emoji: string,
): Promise<Message> {
  const t = tenant(ctx.db, workspaceId);
  await t.transaction(async (tx) => {
    const target = await tx
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.id',
        'messages.metadata',
        'messages.source_id',
        'conversations.channel',
        'conversations.last_incoming_at',
      ])
      .where('messages.id', '=', messageId)
      .where('messages.conversation_id', '=', conversationId)
      .where('messages.is_private', '=', 0)
      .executeTakeFirst();
    if (!target) throw new AppError('validation_failed', [{ path: 'messageId', message: 'field.noSuchMessage' }]);
    if (target.channel !== 'whatsapp' || !target.source_id)
      throw new AppError('validation_failed', [{ path: 'messageId', message: 'field.notWhatsappMessage' }]);
    if (target.last_incoming_at === null || Date.now() - target.last_incoming_at > WHATSAPP_WINDOW_MS)
      throw new AppError('whatsapp_window_closed');
    if (!(await setReaction(tx, target, 'agent', emoji))) return;
    await audit(tx, actor, 'message.reacted', { type: 'conversation', id: conversationId }, { messageId, emoji });
    await ctx.jobs.enqueue(
      'whatsapp.reaction',
      { workspaceId, messageId, emoji: emoji.trim() },
      { executor: tx.db, maxAttempts: 5 },
    );
  });
  ctx.jobs.nudge();
  await announceDelivery(ctx, workspaceId, messageId);
  return loadMessage(t, messageId);
}

/** The reaction of `by` on a stored message (metadata.reactions); an empty emoji removes it. */
export async function setReaction(
  t: Tenant,
  target: { id: string; metadata: string },
  by: Reactor,
  emoji: string,
): Promise<string | null> {
  const metadata = JSON.parse(target.metadata) as { reactions?: Partial<Record<Reactor, string>> };
  const reactions = { ...metadata.reactions };
  const value = emoji.trim().slice(0, 16);
  if ((reactions[by] ?? '') === value) return null;
  if (value) reactions[by] = value;
  else delete reactions[by];
  const { reactions: _old, ...rest } = metadata;
  await t
    .updateTable('messages')
    .set({ metadata: JSON.stringify(Object.keys(reactions).length ? { ...rest, reactions } : rest) })
    .where('id', '=', target.id)
    .execute();
  return target.id;
}

/**
 * `user_changed_number`: the contact's WhatsApp id becomes the new one and the new number is added first among their
 * phones; the old number stays, and the change is in the contact's history. Returns the new wa_id, or null when the
 * notice is of another kind (`customer_identity_changed` changes nothing but the thread).
 */
export async function changeNumber(
  ctx: AppContext,
  t: Tenant,
  contact: { id: string },
  m: WaMessage,
): Promise<string | null> {
  const to = m.system?.new_wa_id ?? m.system?.wa_id;
  if (m.system?.type !== 'user_changed_number' || !to || !/^\d{6,20}$/.test(to)) return null;
  const phones = await identitiesOf(t, contact.id, 'phone');
  const phone = normalizePhone(`+${to}`, 'MX') ?? `+${to}`;
  await patchContact(ctx, t, { type: 'system', id: null }, contact.id, {
    whatsappId: to,
    phones: phones.some((p) => p.value === phone)
      ? phones
      : [{ value: phone, label: 'WhatsApp' }, ...phones].slice(0, 10),
  });
  return to;
}

/** The ad or post a conversation started from, kept once; a contact WhatsApp created takes it as its lead source. */
export async function keepReferral(
  t: Tenant,
  conversationId: string,
  contactId: string,
  referral: Referral,
): Promise<void> {
  await t
    .updateTable('conversations')
    .set({
      referral: JSON.stringify(referral),
      referral_source_id: referral.sourceId ?? referral.sourceUrl ?? referral.ctwaClid ?? 'unknown',
    })
    .where('id', '=', conversationId)
    .where('referral', 'is', null)
    .execute();
  const what = referral.sourceType === 'post' ? 'post' : 'ad';
  await t
    .updateTable('contacts')
    .set({
      source: `Click-to-WhatsApp ${what}: ${referral.headline ?? referral.sourceId ?? referral.sourceUrl ?? ''}`.trim(),
    })
    .where('id', '=', contactId)
    .where('source', '=', 'WhatsApp')
    .execute();
}
