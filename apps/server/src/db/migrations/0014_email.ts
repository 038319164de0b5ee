// The email channel: where the reading of each mailbox stands (IMAP UIDs), the subject of email threads; when a
// website visitor last had their conversation mailed to them, when a customer left while waiting, and which notices
// each member wants by email; files kept with quick replies; teams' own business hours.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  await db.schema
    .createTable('email_mailboxes')
    .addColumn('inbox_id', 'text', (c) => c.primaryKey().references('inboxes.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    /** IMAP UIDVALIDITY of the folder: when it changes, UIDs start over and the folder is read again (Message-IDs keep it idempotent). */
    .addColumn('uid_validity', 'text')
    .addColumn('last_uid', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_checked_at', ms)
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.alterTable('conversations').addColumn('subject', 'text').execute();
  await db.schema.alterTable('widget_visitors').addColumn('transcript_sent_at', ms).execute();
  /** When the customer stopped waiting (closed the website chat) before being answered. */
  await db.schema.alterTable('conversations').addColumn('abandoned_at', ms).execute();
  /** JSON array of the notices a member also wants by email (mention, assigned, sla_breached). */
  /** A file kept with a quick reply: copied onto each message that uses it. */
  await db.schema
    .alterTable('files')
    .addColumn('quick_reply_id', 'text', (c) => c.references('quick_replies.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('files_quick_reply').on('files').columns(['quick_reply_id']).execute();
  /** JSON business hours of a team that keeps its own (a night shift, a field team); null: the workspace's. */
  await db.schema.alterTable('teams').addColumn('business_hours', 'text').execute();
  await db.schema
    .alterTable('memberships')
    .addColumn('email_notifications', 'text', (c) => c.notNull().defaultTo('["mention","assigned"]'))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
