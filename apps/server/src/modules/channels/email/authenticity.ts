// Whether a mail's sender is who the From line says: what the receiving mail server concluded (SPF, DKIM, DMARC) in
// its Authentication-Results header (RFC 8601). Only the topmost such header counts: the mailbox's own server adds it
// last, on top; any lower one travelled with the mail and could have been written by the sender.
import type { ParsedMail } from 'mailparser';

export type SenderVerdict = 'pass' | 'fail' | 'unknown';

/** The verdict of one Authentication-Results value: DMARC's when given, else SPF and DKIM together. */
export function verdictOf(value: string): SenderVerdict {
  const results = new Map<string, string>();
  for (const match of value.toLowerCase().matchAll(/\b(dmarc|spf|dkim)\s*=\s*([a-z]+)/g))
    if (!results.has(match[1]!) || match[2] === 'pass') results.set(match[1]!, match[2]!);
  const dmarc = results.get('dmarc');
  if (dmarc === 'fail') return 'fail';
  if (dmarc === 'pass') return 'pass';
  const spf = results.get('spf');
  const dkim = results.get('dkim');
  if (dkim === 'pass' || spf === 'pass') return 'pass';
  if (spf === 'fail' && (dkim === undefined || dkim === 'fail' || dkim === 'none')) return 'fail';
  return 'unknown';
}

/** The verdict of the mailbox's own server on this mail (unknown when it wrote none). */
export function senderVerdict(mail: ParsedMail): SenderVerdict {
  const top = mail.headerLines.find((h) => h.key === 'authentication-results');
  if (!top) return 'unknown';
  return verdictOf(top.line.replace(/^authentication-results\s*:/i, '').replace(/\r?\n[ \t]+/g, ' '));
}
