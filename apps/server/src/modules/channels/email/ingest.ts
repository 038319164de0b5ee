// One email into the inbox: parsed (any charset, nested MIME), threaded by its headers, the sender found or created
// as a contact, body, sanitised HTML and attachments stored in one transaction, idempotent on the Message-ID (and, for
// mailers that reuse ids, on the content).
//
// Mail machines write is told apart (reports.ts). A bounce marks our message failed and flags the address; a read
// receipt marks it read; an automatic reply sits in the thread. None of them creates a contact or a conversation,
// reopens one, starts a clock, wakes automation or counts as the customer writing. What an inbox reads and does not
// store (a report about no mail of ours, a mail without sender) is kept whole where an admin can see it.
import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { type Tenant, tenant } from '../../../db/tenant.js';
import type { AppContext } from '../../../platform/context.js';
import { newId } from '../../../platform/ids.js';
import { MAX_FILE_BYTES, extensionFor, storeFile } from '../../../platform/storage/files.js';
import {
  contactByIdentity,
  findOrCreateContactByEmail,
  identitiesOf,
  insertContact,
  recordBounce,
} from '../../contacts/index.js';
import {
  type Stored,
  announceDelivery,
  announceIncoming,
  recordEvent,
  storeIncoming,
  storeNotice,
  updateDelivery,
} from '../../conversations/index.js';
import { senderVerdict } from './authenticity.js';
import { MAX_HTML_CHARS, MAX_TEXT_CHARS, newPartOf, sanitizeEmailHtml } from './content.js';
import { type AutoReply, type Bounce, type Receipt, NOT_ATTACHMENTS, machineMail } from './reports.js';
import type { EmailInbox } from './settings.js';
import { referencedIds, threadOf, verifyMessageId } from './threading.js';

const MAX_ATTACHMENTS = 50;
const EMAIL_SHAPE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export interface Envelope {
  from?: { name?: string; address?: string }[];
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  date?: Date;
}

/** Why an inbox read a mail and stored no message of it. */
export type SkipReason = 'bounce_unmatched' | 'receipt_unmatched' | 'auto_reply' | 'no_sender';

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

export interface EmailOutcome {
  duplicate: boolean;
  conversationId: string;
  messageId: string;
}

/** One mail as read: parsed when it could be, with what every path needs of it. */
interface Incoming {
  inbox: EmailInbox;
  raw: Buffer | null;
  mail: ParsedMail | null;
  unreadable: boolean;
  envelope: Envelope & { size?: number };
  from: { name: string; address: string } | undefined;
  /** The Message-ID header (or a hash standing in for it). */
  headerId: string;
  contentHash: string;
  subject: string;
  references: string[];
  now: number;
}

type Done =
  | { kind: 'stored'; stored: Stored; deliveryChanged?: string }
  | { kind: 'duplicate'; messageId: string; conversationId: string }
  | { kind: 'receipt'; messageId: string | null }
  | { kind: 'skipped' };

/** Stores one raw mail (or, for one too large to fetch, what its envelope says). Null: nothing new was stored. */
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
  const contentHash = hashOf(mail, raw, envelope);
  const incoming: Incoming = {
    inbox,
    raw,
    mail,
    unreadable,
    envelope,
    from,
    headerId: ((mail?.messageId ?? envelope.messageId)?.trim() || `<sha256.${contentHash}@atiende>`).slice(0, 998),
    contentHash,
    subject: (mail?.subject ?? envelope.subject ?? '').slice(0, 500),
    references: referencedIds(mail?.inReplyTo ?? envelope.inReplyTo, mail?.references),
    now,
  };
  const machine = mail ? machineMail(raw, mail, [inbox.settings.address]) : null;
  // A sender the mailbox's server could not verify may be somebody else writing in the customer's name: the mail is
  // kept, flagged for the agent, and never slipped into an existing conversation (nor trusted as a report).
  const unverified = mail ? senderVerdict(mail) === 'fail' : false;

  const t = tenant(ctx.db, inbox.workspaceId);
  const done = await t.transaction(async (tx): Promise<Done> => {
    const sourceId = await freshSourceId(tx, incoming);
    if (typeof sourceId !== 'string') return sourceId;
    if (machine?.kind === 'bounce' && !unverified) return bounce(tx, incoming, sourceId, machine);
    if (machine?.kind === 'receipt' && !unverified) return receipt(tx, incoming, machine);
    if (machine?.kind === 'auto_reply') return autoReply(tx, incoming, sourceId, machine, unverified);
    return personMail(ctx, tx, incoming, sourceId, unverified);
  });
  if (done.kind === 'duplicate')
    return { duplicate: true, messageId: done.messageId, conversationId: done.conversationId };
  if (done.kind === 'receipt') {
    if (done.messageId) await announceDelivery(ctx, inbox.workspaceId, done.messageId);
    return null;
  }
  if (done.kind === 'skipped') return null;
  await announceIncoming(ctx, inbox.workspaceId, done.stored);
  if (done.deliveryChanged) await announceDelivery(ctx, inbox.workspaceId, done.deliveryChanged);
  return { duplicate: false, conversationId: done.stored.conversationId, messageId: done.stored.messageId };
}

