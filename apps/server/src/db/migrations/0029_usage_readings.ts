// Customer health reads how much each customer uses what they bought: readings a program sends (invoices stamped,
// parts ordered), one total per contact and day.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('usage_readings')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    /** YYYY-MM-DD */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_readings_pk', ['workspace_id', 'contact_id', 'day'])
    .execute();
  await db.schema.createIndex('usage_readings_day').on('usage_readings').columns(['workspace_id', 'day']).execute();
}
