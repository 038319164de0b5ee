// Outgoing mail over SMTP (nodemailer), always sent from the job queue so a slow or down server never blocks a request.
// Everything sent here is written by Atiende, not by a person (resets, invitations, notices, digests, surveys,
// follow-up steps): it says so (RFC 3834 `Auto-Submitted: auto-generated`, and Exchange's
// `X-Auto-Response-Suppress: All`), so out-of-office responders stay quiet. Agents' answers leave through the email
// channel, as theirs.
import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from './jobs.js';

declare module './jobs.js' {
  interface JobPayloads {
    'mail.send': MailMessage;
  }
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** A mailing to a customer (survey invitation, sequence step): their one-click way out (RFC 2369, RFC 8058). */
  unsubscribeUrl?: string;
}

/** What marks mail as written by a program (RFC 3834 §5; Exchange and Outlook read the second). */
export const AUTOMATIC = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

export class Mailer {
  private readonly transport;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  /** Sends now (from inside a job of a module that records the outcome itself). */
  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.log.info({ subject: message.subject }, 'SMTP is not configured (SMTP_URL); mail not sent');
      return;
    }
    await this.deliver(message);
  }

  private async deliver(message: MailMessage): Promise<void> {
    await this.transport!.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: {
        ...AUTOMATIC,
        // Mail programs show "Unsubscribe" and post to the link themselves, without the person opening a page.
        ...(message.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      },
      ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
    });
  }

  registerJobs(jobs: JobQueue): void {
    jobs.register('mail.send', async (payload) => {
      const message = payload;
      if (!this.transport) {
        this.log.info({ to: message.to, subject: message.subject }, 'SMTP is not configured (SMTP_URL); mail not sent');
        return;
      }
      await this.deliver(message);
      this.log.info({ to: message.to, subject: message.subject }, 'mail sent');
    });
  }
}
