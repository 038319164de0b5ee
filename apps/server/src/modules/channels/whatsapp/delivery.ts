// Jobs of the WhatsApp channel: sending what agents write (text, or an approved template outside the 24-hour
// window), and fetching the media customers send. Both retry when Meta is unreachable and say so when they give up.
import { tenant } from '../../../db/tenant.js';
import type { AppContext } from '../../../platform/context.js';
import { MAX_FILE_BYTES, completeFile, failFile } from '../../../platform/storage/files.js';
import { announceDelivery, markDeliveryFailed } from '../../conversations/outgoing.js';
import { GraphError, downloadMedia, sendMessage } from './graph.js';
import { inboxSettings } from './settings.js';

export function registerWhatsappJobs(ctx: AppContext): void {
  ctx.jobs.register('deliver.whatsapp', async (payload, job) => {
    const { workspaceId, messageId } = payload as { workspaceId: string; messageId: string };
    const t = tenant(ctx.db, workspaceId);
    const message = await t
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['messages.id', 'messages.inbox_id', 'messages.body', 'messages.kind', 'messages.metadata', 'messages.delivery_status', 'messages.conversation_id', 'contacts.whatsapp_id', 'contacts.phone'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    // Erased meanwhile, or already sent by an earlier attempt: nothing to do.
    if (!message || message.delivery_status !== 'pending') return;
    const to = message.whatsapp_id ?? message.phone?.replace(/\D/g, '');
    const fail = (error: string) => markDeliveryFailed(ctx, workspaceId, message.conversation_id, messageId, error);
    if (!to) return fail('The contact has no WhatsApp number');
    const settings = await inboxSettings(t, message.inbox_id);
    const metadata = JSON.parse(message.metadata) as { template?: { name: string; language: string; parameters: string[] } };
    const body = metadata.template
      ? {
          type: 'template',
          template: {
            name: metadata.template.name,
            language: { code: metadata.template.language },
            components: metadata.template.parameters.length ? [{ type: 'body', parameters: metadata.template.parameters.map((text) => ({ type: 'text', text })) }] : [],
          },
        }
      : { type: 'text', text: { preview_url: false, body: message.body } };
    try {
      const wamid = await sendMessage(ctx, settings, to, body);
      await t.updateTable('messages').set({ source_id: wamid, delivery_status: 'sent' }).where('id', '=', messageId).where('delivery_status', '=', 'pending').execute();
      await announceDelivery(ctx, workspaceId, messageId);
    } catch (error) {
      const graph = error instanceof GraphError ? error : new GraphError(500, null, String(error));
      if (graph.permanent || job.lastAttempt) return fail(`${graph.code ?? graph.status} ${graph.message}`);
      throw graph;
    }
  });

  ctx.jobs.register('whatsapp.media', async (payload, job) => {
    const { workspaceId, inboxId, fileId } = payload as { workspaceId: string; inboxId: string; fileId: string };
    const t = tenant(ctx.db, workspaceId);
    const file = await t.selectFrom('files').select(['source_ref', 'status']).where('id', '=', fileId).executeTakeFirst();
    if (!file || file.status !== 'pending' || !file.source_ref) return;
    try {
      const media = await downloadMedia(ctx, await inboxSettings(t, inboxId), file.source_ref, MAX_FILE_BYTES);
      await completeFile(t, fileId, media);
    } catch (error) {
      const graph = error instanceof GraphError ? error : new GraphError(500, null, String(error));
      if (!graph.permanent && !job.lastAttempt) throw graph;
      await failFile(t, fileId);
    }
    const owner = await t.selectFrom('files').select('message_id').where('id', '=', fileId).executeTakeFirst();
    if (owner?.message_id) await announceDelivery(ctx, workspaceId, owner.message_id);
  });
}