/** What makes two mails the same mail: subject, text, HTML and attachments (a redelivery differs only in headers). */
function hashOf(mail: ParsedMail | null, raw: Buffer | null, envelope: Envelope): string {
  const hash = createHash('sha256');
  if (mail) {
    hash.update(`${mail.subject ?? ''}\0${mail.text ?? ''}\0${typeof mail.html === 'string' ? mail.html : ''}`);
    for (const a of mail.attachments) hash.update(`\0${a.checksum}:${a.size}`);
  } else hash.update(raw ?? JSON.stringify(envelope));
  return hash.digest('hex');
}

/**
 * The key this mail is stored under, or what was stored for it already. Mailers that reuse a Message-ID for different
 * mail get the second one stored too, under the id and its content's hash.
 */
async function freshSourceId(tx: Tenant, m: Incoming): Promise<string | Done> {
  const find = (sourceId: string) =>
    tx
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'metadata'])
      .where('inbox_id', '=', m.inbox.id)
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
  const known = await find(m.headerId);
  if (!known) {
    const skipped = await tx
      .selectFrom('email_skipped')
      .select('id')
      .where('inbox_id', '=', m.inbox.id)
      .where('message_id', '=', m.headerId)
      .executeTakeFirst();
    return skipped ? { kind: 'skipped' } : m.headerId;
  }
  const knownHash = (JSON.parse(known.metadata) as { contentHash?: string }).contentHash;
  if (!knownHash || knownHash === m.contentHash)
    return { kind: 'duplicate', messageId: known.id, conversationId: known.conversation_id };
  const other = `${m.headerId.slice(0, 960)}#${m.contentHash.slice(0, 16)}`;
  const again = await find(other);
  return again ? { kind: 'duplicate', messageId: again.id, conversationId: again.conversation_id } : other;
}

/** Kept whole for an admin (Settings → the inbox → mail not stored); read again, it is not kept twice. */
async function skip(tx: Tenant, m: Incoming, reason: SkipReason): Promise<Done> {
  await tx
    .insertInto('email_skipped', {
      id: newId(),
      inbox_id: m.inbox.id,
      reason,
      sender: m.from?.address || m.from?.name || null,
      subject: m.subject,
      message_id: m.headerId,
      size: m.raw?.byteLength ?? m.envelope.size ?? 0,
      raw: m.raw && m.raw.byteLength <= MAX_FILE_BYTES ? m.raw : null,
      received_at: m.now,
    })
    .execute();
  return { kind: 'skipped' };
}

/** Our own message a report is about: only a signed Message-ID of this inbox finds it (nobody can forge one). */
async function ourMessage(tx: Tenant, m: Incoming, ids: string[]) {
  for (const id of ids) {
    const ours = verifyMessageId(m.inbox.settings.threadSecret, m.inbox.id, id);
    if (!ours) continue;
    const row = await tx
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select([
        'messages.id',
        'messages.conversation_id',
        'messages.source_id',
        'contacts.id as contact_id',
        'contacts.email',
      ])
      .where('messages.id', '=', ours)
      .where('messages.inbox_id', '=', m.inbox.id)
      .where('messages.direction', '=', 'outgoing')
      .executeTakeFirst();
    if (row) return row;
  }
  return undefined;
}

async function bounce(tx: Tenant, m: Incoming, sourceId: string, report: Bounce): Promise<Done> {
  const target = await ourMessage(tx, m, [...report.originalIds, ...m.references]);
  if (!target) return skip(tx, m, 'bounce_unmatched');
  const recipients = report.recipients.length ? report.recipients : target.email ? [target.email] : [];
  const error = [report.status, report.reason, recipients.length ? `(${recipients.join(', ')})` : '']
    .filter(Boolean)
    .join(' ')
    .slice(0, 500);
  let deliveryChanged: string | undefined;
  if (report.action === 'failed') {
    const changed = await tx
      .updateTable('messages')
      .set({ delivery_status: 'failed', delivery_error: error })
      .where('id', '=', target.id)
      .where('delivery_status', '<>', 'failed')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) > 0) {
      deliveryChanged = target.id;
      await recordEvent(
        tx,
        target.conversation_id,
        'delivery_failed',
        { type: 'system', id: null },
        { messageId: target.id, error },
        m.now,
      );
    }
    // The contact's own addresses that failed are flagged; an address the report names that is not theirs is not.
    const own = new Set((await identitiesOf(tx, target.contact_id, 'email')).map((i) => i.value.toLowerCase()));
    for (const address of recipients.filter((r) => own.has(r)))
      await recordBounce(
        tx,
        { address, severity: report.severity, status: report.status, reason: report.reason, messageId: target.id },
        m.now,
      );
  }
  const stored = await storeNotice(
    tx,
    {
      conversationId: target.conversation_id,
      inboxId: m.inbox.id,
      sourceId,
      senderName: m.from?.name || m.from?.address || null,
      body: report.reason,
      kind: 'notice',
      metadata: {
        notice: 'bounce',
        action: report.action,
        severity: report.severity,
        recipients,
        status: report.status,
        reason: report.reason,
        about: target.id,
        subject: m.subject,
        from: m.from?.address ?? null,
      },
    },
    m.now,
  );
  return { kind: 'stored', stored, ...(deliveryChanged ? { deliveryChanged } : {}) };
}

