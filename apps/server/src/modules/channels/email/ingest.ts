// One email into the inbox: parsed (any charset, nested MIME), threaded by its headers, the sender found or created
// as a contact, body, sanitised HTML and attachments stored in one transaction, idempotent on the Message-ID.
import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { type Tenant, tenant } from '../../../db/tenant.js';
import type { AppContext } from '../../../platform/context.js';
import { MAX_FILE_BYTES, storeFile } from '../../../platform/storage/files.js';
import { findOrCreateContactByEmail, insertContact } from '../../contacts/index.js';
import { type Stored, announceIncoming, storeIncoming } from '../../conversations/index.js';
import { senderVerdict } from './authenticity.js';
import { MAX_HTML_CHARS, MAX_TEXT_CHARS, newPartOf, sanitizeEmailHtml } from './content.js';
import type { EmailInbox } from './settings.js';
import { referencedIds, threadOf } from './threading.js';

const MAX_ATTACHMENTS = 50;
const EMAIL_SHAPE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export interface Envelope {
  from?: { name?: string; address?: string }[];
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  date?: Date;
}

function firstAddress(
  value: AddressObject | AddressObject[] | undefined,
): { name: string; address: string } | undefined {
  const list = (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value);
  const found = list.find((a) => a.address && EMAIL_SHAPE.test(a.address)) ?? list[0];
  return found ? { name: found.name ?? '', address: found.address ?? '' } : undefined;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value.map((v) => v.address ?? ''))
    .filter(Boolean)
    .slice(0, 50);
}

/** The sender's contact: by address when it is one, otherwise a contact with just the name the header gave. */
async function senderContact(
  t: Tenant,
  from: { name: string; address: string } | undefined,
): Promise<{ id: string; name: string }> {
  const address = from?.address.trim().toLowerCase() ?? '';
  const name = from?.name.trim() || address.split('@')[0] || 'Email';
  if (EMAIL_SHAPE.test(address)) return findOrCreateContactByEmail(t, { name, email: address, source: 'Email' });
  const id = await insertContact(t, { name, source: 'Email' });
  return { id, name };
}

export interface EmailOutcome {
  duplicate: boolean;
  conversationId: string;
  messageId: string;
}

