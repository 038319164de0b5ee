// Who sees which conversations: a member may be limited to their teams' conversations (and, optionally, those of the
// customers they own); an API token may act within one member's limits.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('memberships')
    .addColumn('conversation_access', 'text', (c) => c.notNull().defaultTo('all'))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('user_id', 'text').execute();
}
