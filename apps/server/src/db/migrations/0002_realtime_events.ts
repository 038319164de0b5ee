// Event payloads relayed between server processes on PostgreSQL (NOTIFY carries only the id; payloads can be larger
// than NOTIFY's 8000 bytes). Rows are short-lived: pruned after ten minutes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('realtime_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('realtime_events_created').on('realtime_events').column('created_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
