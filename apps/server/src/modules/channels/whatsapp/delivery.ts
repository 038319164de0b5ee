// Jobs of the WhatsApp channel: sending what agents write (text, or an approved template outside the 24-hour
// window), and fetching the media customers send. Both retry when Meta is unreachable and say so when they give up.
import { tenant } from '../../../db/tenant.js';
import type { AppContext } from '../../../platform/context.js';
import { MAX_FILE_BYTES, completeFile, failFile, fileContents } from '../../../platform/storage/files.js';
import { announceDelivery, markDeliveryFailed, pendingDelivery } from '../../conversations/index.js';
import { GraphError, downloadMedia, sendMessage, uploadMedia } from './graph.js';
import { type WhatsappSettings, inboxSettings } from './settings.js';

declare module '../../../platform/jobs.js' {
  interface JobPayloads {
    'deliver.whatsapp': { workspaceId: string; messageId: string };
    'whatsapp.media': { workspaceId: string; inboxId: string; fileId: string };
  }
}

/** WhatsApp's kind of media message for a file type (the ones its Cloud API takes); anything else is a document. */
function mediaType(contentType: string): 'image' | 'video' | 'audio' | 'document' {
  if (['image/jpeg', 'image/png'].includes(contentType)) return 'image';
  if (['video/mp4', 'video/3gpp'].includes(contentType)) return 'video';
  if (['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'].includes(contentType)) return 'audio';
  return 'document';
}

function mediaMessage(
  file: { name: string; contentType: string },
  mediaId: string,
  caption: string,
): Record<string, unknown> {
  const type = mediaType(file.contentType);
  // Audio takes no caption; a document keeps its name.
  const media = {
    id: mediaId,
    ...(caption && type !== 'audio' ? { caption } : {}),
    ...(type === 'document' ? { filename: file.name } : {}),
  };
  return { type, [type]: media };
}

const CAPTION_LIMIT = 1024;

/**
 * An answer with files: each file is uploaded and sent as its own WhatsApp message, the answer's text as the first
 * one's caption (or before them, when it is too long for a caption or the first file is audio, which takes none).
 * The first message's id is the one whose delivery reports the console shows.
 */
async function sendWithFiles(
  ctx: AppContext,
  settings: WhatsappSettings,
  to: string,
  text: string,
  files: { name: string; contentType: string; data: Uint8Array }[],
  context: { context?: { message_id: string } } = {},
): Promise<string> {
  const ids: string[] = [];
  let caption = text.trim();
  if (caption && (caption.length > CAPTION_LIMIT || mediaType(files[0]!.contentType) === 'audio')) {
    ids.push(
      await sendMessage(ctx, settings, to, { ...context, type: 'text', text: { preview_url: false, body: caption } }),
    );
    caption = '';
  }
  for (const [i, file] of files.entries()) {
    const mediaId = await uploadMedia(ctx, settings, file);
    const first = ids.length === 0 ? context : {};
    ids.push(
      await sendMessage(ctx, settings, to, { ...first, ...mediaMessage(file, mediaId, i === 0 ? caption : '') }),
    );
  }
  return ids[0]!;
}

export function registerWhatsappJobs(ctx: AppContext): void {
  ctx.jobs.register('deliver.whatsapp', async (payload, job) => {
    const { workspaceId, messageId } = payload;
    const t = tenant(ctx.db, workspaceId);
    const message = await pendingDelivery(t, messageId);
    if (!message) return;
    const to = message.whatsapp_id ?? message.phone?.replace(/\D/g, '');
    const fail = (error: string) => markDeliveryFailed(ctx, workspaceId, message.conversation_id, messageId, error);
    if (!to) return fail('The contact has no WhatsApp number');
    const settings = await inboxSettings(t, message.inbox_id);
    const metadata = JSON.parse(message.metadata) as {
      template?: { name: string; language: string; parameters: string[] };
      replyTo?: { id: string };
    };
    // An answer to a particular message: WhatsApp shows that message quoted above it.
    const quoted = metadata.replyTo
      ? await t.selectFrom('messages').select('source_id').where('id', '=', metadata.replyTo.id).executeTakeFirst()
      : undefined;
    const context = quoted?.source_id ? { context: { message_id: quoted.source_id } } : {};
    const body = metadata.template
      ? {
          type: 'template',
          template: {
            name: metadata.template.name,
            language: { code: metadata.template.language },
            components: metadata.template.parameters.length
              ? [{ type: 'body', parameters: metadata.template.parameters.map((text) => ({ type: 'text', text })) }]
              : [],
          },
        }
      : { ...context, type: 'text', text: { preview_url: false, body: message.body } };
    const files = metadata.template ? [] : await fileContents(t, [messageId]);
    try {
      const wamid = files.length
        ? await sendWithFiles(ctx, settings, to, message.body, files, context)
        : await sendMessage(ctx, settings, to, body);
      await t
        .updateTable('messages')
        .set({ source_id: wamid, delivery_status: 'sent' })
        .where('id', '=', messageId)
        .where('delivery_status', '=', 'pending')
        .execute();
      await announceDelivery(ctx, workspaceId, messageId);
    } catch (error) {
      const graph = error instanceof GraphError ? error : new GraphError(500, null, String(error));
      if (graph.permanent || job.lastAttempt) return fail(`${graph.code ?? graph.status} ${graph.message}`);
      throw graph;
    }
  });

  ctx.jobs.register('whatsapp.reaction', async (payload, job) => {
    const { workspaceId, messageId, emoji } = payload;
    const t = tenant(ctx.db, workspaceId);
    const target = await t
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['messages.source_id', 'messages.inbox_id', 'contacts.whatsapp_id', 'contacts.phone'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    const to = target?.whatsapp_id ?? target?.phone?.replace(/\D/g, '');
    if (!target?.source_id || !to) return;
    try {
      await sendMessage(ctx, await inboxSettings(t, target.inbox_id), to, {
        type: 'reaction',
        reaction: { message_id: target.source_id, emoji },
      });
    } catch (error) {
      const graph = error instanceof GraphError ? error : new GraphError(500, null, String(error));
      if (graph.permanent || job.lastAttempt) {
        ctx.log.warn({ messageId, code: graph.code }, 'WhatsApp refused a reaction');
        return;
      }
      throw graph;
    }
  });

  ctx.jobs.register('whatsapp.media', async (payload, job) => {
    const { workspaceId, inboxId, fileId } = payload;
    const t = tenant(ctx.db, workspaceId);
    const file = await t
      .selectFrom('files')
      .select(['source_ref', 'status'])
      .where('id', '=', fileId)
      .executeTakeFirst();
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
