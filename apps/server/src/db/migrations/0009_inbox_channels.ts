// The omnichannel inbox, first part: message kinds and delivery states, stored files (attachments, media),
// the conversation's own history of events (assignments, status changes, responses) that reports read, snoozing and
// priority, the WhatsApp window, and the WhatsApp templates of each inbox.
import { type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .alterTable('conversations')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .execute();
  await db.schema.alterTable('conversations').addColumn('snoozed_until', ms).execute();
  // The last time the customer wrote: WhatsApp lets a business write freely only within 24 hours of it.
  await db.schema.alterTable('conversations').addColumn('last_incoming_at', ms).execute();
  await db.schema.alterTable('conversations').addColumn('reopened_at', ms).execute();

  await db.schema
    .alterTable('messages')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('text'))
    .execute();
  await db.schema.alterTable('messages').addColumn('delivery_status', 'text').execute();
  await db.schema.alterTable('messages').addColumn('delivery_error', 'text').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  // Channel identity of an inbox (WhatsApp phone number id, mailbox address) for routing inbound traffic.
  await db.schema.alterTable('inboxes').addColumn('external_id', 'text').execute();
  await db.schema.createIndex('inboxes_channel_external').on('inboxes').columns(['channel', 'external_id']).execute();
  await db.schema.createIndex('contacts_whatsapp').on('contacts').columns(['workspace_id', 'whatsapp_id']).execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text')
    /** pending: announced by the channel, not fetched yet; ready; failed. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('data', binary)
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_message').on('files').columns(['workspace_id', 'message_id']).execute();

  await db.schema
    .createTable('conversation_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_events_conversation')
    .on('conversation_events')
    .columns(['workspace_id', 'conversation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('conversation_events_type')
    .on('conversation_events')
    .columns(['workspace_id', 'type', 'created_at'])
    .execute();

  await db.schema
    .createTable('whatsapp_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('parameters', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('whatsapp_templates_inbox')
    .on('whatsapp_templates')
    .columns(['workspace_id', 'inbox_id', 'name', 'language'])
    .unique()
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
