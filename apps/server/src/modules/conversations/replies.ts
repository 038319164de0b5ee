// What a message quotes when it answers another one (WhatsApp's context, an agent's "reply to this"): which message,
// a line of it and who wrote it, stored with the answer so the thread shows it without looking it up again.
import type { MessageKind, QuotedMessage } from '@atiende/contract';
import type { Tenant } from '../../db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { previewOf } from './incoming.js';

export type Quoted = QuotedMessage;

type Row = { id: string; body: string; kind: string; metadata: string; sender_name: string | null };
const quote = (row: Row): Quoted => ({
  id: row.id,
  excerpt: previewOf(row.body, row.kind as MessageKind, JSON.parse(row.metadata) as Record<string, unknown>).slice(
    0,
    120,
  ),
  senderName: row.sender_name,
});

/** A public message of the conversation an agent answers; a clear error when it is not one. */
export async function quotedMessage(t: Tenant, conversationId: string, messageId: string): Promise<Quoted> {
  const row = await t
    .selectFrom('messages')
    .select(['id', 'body', 'kind', 'metadata', 'sender_name'])
    .where('id', '=', messageId)
    .where('conversation_id', '=', conversationId)
    .where('is_private', '=', 0)
    .executeTakeFirst();
  if (!row) throw new AppError('validation_failed', [{ path: 'replyToId', message: 'field.noSuchMessage' }]);
  return quote(row);
}

/** The message a channel names by its own id (WhatsApp's context.id); undefined when it is not in this inbox. */
export async function quotedBySource(t: Tenant, inboxId: string, sourceId: string): Promise<Quoted | undefined> {
  const row = await t
    .selectFrom('messages')
    .select(['id', 'body', 'kind', 'metadata', 'sender_name'])
    .where('inbox_id', '=', inboxId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  return row ? quote(row) : undefined;
}
