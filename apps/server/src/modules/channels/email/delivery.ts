// Sending what agents answer by email: from the inbox's address over its SMTP server, with a signed Message-ID and
// In-Reply-To/References that keep the customer's mail client (and our own threading) on the same conversation.
import nodemailer from 'nodemailer';
import { tenant } from '../../../db/tenant.js';
import { BlockedDestination, publicAddressOf } from '../../../platform/destinations.js';
import type { AppContext } from '../../../platform/context.js';
import { fileContents } from '../../../platform/storage/files.js';
import { announceDelivery, markDeliveryFailed, pendingDelivery } from '../../conversations/index.js';
import { emailSettings } from './settings.js';
import { signedMessageId } from './threading.js';

declare module '../../../platform/jobs.js' {
  interface JobPayloads {
    'deliver.email': { workspaceId: string; messageId: string };
  }
}

function replySubject(subject: string | null, fallback: string): string {
  if (!subject) return fallback;
  return /^(re|rv|aw):/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

export function registerEmailJobs(ctx: AppContext): void {
  ctx.jobs.register('deliver.email', async (payload, job) => {
    const { workspaceId, messageId } = payload;
    const t = tenant(ctx.db, workspaceId);
    const message = await pendingDelivery(t, messageId);
    if (!message) return;
    const fail = (error: string) => markDeliveryFailed(ctx, workspaceId, message.conversation_id, messageId, error);
    if (!message.email) return fail('The contact has no email address');
    const settings = await emailSettings(t, message.inbox_id);
    if (!settings.smtp?.host) return fail('The inbox has no SMTP server');
    const workspace = await ctx.db
      .selectFrom('workspaces')
      .select('name')
      .where('id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    // The thread so far: every Message-ID it holds, oldest first; the customer's last mail is the one answered.
    const earlier = await t
      .selectFrom('messages')
      .select(['source_id', 'direction'])
      .where('conversation_id', '=', message.conversation_id)
      .where('source_id', 'is not', null)
      .where('id', '<>', messageId)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute();
    const inReplyTo = earlier.find((m) => m.direction === 'incoming')?.source_id ?? earlier[0]?.source_id ?? undefined;
    const references = earlier
      .map((m) => m.source_id!)
      .filter((id) => id.startsWith('<'))
      .reverse();
    const ownId = signedMessageId(settings.threadSecret, message.inbox_id, messageId, settings.address);
    const attachments = (await fileContents(t, [messageId])).map((f) => ({
      filename: f.name,
      content: Buffer.from(f.data),
    }));
    const { host, port, secure, user, password } = settings.smtp;
    let address: string;
    try {
      address = await publicAddressOf(host, ctx.config.mailAllowPrivateHosts);
    } catch (error) {
      if (error instanceof BlockedDestination) return fail(`${error.message} (MAIL_ALLOW_PRIVATE_HOSTS)`);
      throw error;
    }
    // Connected to the address the guard approved; the certificate is still checked against the server's name.
    const transport = nodemailer.createTransport({
      host: address,
      port,
      secure,
      tls: { servername: host },
      auth: user ? { user, pass: password } : undefined,
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    });
    try {
      await transport.sendMail({
        from: { name: settings.displayName || workspace.name, address: settings.address },
        to: { name: message.name, address: message.email },
        // The first mail of a conversation we started carries its subject as written; answers say "Re:".
        subject: earlier.length ? replySubject(message.subject, workspace.name) : (message.subject ?? workspace.name),
        text: message.body,
        messageId: ownId,
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references.length ? { references } : {}),
        attachments,
      });
    } catch (error) {
      const e = error as { responseCode?: number; code?: string; message?: string };
      // 5xx: the server refused for good (unknown mailbox, rejected sender); anything else may pass on a retry.
      const permanent = (e.responseCode ?? 0) >= 500 || e.code === 'EENVELOPE';
      if (permanent || job.lastAttempt)
        return fail(`${e.responseCode ?? e.code ?? ''} ${(e.message ?? String(error)).slice(0, 300)}`.trim());
      throw error;
    } finally {
      transport.close();
    }
    await t
      .updateTable('messages')
      .set({ source_id: ownId, delivery_status: 'sent' })
      .where('id', '=', messageId)
      .where('delivery_status', '=', 'pending')
      .execute();
    await announceDelivery(ctx, workspaceId, messageId);
  });
}
