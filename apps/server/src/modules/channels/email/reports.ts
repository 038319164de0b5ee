// Mail a machine wrote, told apart from what customers write: delivery reports (bounces, RFC 3464 and the plain-text
// ones qmail, Exim and others still send), read receipts (RFC 8098) and automatic replies (RFC 3834, the headers
// Exchange and autoresponders add, out-of-office subjects in Spanish and English). None of them is a customer writing.
import type { ParsedMail } from 'mailparser';
import { type MimePart, contentTypeParts, headerFields, mimeParts, splitHead } from './mime.js';

export interface Bounce {
  kind: 'bounce';
  /** failed: the server gave up; delayed: it is still trying (nothing is marked, the thread is told). */
  action: 'failed' | 'delayed';
  /** hard: the address does not exist or cannot be routed; soft: full mailbox, refused for now, expired in a queue. */
  severity: 'hard' | 'soft';
  recipients: string[];
  /** Enhanced status code (RFC 3463), e.g. 5.1.1, when the report gives one. */
  status: string | null;
  /** What the receiving server said, or the report's own words. */
  reason: string;
  /** Message-IDs of the mail the report is about, nearest first. */
  originalIds: string[];
}
export interface Receipt {
  kind: 'receipt';
  /** displayed, deleted, dispatched, processed, failed… (RFC 8098 disposition type). */
  disposition: string;
  originalIds: string[];
}
export interface AutoReply {
  kind: 'auto_reply';
  /** The header or subject that said so. */
  why: string;
}
export type MachineMail = Bounce | Receipt | AutoReply;

const DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|mail\.?delivery|bounces?|no-?reply-bounce)@/i;
const DAEMON_NAME = /mail delivery (subsystem|system|service)|mailer-daemon|postmaster|microsoft outlook/i;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery (status notification|failure|has failed|incomplete)|returned mail|failure notice|mail delivery failed|could not be delivered|returned to sender|no se pudo entregar|no entregado|error de entrega|notificación de estado de entrega|devuelto al remitente|non remis|unzustellbar/i;
const DELAY_WORDS = /delay|retry|will (be )?(re)?tr(y|ied)|temporar|still trying|retrasad|reintent/i;
const HARD_WORDS =
  /user unknown|unknown user|no such (user|mailbox|recipient)|does not exist|doesn'?t exist|mailbox unavailable|recipient (address )?(not found|rejected)|address rejected|invalid (recipient|mailbox|address)|account (has been )?disabled|no existe|usuario desconocido|direcci[oó]n no v[aá]lida|not our customer|host (or domain name )?not found|domain (name )?not found/i;
const OUT_OF_OFFICE =
  /^\s*(auto(matic|matische)?[ -]?(reply|response|answer|antwort)|autoreply|autoresponder|out of (the )?office|respuesta autom[aá]tica|fuera de (la )?oficina|ausente|estoy fuera|de vacaciones|on vacation|vacation reply|r[ée]ponse automatique|absence)\b/i;

const MESSAGE_ID = /<[^<>\s]+@[^<>\s]+>/g;

function ids(...values: (string | undefined)[]): string[] {
  return values.flatMap((v) => (v ?? '').match(MESSAGE_ID) ?? []);
}

function address(field: string | undefined): string | null {
  const value = (field ?? '').replace(/^[a-z0-9-]+\s*;\s*/i, '').trim();
  const match = /[^\s<>;"]+@[^\s<>;"]+\.[^\s<>;"]+/.exec(value);
  return match ? match[0].toLowerCase() : null;
}

/** Per-recipient blocks of a delivery-status body (the first block is the per-message one). */
function statusBlocks(body: string): Map<string, string>[] {
  return body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) => headerFields(block.trim()))
    .filter((fields) => fields.size > 0)
    .slice(1);
}

function severityOf(status: string | null, words: string): 'hard' | 'soft' {
  if (status?.startsWith('4')) return 'soft';
  // 5.2.2 mailbox full, 5.7.x policy or spam refusals: the address exists; another day (or another text) may pass.
  if (status === '5.2.2' || status?.startsWith('5.7')) return 'soft';
  if (status?.startsWith('5.1.') || status === '5.4.4' || HARD_WORDS.test(words)) return 'hard';
  return status?.startsWith('5') ? 'hard' : 'soft';
}

function returnedIds(parts: MimePart[]): string[] {
  const found: string[] = [];
  for (const p of parts) {
    if (p.type === 'text/rfc822-headers' || p.type === 'message/rfc822' || p.type === 'message/global-headers') {
      const fields = headerFields(splitHead(p.body).head);
      found.push(...ids(fields.get('message-id')));
    } else if (p.type.startsWith('text/')) {
      // A plain-text bounce quotes the returned headers in its body.
      for (const line of p.body.matchAll(/^\s*message-id:\s*(<[^<>\s]+>)/gim)) found.push(line[1]!);
    }
  }
  return found;
}

