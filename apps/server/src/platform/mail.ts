// Outgoing mail over SMTP (nodemailer), always sent from the job queue so a slow or down server never blocks a request.
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
}

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
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  registerJobs(jobs: JobQueue): void {
    jobs.register('mail.send', async (payload) => {
      const message = payload;
      if (!this.transport) {
        this.log.info({ to: message.to, subject: message.subject }, 'SMTP is not configured (SMTP_URL); mail not sent');
        return;
      }
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
      this.log.info({ to: message.to, subject: message.subject }, 'mail sent');
    });
  }
}
