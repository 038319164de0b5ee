// The company's own websites: the only pages that may frame its help center and lead forms.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('workspaces')
    .addColumn('websites', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .execute();
}