async function receipt(tx: Tenant, m: Incoming, report: Receipt): Promise<Done> {
  const target = await ourMessage(tx, m, [...report.originalIds, ...m.references]);
  if (!target) return skip(tx, m, 'receipt_unmatched');
  // Only "displayed" says a person saw it; "deleted" unread or "processed" by a program say nothing of the kind.
  if (report.disposition !== 'displayed' || !target.source_id) return { kind: 'receipt', messageId: null };
  const changed = await updateDelivery(tx, m.inbox.id, target.source_id, 'read', null);
  return { kind: 'receipt', messageId: changed?.messageId ?? null };
}

/** An out-of-office reply and its kind: in the thread it answers (or the contact's latest here), never anything more. */
async function autoReply(
  tx: Tenant,
  m: Incoming,
  sourceId: string,
  reply: AutoReply,
  unverified: boolean,
): Promise<Done> {
  const address = m.from?.address.trim().toLowerCase() ?? '';
  const contact = EMAIL_SHAPE.test(address) ? await contactByIdentity(tx, 'email', address) : undefined;
  let conversationId =
    contact && !unverified ? await threadOf(tx, threadInbox(m.inbox), m.references, contact.id) : null;
  if (!conversationId && contact)
    conversationId =
      (
        await tx
          .selectFrom('conversations')
          .select('id')
          .where('inbox_id', '=', m.inbox.id)
          .where('contact_id', '=', contact.id)
          .orderBy('last_message_at', 'desc')
          .executeTakeFirst()
      )?.id ?? null;
  if (!conversationId || !contact) return skip(tx, m, 'auto_reply');
  const { body, metadata } = bodyAndMetadata(m, { automatic: reply.why });
  const stored = await storeNotice(
    tx,
    {
      conversationId,
      inboxId: m.inbox.id,
      sourceId,
      senderName: contact.name,
      senderId: contact.id,
      body,
      kind: 'email',
      metadata,
    },
    m.now,
  );
  return { kind: 'stored', stored: await storeContent(tx, m, stored) };
}

function threadInbox(inbox: EmailInbox) {
  return {
    id: inbox.id,
    threadSecret: inbox.settings.threadSecret,
    threadColleagues: inbox.settings.threadColleagues ?? true,
  };
}

/** The new part of the text as the body; subject, addresses, quoted history and what was left out as metadata. */
function bodyAndMetadata(
  m: Incoming,
  extra: Record<string, unknown>,
): { body: string; metadata: Record<string, unknown> } {
  const text = m.mail?.text ?? '';
  const { body, quoted } = newPartOf(text, m.subject);
  const attachmentCount = m.mail?.attachments.filter((a) => !NOT_ATTACHMENTS.has(a.contentType)).length ?? 0;
  return {
    body: body.slice(0, MAX_TEXT_CHARS),
    metadata: {
      subject: m.subject,
      from: m.from?.address ?? null,
      to: m.mail ? addressText(m.mail.to) : [],
      cc: m.mail ? addressText(m.mail.cc) : [],
      messageId: m.headerId,
      contentHash: m.contentHash,
      ...(quoted ? { quoted: quoted.slice(0, MAX_TEXT_CHARS) } : {}),
      ...(text.length > MAX_TEXT_CHARS ? { truncated: true } : {}),
      ...(!m.raw ? { oversized: m.envelope.size ?? null } : {}),
      ...(m.unreadable ? { unreadable: true } : {}),
      ...(attachmentCount > MAX_ATTACHMENTS ? { attachmentsLeftOut: attachmentCount - MAX_ATTACHMENTS } : {}),
      ...extra,
    },
  };
}

