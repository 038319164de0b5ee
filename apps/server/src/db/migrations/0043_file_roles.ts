// A file kept beside a message without being one of its attachments: the whole email as it arrived (role
// 'original'), downloadable as .eml whatever the message shows of it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('files').addColumn('role', 'text').execute();
}