/** Stores one raw mail (or, for one too large to fetch, what its envelope says). Returns null when it is ours. */
export async function ingestEmail(
  ctx: AppContext,
  inbox: EmailInbox,
  raw: Buffer | null,
  envelope: Envelope & { size?: number } = {},
  now = Date.now(),
): Promise<EmailOutcome | null> {
  let mail: ParsedMail | null = null;
  let unreadable = false;
  if (raw) {
    try {
      mail = await simpleParser(raw, {
        skipTextToHtml: true,
        skipTextLinks: true,
        skipImageLinks: true,
        maxHtmlLengthToParse: MAX_HTML_CHARS * 5,
      });
    } catch {
      unreadable = true;
    }
  }
  const from = mail
    ? firstAddress(mail.from)
    : envelope.from?.[0]
      ? { name: envelope.from[0].name ?? '', address: envelope.from[0].address ?? '' }
      : undefined;
  if (from && from.address.toLowerCase() === inbox.settings.address.toLowerCase()) return null;
  const messageId =
    (mail?.messageId ?? envelope.messageId)?.trim() ||
    `<sha256.${createHash('sha256')
      .update(raw ?? JSON.stringify(envelope))
      .digest('hex')}@atiende>`;
  // A header may be any length; the stored key is bounded (RFC 5322 lines stop at 998 characters).
  const sourceId = messageId.slice(0, 998);
  const subject = (mail?.subject ?? envelope.subject ?? '').slice(0, 500);
  const references = referencedIds(mail?.inReplyTo ?? envelope.inReplyTo, mail?.references);
  // A sender the mailbox's server could not verify may be somebody else writing in the customer's name: the mail is
  // kept, flagged for the agent, and never slipped into an existing conversation.
  const unverified = mail ? senderVerdict(mail) === 'fail' : false;

  const t = tenant(ctx.db, inbox.workspaceId);
  const outcome = await t.transaction(async (tx) => {
    // Read twice (a second copy, a renumbered folder): nothing to do. The unique index still decides under a race.
    const known = await tx
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('inbox_id', '=', inbox.id)
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
    if (known) return { duplicate: true, messageId: known.id, conversationId: known.conversation_id };
    const contact = await senderContact(tx, from);
    const conversationId = unverified
      ? null
      : await threadOf(
          tx,
          {
            id: inbox.id,
            threadSecret: inbox.settings.threadSecret,
            threadColleagues: inbox.settings.threadColleagues ?? true,
          },
          references,
          contact.id,
        );
    const text = mail?.text ?? '';
    const { body, quoted } = newPartOf(text);
    const attachments = (mail?.attachments ?? []).slice(0, MAX_ATTACHMENTS);
    const metadata: Record<string, unknown> = {
      subject,
      from: from?.address ?? null,
      to: mail ? addressText(mail.to) : [],
      cc: mail ? addressText(mail.cc) : [],
      messageId,
      ...(quoted ? { quoted: true } : {}),
      ...(text.length > MAX_TEXT_CHARS ? { truncated: true } : {}),
      ...(!raw ? { oversized: envelope.size ?? null } : {}),
      ...(unreadable ? { unreadable: true } : {}),
      ...(unverified ? { senderUnverified: true } : {}),
      ...((mail?.attachments.length ?? 0) > MAX_ATTACHMENTS
        ? { attachmentsLeftOut: mail!.attachments.length - MAX_ATTACHMENTS }
        : {}),
    };
    const stored = await storeIncoming(
      ctx,
      tx,
      {
        inboxId: inbox.id,
        channel: 'email',
        contactId: contact.id,
        senderName: contact.name,
        body: body.slice(0, MAX_TEXT_CHARS),
        sourceId,
        kind: 'email',
        metadata,
        thread: { conversationId, subject: subject || null },
      },
      now,
    );
    if (stored.duplicate) return stored;
    // Attachments, and the inline images the HTML points at (by Content-ID).
    const inline = new Map<string, string>();
    const skipped: string[] = [];
    for (const a of attachments) {
      if (a.content.byteLength > MAX_FILE_BYTES) {
        skipped.push(a.filename ?? 'archivo');
        continue;
      }
      const file = await storeFile(
        tx,
        {
          messageId: stored.messageId,
          name: a.filename ?? (a.contentType === 'message/rfc822' ? 'mensaje.eml' : null),
          contentType: a.contentType,
          data: a.content,
        },
        now,
      );
      if (a.contentId) inline.set(a.contentId.replace(/^<|>$/g, ''), `/api/files/${file.id}`);
    }
    // A mail nobody can parse is kept whole, as a file to download: nothing that arrived is lost.
    if (unreadable && raw && raw.byteLength <= MAX_FILE_BYTES)
      await storeFile(
        tx,
        {
          messageId: stored.messageId,
          name: 'mensaje-original.eml',
          contentType: 'application/octet-stream',
          data: raw,
        },
        now,
      );
    const html =
      typeof mail?.html === 'string' && mail.html.length <= MAX_HTML_CHARS
        ? sanitizeEmailHtml(mail.html, inline)
        : null;
    if (html || skipped.length) {
      const full = {
        ...metadata,
        ...(html ? { html } : {}),
        ...(skipped.length ? { attachmentsTooLarge: skipped } : {}),
      };
      await tx
        .updateTable('messages')
        .set({ metadata: JSON.stringify(full) })
        .where('id', '=', stored.messageId)
        .execute();
      // What is announced is the message as stored now.
      return { ...stored, message: { ...stored.message, metadata: JSON.stringify(full) } };
    }
    return stored;
  });
  if (!outcome.duplicate) await announceIncoming(ctx, inbox.workspaceId, outcome as Stored);
  return { duplicate: outcome.duplicate, conversationId: outcome.conversationId, messageId: outcome.messageId };
}
