// Column mappings people save for the files they import again and again (the monthly export of another tool): the
// next file with the same columns is mapped the same way.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: the file's column headers, as read. */
    .addColumn('columns', 'text', (c) => c.notNull())
    /** Folded headers joined, to find the mapping of a file with the same columns. */
    .addColumn('columns_key', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_mappings_name')
    .on('import_mappings')
    .columns(['workspace_id', 'name'])
    .unique()
    .execute();
}
