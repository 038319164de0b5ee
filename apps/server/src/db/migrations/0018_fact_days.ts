// The service-standard facts of each local day, kept as one compact page (decision 0010): the dashboard reads a
// month as thirty rows instead of thirty thousand. A change to a day's facts raises its version; a page built from an
// older version is built again when next read.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('conversation_fact_days')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    /** Local (workspace time zone) day as YYYYMMDD, as conversation_facts.local_day. */
    .addColumn('local_day', 'integer', (c) => c.notNull())
    /** Raised in the same transaction as any change to the day's facts. */
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    /** The version the page was built from (null: never built). */
    .addColumn('built_version', 'integer')
    /** Names the build that wrote the page: a process keeps a page it read while the token stays the same. */
    .addColumn('built_token', 'text')
    .addColumn('page', 'text')
    .addPrimaryKeyConstraint('conversation_fact_days_pk', ['workspace_id', 'local_day'])
    .execute();
}
