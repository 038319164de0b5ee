// Privacy (Mexican LFPDPPP, ARCO rights): versioned notices, consent per contact and purpose, ARCO requests, blocking.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  // Blocked: hidden from agents and automations until erased (the first of the two cancellation steps).
  await db.schema.alterTable('contacts').addColumn('privacy_blocked_at', ms).execute();
  await db.schema.alterTable('contacts').addColumn('privacy_erase_at', ms).execute();
  await db.schema.createIndex('contacts_privacy_erase').on('contacts').columns(['privacy_erase_at']).execute();
  // Segments count only contacts that are not blocked: the covering index for segment rules covers that condition too
  // (a partial index), or PostgreSQL falls back to reading the whole table.
  await db.schema.dropIndex('contacts_segment_fields').execute();
  await db.schema
    .createIndex('contacts_segment_fields')
    .on('contacts')
    .columns(['workspace_id', 'status', 'total_spent', 'id'])
    .where(sql.ref('privacy_blocked_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('privacy_notices')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('privacy_notices_pk', ['workspace_id', 'version'])
    .execute();

  // Where each contact stands on each purpose now (for checks and segments) ...
  await db.schema
    .createTable('consents')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('consents_pk', ['workspace_id', 'contact_id', 'purpose'])
    .execute();
  await db.schema
    .createIndex('consents_purpose')
    .on('consents')
    .columns(['workspace_id', 'purpose', 'decision', 'contact_id'])
    .execute();
  // ... and every grant and revocation that led there, with channel, notice version and evidence.
  await db.schema
    .createTable('consent_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('notice_version', 'integer')
    .addColumn('evidence', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consent_records_contact')
    .on('consent_records')
    .columns(['workspace_id', 'contact_id', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('received_at', ms, (c) => c.notNull())
    .addColumn('due_at', ms, (c) => c.notNull())
    .addColumn('answered_at', ms)
    .addColumn('effective_due_at', ms)
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('privacy_requests_open')
    .on('privacy_requests')
    .columns(['workspace_id', 'status', 'due_at'])
    .execute();

  // Erasing must not leave the erased words readable inside the full-text index (SQLite keeps deleted tokens until a merge).
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    for (const table of ['contacts', 'companies'])
      await sql.raw(`insert into ${table}_fts(${table}_fts, rank) values ('secure-delete', 1)`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