/** A person's mail: the sender's contact (created when new), the thread its headers name, the message. */
async function personMail(
  ctx: AppContext,
  tx: Tenant,
  m: Incoming,
  sourceId: string,
  unverified: boolean,
): Promise<Done> {
  const address = m.from?.address.trim().toLowerCase() ?? '';
  const name = m.from?.name.trim() ?? '';
  let contact: { id: string; name: string } | undefined;
  let conversationId: string | null = null;
  if (EMAIL_SHAPE.test(address))
    contact = await findOrCreateContactByEmail(tx, {
      name: name || address.split('@')[0]!,
      email: address,
      source: 'Email',
    });
  else if (name) contact = { id: await insertContact(tx, { name, source: 'Email' }), name };
  else {
    // Nobody to write back to and nobody to name: it joins a thread of ours it answers, or waits for an admin.
    conversationId = unverified ? null : await threadOf(tx, threadInbox(m.inbox), m.references, '');
    const owner = conversationId
      ? await tx
          .selectFrom('conversations')
          .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
          .select(['contacts.id', 'contacts.name'])
          .where('conversations.id', '=', conversationId)
          .executeTakeFirst()
      : undefined;
    if (!owner) return skip(tx, m, 'no_sender');
    contact = owner;
  }
  if (contact && !conversationId && !unverified)
    conversationId = await threadOf(tx, threadInbox(m.inbox), m.references, contact.id);
  const { body, metadata } = bodyAndMetadata(m, unverified ? { senderUnverified: true } : {});
  const stored = await storeIncoming(
    ctx,
    tx,
    {
      inboxId: m.inbox.id,
      channel: 'email',
      contactId: contact.id,
      senderName: contact.name,
      body,
      sourceId,
      kind: 'email',
      metadata,
      thread: { conversationId, subject: m.subject || null },
    },
    m.now,
  );
  if (stored.duplicate)
    return { kind: 'duplicate', messageId: stored.messageId, conversationId: stored.conversationId };
  return { kind: 'stored', stored: await storeContent(tx, m, stored) };
}

/** A file name for a part that came without one: by its type, never a bare "archivo". */
function partName(filename: string | undefined, contentType: string, index: number): string {
  if (filename) return filename;
  if (contentType === 'message/rfc822') return 'mensaje.eml';
  if (contentType === 'text/calendar') return 'invitacion.ics';
  return `adjunto-${index + 1}.${extensionFor(contentType)}`;
}

/** Attachments, the inline images the HTML points at (by Content-ID), and the sanitised HTML, on a stored message. */
async function storeContent(tx: Tenant, m: Incoming, stored: Stored): Promise<Stored> {
  const inline = new Map<string, string>();
  const skipped: string[] = [];
  const parts = (m.mail?.attachments ?? [])
    .filter((a) => !NOT_ATTACHMENTS.has(a.contentType))
    .slice(0, MAX_ATTACHMENTS);
  for (const [i, a] of parts.entries()) {
    const name = partName(a.filename, a.contentType, i);
    if (a.content.byteLength > MAX_FILE_BYTES) {
      skipped.push(name);
      continue;
    }
    const file = await storeFile(
      tx,
      { messageId: stored.messageId, name, contentType: a.contentType, data: a.content },
      m.now,
    );
    if (a.contentId) inline.set(a.contentId.replace(/^<|>$/g, ''), `/api/files/${file.id}`);
  }
  // A mail nobody can parse is kept whole, as a file to download: nothing that arrived is lost.
  if (m.unreadable && m.raw && m.raw.byteLength <= MAX_FILE_BYTES)
    await storeFile(
      tx,
      {
        messageId: stored.messageId,
        name: 'mensaje-original.eml',
        contentType: 'application/octet-stream',
        data: m.raw,
      },
      m.now,
    );
  // Any other mail keeps its original beside the message: whatever the thread shows folded, the .eml has it all.
  const original =
    !m.unreadable && m.raw && m.raw.byteLength <= MAX_FILE_BYTES
      ? await storeFile(
          tx,
          {
            messageId: stored.messageId,
            name: 'original.eml',
            contentType: 'message/rfc822',
            data: m.raw,
            role: 'original',
          },
          m.now,
        )
      : null;
  const html =
    typeof m.mail?.html === 'string' && m.mail.html.length <= MAX_HTML_CHARS
      ? sanitizeEmailHtml(m.mail.html, inline)
      : null;
  if (!html && !skipped.length && !original) return stored;
  const full = {
    ...(JSON.parse(stored.message.metadata ?? '{}') as Record<string, unknown>),
    ...(html ? { html } : {}),
    ...(skipped.length ? { attachmentsTooLarge: skipped } : {}),
    ...(original ? { original: original.id } : {}),
  };
  await tx
    .updateTable('messages')
    .set({ metadata: JSON.stringify(full) })
    .where('id', '=', stored.messageId)
    .execute();
  // What is announced is the message as stored now.
  return { ...stored, message: { ...stored.message, metadata: JSON.stringify(full) } };
}
