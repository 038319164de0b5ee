// Reminders of follow-ups and deal activities: when a task falls due its assignee is told once (again if the date moves).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('reminded_at', 'bigint').execute();
  await db.schema.createIndex('tasks_due_reminders').on('tasks').columns(['status', 'due_at']).execute();
}
