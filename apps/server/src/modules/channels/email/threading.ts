// Threads by headers, never by subject: our answers carry a Message-ID signed with the inbox's secret, so a reply that
// names it (In-Reply-To, References) lands in that conversation, and nobody can steer mail into a thread by guessing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Tenant } from '../../../db/tenant.js';

function signature(secret: string, inboxId: string, messageId: string): string {
  return createHmac('sha256', secret).update(`${inboxId}:${messageId}`).digest('hex').slice(0, 24);
}

/** `<messageId.signature@domain>`, the domain taken from the inbox's address. */
export function signedMessageId(secret: string, inboxId: string, messageId: string, address: string): string {
  const domain = address.split('@')[1] || 'atiende.local';
  return `<${messageId}.${signature(secret, inboxId, messageId)}@${domain}>`;
}

/** Our message id inside a signed Message-ID, or null when it is not one of ours (or was tampered with). */
export function verifyMessageId(secret: string, inboxId: string, header: string): string | null {
  const match = /^<?([A-Za-z0-9_-]{8,64})\.([0-9a-f]{24})@[^>\s]+>?$/.exec(header.trim());
  if (!match) return null;
  const [, messageId, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(signature(secret, inboxId, messageId));
  return timingSafeEqual(Buffer.from(given), expected) ? messageId : null;
}

/** Message-IDs named by a mail's In-Reply-To and References headers, nearest first. */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const refs = (Array.isArray(references) ? references.join(' ') : (references ?? '')).match(/<[^<>\s]+>/g) ?? [];
  const reply = (inReplyTo ?? '').match(/<[^<>\s]+>/g) ?? [];
  return [...new Set([...reply, ...refs.reverse()])].slice(0, 50);
}

/**
 * The conversation a mail answers. One of our signed Message-IDs threads it, whoever sends it (nobody can forge one).
 * The Message-ID of a mail already stored on this inbox is anybody's to copy, so it threads only a mail from that
 * conversation's own contact (the customer replying to their earlier mail) or, when the inbox allows it, from a contact
 * of the same company (a colleague's reply-all). Null: a new thread.
 */
export async function threadOf(
  t: Tenant,
  inbox: { id: string; threadSecret: string; threadColleagues: boolean },
  ids: string[],
  senderContactId: string,
): Promise<string | null> {
  for (const id of ids) {
    const ours = verifyMessageId(inbox.threadSecret, inbox.id, id);
    if (ours) {
      const row = await t
        .selectFrom('messages')
        .select('conversation_id')
        .where('id', '=', ours)
        .where('inbox_id', '=', inbox.id)
        .executeTakeFirst();
      if (row) return row.conversation_id;
      continue;
    }
    const row = await t
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.conversation_id', 'conversations.contact_id'])
      .where('messages.inbox_id', '=', inbox.id)
      .where('messages.source_id', '=', id)
      .executeTakeFirst();
    if (
      row &&
      (row.contact_id === senderContactId ||
        (inbox.threadColleagues && (await sameCompany(t, row.contact_id, senderContactId))))
    )
      return row.conversation_id;
  }
  return null;
}

async function sameCompany(t: Tenant, a: string, b: string): Promise<boolean> {
  const companies = t.selectFrom('contact_companies').select('company_id').where('contact_id', '=', a);
  const shared = await t
    .selectFrom('contact_companies')
    .select('company_id')
    .where('contact_id', '=', b)
    .where('company_id', 'in', companies)
    .executeTakeFirst();
  return shared !== undefined;
}
