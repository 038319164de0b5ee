// Periodic work (service facts, SLA breaches, snoozes ending, mailbox polls, follow-ups…) is done by one process at a
// time: each task's next run is a row, and the process that moves it forward runs the task. With several processes on
// one PostgreSQL the work is not repeated by each.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('periodic_tasks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .execute();
}
