// Mail machines write: addresses that bounced (hard or soft, the last report's status and reason), so surveys,
// sequences and campaigns stop writing to an address that does not exist until someone fixes it; and the mail an inbox
// read but did not store (a bounce or an automatic reply about nothing of ours, a mail without sender), kept whole for
// an admin to look at.
import { type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('email_bounces')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    /** hard: not used for automatic mail until fixed; soft: counted (three in a row make it hard). */
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('soft_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    /** Our message the last report was about. */
    .addColumn('message_id', 'text')
    .addColumn('bounced_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_bounces_pk', ['workspace_id', 'address'])
    .execute();
  await db.schema
    .createTable('email_skipped')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id').onDelete('cascade'))
    /** bounce_unmatched, receipt_unmatched, auto_reply, no_sender, same_message_id. */
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('sender', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('raw', binary)
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_skipped_inbox')
    .on('email_skipped')
    .columns(['workspace_id', 'inbox_id', 'received_at'])
    .execute();
}
