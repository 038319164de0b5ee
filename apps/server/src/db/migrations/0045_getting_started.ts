// Getting started: when someone hid the checklist, and when the starter content (labels, quick replies, articles)
// was added.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').addColumn('getting_started_hidden_at', 'bigint').execute();
  await db.schema.alterTable('workspaces').addColumn('starter_content_at', 'bigint').execute();
}
