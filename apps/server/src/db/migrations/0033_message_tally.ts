// A running tally of each conversation's messages, kept in the same transaction as each message written, so that the
// service-facts pass reads a row instead of every message of every conversation that changed. A long conversation
// that kept changing made that pass scan its whole history every few seconds: under a steady 1,000 messages a second
// its cost grew until the server fell behind.
//
// The tally is exact only while messages arrive in time order: one written earlier than the latest (a clock tie,
// an import, a merge) marks it stale, and the pass counts that conversation from its messages once and sets the tally
// right. Existing conversations start stale, and so does any conversation written by code that does not keep the tally.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const columns: [string, 'integer' | 'bigint'][] = [
    ['tally_customer_messages', 'integer'],
    ['tally_agent_replies', 'integer'],
    ['tally_handle_ms', 'bigint'],
    ['tally_version', 'integer'],
  ];
  for (const [name, type] of columns)
    await db.schema
      .alterTable('conversations')
      .addColumn(name, type, (c) => c.notNull().defaultTo(0))
      .execute();
  await db.schema.alterTable('conversations').addColumn('tally_last_at', 'bigint').execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('tally_stale', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