function standardBounce(parts: MimePart[], mail: ParsedMail, own: string[]): Bounce | null {
  const report = parts.find((p) => p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status');
  if (!report) return null;
  const blocks = statusBlocks(report.body);
  if (!blocks.length) return null;
  const failed = blocks.filter((b) => (b.get('action') ?? '').toLowerCase().startsWith('failed'));
  const chosen = failed.length ? failed : blocks.filter((b) => /^delayed/i.test(b.get('action') ?? ''));
  if (!chosen.length) return null; // delivered, relayed, expanded: nothing went wrong
  const first = chosen[0]!;
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(first.get('status') ?? '')?.[1] ?? null;
  const reason = (first.get('diagnostic-code') ?? '').replace(/^[a-z-]+\s*;\s*/i, '').trim() || (mail.subject ?? '');
  return {
    kind: 'bounce',
    action: failed.length ? 'failed' : 'delayed',
    severity: severityOf(status, reason),
    recipients: [
      ...new Set(chosen.map((b) => address(b.get('final-recipient') ?? b.get('original-recipient'))).filter(Boolean)),
    ] as string[],
    status,
    reason: reason.slice(0, 500),
    originalIds: [...new Set([...returnedIds(parts), ...own])],
  };
}

/** The plain-text reports (qmail's "failure notice", Exim's "Mail delivery failed", old Exchange and Lotus servers). */
function textBounce(walk: () => MimePart[], mail: ParsedMail, own: string[]): Bounce | null {
  const sender = mail.from?.value[0];
  const fromDaemon = DAEMON.test(sender?.address ?? '') || DAEMON_NAME.test(sender?.name ?? '');
  const returnPath = header(mail, 'return-path');
  const nullSender = returnPath !== undefined && /^<\s*>$/.test(returnPath);
  if (!(fromDaemon || nullSender) || !BOUNCE_SUBJECT.test(mail.subject ?? '')) return null;
  const parts = walk();
  const text = parts
    .filter((p) => p.type === 'text/plain')
    .map((p) => p.body)
    .join('\n');
  // What the report says before it quotes the returned mail.
  const head =
    text.split(/^-{2,}.*(below this line|copy of the message|original message|mensaje original).*$/im)[0] ?? text;
  const recipients = [...new Set(head.match(/[^\s<>;:"'(),]+@[^\s<>;:"'(),]+\.[a-z]{2,}/gi) ?? [])]
    .map((a) => a.toLowerCase())
    .filter((a) => !DAEMON.test(`${a.split('@')[0]}@`) && !own.includes(a));
  const status =
    /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(head)?.[1] ??
    (/\b([45])\d\d\b/.exec(head) ? `${/\b([45])\d\d\b/.exec(head)![1]}.0.0` : null);
  const delayed = DELAY_WORDS.test(head) && !/permanent|given up|gave up|permanente/i.test(head);
  const reason =
    head
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => /\b[45]\d\d\b|\b[45]\.\d\.\d|unknown|not exist|no such|rejected|full|no existe/i.test(l)) ??
    mail.subject ??
    '';
  return {
    kind: 'bounce',
    action: delayed ? 'delayed' : 'failed',
    severity: delayed ? 'soft' : severityOf(status, head),
    recipients,
    status,
    reason: reason.slice(0, 500),
    originalIds: [...new Set([...returnedIds(parts), ...ids(mail.inReplyTo, referencesText(mail))])],
  };
}

function referencesText(mail: ParsedMail): string {
  return Array.isArray(mail.references) ? mail.references.join(' ') : (mail.references ?? '');
}

function receipt(parts: MimePart[], mail: ParsedMail): Receipt | null {
  const report = parts.find(
    (p) => p.type === 'message/disposition-notification' || p.type === 'message/global-disposition-notification',
  );
  if (!report) return null;
  const fields = headerFields(report.body.trim());
  const disposition = /;\s*([a-z-]+)/i.exec(fields.get('disposition') ?? '')?.[1]?.toLowerCase() ?? 'displayed';
  return {
    kind: 'receipt',
    disposition,
    originalIds: [
      ...new Set([...ids(fields.get('original-message-id')), ...ids(mail.inReplyTo, referencesText(mail))]),
    ],
  };
}

/** A header as the mail wrote it (unfolded), the first of its name. */
function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line === undefined
    ? undefined
    : line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
}

function autoReply(mail: ParsedMail): AutoReply | null {
  const submitted = header(mail, 'auto-submitted')?.trim().toLowerCase();
  if (submitted && !submitted.startsWith('no')) return { kind: 'auto_reply', why: `Auto-Submitted: ${submitted}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-response-suppress'])
    if (header(mail, name) !== undefined) return { kind: 'auto_reply', why: name };
  const precedence = header(mail, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence))
    return { kind: 'auto_reply', why: `Precedence: ${precedence}` };
  if (OUT_OF_OFFICE.test(mail.subject ?? '')) return { kind: 'auto_reply', why: 'subject' };
  return null;
}

/** What kind of machine wrote this mail, or null when a person did. `own`: the inbox's own addresses. */
export function machineMail(raw: Buffer | null, mail: ParsedMail, own: string[] = []): MachineMail | null {
  // The MIME walk is for reports only: a person's mail is never read twice.
  let walked: MimePart[] | undefined;
  const parts = () => (walked ??= raw ? mimeParts(raw) : []);
  const { type, params } = contentTypeParts(header(mail, 'content-type'));
  const replyIds = ids(mail.inReplyTo, referencesText(mail));
  if (type === 'multipart/report') {
    const reportType = (params['report-type'] ?? '').toLowerCase();
    if (reportType === 'disposition-notification') {
      const found = receipt(parts(), mail);
      if (found) return found;
    }
    const found = standardBounce(parts(), mail, replyIds);
    if (found) return found;
  }
  const plain = textBounce(
    parts,
    mail,
    own.map((a) => a.toLowerCase()),
  );
  if (plain) return plain;
  return autoReply(mail);
}

/** Parts a report or a smart watch adds that are not files anybody sent. */
export const NOT_ATTACHMENTS = new Set([
  'text/watch-html',
  'text/rfc822-headers',
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/global-headers',
  'message/feedback-report',
]);
