// Files in conversations: an agent attaches one to an answer (website chat and email deliver it), a website visitor
// sends one from the widget. The message and its file are written in one transaction.
import type { Channel, Message } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import type { Actor } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { safeFileName, storeFile } from '../../platform/storage/files.js';
import { type Upload, assertCarriesFiles, checkUpload, kindOf } from '../../platform/storage/uploads.js';
import { type IncomingMessage, announceIncoming, storeIncoming } from './incoming.js';
import { announceOutgoing, storeOutgoing } from './outgoing.js';

/** An agent's file, as an answer (or inside an internal note). */
export async function attachToConversation(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  conversationId: string,
  upload: Upload & { private: boolean },
): Promise<Message> {
  checkUpload(upload);
  const t = tenant(ctx.db, auth.workspaceId);
  const id = await t.transaction(async (tx) => {
    const conversation = await tx
      .selectFrom('conversations')
      .select('channel')
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!conversation) throw new AppError('not_found');
    assertCarriesFiles(conversation.channel as Channel, upload.private);
    const name = safeFileName(upload.name);
    const messageId = await storeOutgoing(ctx, tx, auth, actor, conversationId, {
      body: upload.caption,
      private: upload.private,
      kind: kindOf(upload.contentType ?? ''),
      metadata: { fileName: name },
    });
    await storeFile(tx, { messageId, name, contentType: upload.contentType, data: upload.data });
    return messageId;
  });
  ctx.jobs.nudge();
  return announceOutgoing(ctx, auth.workspaceId, conversationId, id);
}

/** A customer's file arriving on a channel that sends it whole (the website chat). */
export async function receiveAttachment(
  ctx: AppContext,
  workspaceId: string,
  input: Omit<IncomingMessage, 'kind' | 'body'>,
  upload: Upload,
): Promise<{ message: Message }> {
  checkUpload(upload);
  const name = safeFileName(upload.name);
  const stored = await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await storeIncoming(ctx, t, {
      ...input,
      body: upload.caption,
      kind: kindOf(upload.contentType ?? ''),
      metadata: { fileName: name },
    });
    if (!result.duplicate)
      await storeFile(t, { messageId: result.messageId, name, contentType: upload.contentType, data: upload.data });
    return result;
  });
  const { message } = await announceIncoming(ctx, workspaceId, stored);
  return { message };
}
