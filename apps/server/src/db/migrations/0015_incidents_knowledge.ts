// Incidents (every problem a customer reports) and problems (their recurring causes); the knowledge base with its
// versions, the help center's public face, and what readers and agents do with articles (feedback, searches, uses).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');

  await db.schema
    .createTable('incident_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_categories_name')
    .on('incident_categories')
    .columns(['workspace_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** investigating, fix_in_progress, solved */
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('investigating'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('corrective_action', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('verification', 'text', (c) => c.notNull().defaultTo(''))
    /** The product team's side of a defect: none, escalated, accepted, fixed, wont_fix; with their tracker's reference. */
    .addColumn('escalation_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('escalation_reference', 'text')
    .addColumn('solved_at', ms)
    .addColumn('customers_notified_at', ms)
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_number').on('problems').columns(['workspace_id', 'number']).unique().execute();

  await db.schema
    .createTable('kb_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kb_categories_name')
    .on('kb_categories')
    .columns(['workspace_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    /** The same article in the other language shares the group (the first article's id). */
    .addColumn('translation_group', 'text', (c) => c.notNull())
    /** article, recurring_problem, service_process */
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('article'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    /** Markdown; rendered and sanitised on the way out, never stored as HTML. */
    .addColumn('body', 'text', (c) => c.notNull())
    /** internal, public */
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('internal'))
    /** draft, published */
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('category_id', 'text', (c) => c.references('kb_categories.id').onDelete('restrict'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('review_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    /** JSON { [diagram source hash]: sanitised SVG } drawn by the console, so readers need no diagram library. */
    .addColumn('diagrams', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_yes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('articles_slug')
    .on('articles')
    .columns(['workspace_id', 'language', 'slug'])
    .unique()
    .execute();
  await db.schema
    .createIndex('articles_category')
    .on('articles')
    .columns(['workspace_id', 'category_id', 'title'])
    .execute();
  await db.schema.createIndex('articles_group').on('articles').columns(['translation_group']).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('reported_at', ms, (c) => c.notNull())
    /** whatsapp, email, webchat, phone, visit, other */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('customer_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category_id', 'text', (c) => c.references('incident_categories.id').onDelete('restrict'))
    /** low, medium, high, critical */
    .addColumn('severity', 'text', (c) => c.notNull().defaultTo('medium'))
    /** service, product, customer_error, third_party, unknown */
    .addColumn('root_cause', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('root_cause_notes', 'text', (c) => c.notNull().defaultTo(''))
    /** The customer's attitude on a 5-point scale (1 hostile … 5 delighted), before and after attention. */
    .addColumn('attitude_before', 'integer')
    .addColumn('attitude_before_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attitude_after', 'integer')
    .addColumn('attitude_after_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** JSON array of the steps taken: { text, at, by }. */
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('article_id', 'text', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('problem_id', 'text', (c) => c.references('problems.id').onDelete('set null'))
    /** open, resolved */
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('resolved_at', ms)
    /** From report to resolution, in calendar and in the workspace's business time. */
    .addColumn('resolution_ms', ms)
    .addColumn('resolution_business_ms', ms)
    /** Time the team spent working it, as logged by them. */
    .addColumn('time_spent_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    /** Folded words of the summary, the customer's words and the area: what similar incidents are found by. */
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incidents_number')
    .on('incidents')
    .columns(['workspace_id', 'number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('incidents_reported')
    .on('incidents')
    .columns(['workspace_id', 'reported_at', 'id'])
    .execute();
  // The analysis reads each figure from an index alone (covering indexes), in the order it groups by, so no figure
  // sorts a year of incidents: the Pareto and attitude cells, counts per cause and week, and the resolution medians.
  await db.schema
    .createIndex('incidents_pareto')
    .on('incidents')
    .columns([
      'workspace_id',
      'category_id',
      'root_cause',
      'status',
      'attitude_before',
      'attitude_after',
      'reported_at',
      'time_spent_minutes',
    ])
    .execute();
  await db.schema
    .createIndex('incidents_cause_time')
    .on('incidents')
    .columns(['workspace_id', 'root_cause', 'reported_at'])
    .execute();
  await db.schema
    .createIndex('incidents_resolution')
    .on('incidents')
    .columns(['workspace_id', 'status', 'resolution_ms', 'reported_at'])
    .execute();
  await db.schema
    .createIndex('incidents_resolution_business')
    .on('incidents')
    .columns(['workspace_id', 'status', 'resolution_business_ms', 'reported_at'])
    .execute();
  await db.schema
    .createIndex('incidents_status')
    .on('incidents')
    .columns(['workspace_id', 'status', 'reported_at'])
    .execute();
  await db.schema.createIndex('incidents_problem').on('incidents').columns(['problem_id', 'reported_at']).execute();
  await db.schema.createIndex('incidents_contact').on('incidents').columns(['contact_id', 'reported_at']).execute();
  await db.schema.createIndex('incidents_conversation').on('incidents').columns(['conversation_id']).execute();

  await db.schema
    .createTable('article_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('changed_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_versions_article')
    .on('article_versions')
    .columns(['article_id', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('article_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_feedback_article')
    .on('article_feedback')
    .columns(['article_id', 'created_at'])
    .execute();

  /** What readers of the help center and the widget searched for, to find the articles nobody has written yet. */
  await db.schema
    .createTable('help_searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('results', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('help_searches_time')
    .on('help_searches')
    .columns(['workspace_id', 'created_at'])
    .execute();

  /** An agent put an article (or its public link) into an answer, or used it to work an incident. */
  await db.schema
    .createTable('article_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** inserted, linked, incident */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_uses_article')
    .on('article_uses')
    .columns(['article_id', 'created_at'])
    .execute();

  /** An image (or any file) shown in an article: public when the article is. */
  await db.schema
    .alterTable('files')
    .addColumn('article_id', 'text', (c) => c.references('articles.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('files_article').on('files').columns(['article_id']).execute();

  await db.schema
    .createTable('help_centers')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    /** The address: /help/<slug>. */
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of ['articles', 'incidents']) {
      await sql
        .raw(
          `alter table ${table} add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored`,
        )
        .execute(db);
      await sql.raw(`create index ${table}_search on ${table} using gin (search_vector)`).execute(db);
    }
  } else {
    for (const table of ['articles', 'incidents']) {
      await sql
        .raw(
          `create virtual table ${table}_fts using fts5(search_text, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_fts_insert after insert on ${table} begin insert into ${table}_fts(rowid, search_text) values (new.rowid, new.search_text); end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_fts_delete after delete on ${table} begin insert into ${table}_fts(${table}_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_fts_update after update of search_text on ${table} begin insert into ${table}_fts(${table}_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); insert into ${table}_fts(rowid, search_text) values (new.rowid, new.search_text); end`,
        )
        .execute(db);
      await sql.raw(`insert into ${table}_fts(${table}_fts, rank) values ('secure-delete', 1)`).execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
