// Saved segments of contacts, and what their rules read quickly: the last-contact index, and the customer's total
// spend as a column (kept from profile.transactional.totalSpent) in an index that answers status and spend rules alone.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('segments_workspace').on('segments').columns(['workspace_id', 'name']).execute();
  await db.schema
    .createIndex('conversations_contact_activity')
    .on('conversations')
    .columns(['contact_id', 'last_message_at'])
    .execute();
  await db.schema.createIndex('contacts_workspace_name').on('contacts').columns(['workspace_id', 'name']).execute();
  await db.schema.alterTable('contacts').addColumn('total_spent', 'double precision').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`update contacts set total_spent = nullif(profile::jsonb #>> '{transactional,totalSpent}', '')::double precision`.execute(
      db,
    );
  } else {
    await sql`update contacts set total_spent = json_extract(profile, '$.transactional.totalSpent')`.execute(db);
  }
  await db.schema
    .createIndex('contacts_segment_fields')
    .on('contacts')
    .columns(['workspace_id', 'status', 'total_spent', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
