// The sales pipeline: pipelines with ordered stages (open, won or lost) and the deals on them, each with the version
// its next change must name.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pipeline_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** open | won | lost */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pipeline_stages_pipeline')
    .on('pipeline_stages')
    .columns(['pipeline_id', 'position'])
    .execute();
  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('pipeline_stages.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    /** open | won | lost, from the stage's kind. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** Before tax, in hundredths of the currency. */
    .addColumn('value_cents', ms, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('tax_rate', 'real', (c) => c.notNull())
    /** Null: the stage's. */
    .addColumn('probability', 'integer')
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** YYYY-MM-DD */
    .addColumn('expected_close_date', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_detail', 'text')
    .addColumn('lost_reason', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    /** Order on the board within the stage (fractions between neighbours). */
    .addColumn('position', 'real', (c) => c.notNull())
    /** The furthest stage (its position) the deal has been in; 1000 once won. Conversion by stage counts it. */
    .addColumn('reached_position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('won_at', ms)
    .addColumn('lost_at', ms)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deals_board').on('deals').columns(['workspace_id', 'stage_id', 'position']).execute();
  // The board's count, value and weighted value per stage (and per owner) read from the index alone.
  await db.schema
    .createIndex('deals_stage_sums')
    .on('deals')
    .columns(['workspace_id', 'stage_id', 'owner_id', 'value_cents', 'probability'])
    .execute();
  await db.schema.createIndex('deals_updated').on('deals').columns(['workspace_id', 'updated_at']).execute();
  await db.schema.createIndex('deals_contact').on('deals').columns(['workspace_id', 'contact_id']).execute();
  await db.schema
    .createIndex('deals_created')
    .on('deals')
    .columns(['workspace_id', 'pipeline_id', 'created_at'])
    .execute();
  await db.schema.createIndex('deals_company').on('deals').columns(['workspace_id', 'company_id']).execute();
}
