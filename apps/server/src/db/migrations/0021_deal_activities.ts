// Activities on deals: a follow-up task may belong to a deal and be a call, a meeting, an email or a plain task.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('deal_id', 'text', (c) => c.references('deals.id').onDelete('cascade'))
    .execute();
  /** task | call | meeting | email */
  await db.schema
    .alterTable('tasks')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('task'))
    .execute();
  await db.schema.createIndex('tasks_deal').on('tasks').columns(['workspace_id', 'deal_id', 'status']).execute();
}
