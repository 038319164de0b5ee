// The bell: every notice a person of the team was given, kept (read or not) until it is 90 days old. A notice goes
// with the conversation or contact it is about (erasure, merge).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text')
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notices_by_person')
    .on('notices')
    .columns(['workspace_id', 'user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('notices_by_conversation').on('notices').column('conversation_id').execute();
  await db.schema.createIndex('notices_by_contact').on('notices').column('contact_id').execute();
}
