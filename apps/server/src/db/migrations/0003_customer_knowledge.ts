// Customer knowledge: contact profiles, companies, identities (emails, phones), tags, notes and full-text search.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen copy of the search-text rule of this version (migrations never import code that may change).
const searchText = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const ms = 'bigint' as const;

  await db.schema
    .alterTable('workspaces')
    .addColumn('country', 'text', (c) => c.notNull().defaultTo('MX'))
    .execute();

  for (const [name, type] of [
    ['status', 'text'],
    ['status_changed_at', ms],
    ['left_at', ms],
    ['left_reason', 'text'],
    ['owner_id', 'text'],
    ['whatsapp_id', 'text'],
    ['website', 'text'],
    ['language', 'text'],
    ['source', 'text'],
  ] as const) {
    await db.schema.alterTable('contacts').addColumn(name, type).execute();
  }
  await db.schema
    .alterTable('contacts')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('contacts')
    .addColumn('profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('contacts')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.updateTable('contacts').set({ status: 'active' }).execute();

  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('legal_name', 'text')
    .addColumn('tax_id', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('industry', 'text')
    .addColumn('employees', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', ms)
    .addColumn('left_at', ms)
    .addColumn('left_reason', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('source', 'text')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('companies_workspace_name').on('companies').columns(['workspace_id', 'name']).execute();

  await db.schema
    .createTable('contact_companies')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('role', 'text')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_companies_pk', ['workspace_id', 'contact_id', 'company_id'])
    .execute();
  await db.schema
    .createIndex('contact_companies_company')
    .on('contact_companies')
    .columns(['workspace_id', 'company_id'])
    .execute();

  // Every email and phone of a contact, normalised, for finding and de-duplicating by any of them.
  await db.schema
    .createTable('contact_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_identities_lookup')
    .on('contact_identities')
    .columns(['workspace_id', 'kind', 'value'])
    .execute();
  await db.schema
    .createIndex('contact_identities_contact')
    .on('contact_identities')
    .columns(['workspace_id', 'contact_id'])
    .execute();

  await db.schema
    .createTable('record_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_tags_pk', ['workspace_id', 'entity', 'record_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('record_tags_tag')
    .on('record_tags')
    .columns(['workspace_id', 'entity', 'tag', 'record_id'])
    .execute();

  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notes_subject')
    .on('notes')
    .columns(['workspace_id', 'subject_type', 'subject_id', 'created_at'])
    .execute();

  await db.schema
    .createIndex('messages_conversation_time')
    .on('messages')
    .columns(['conversation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('audit_log_subject')
    .on('audit_log')
    .columns(['subject_type', 'subject_id', 'created_at'])
    .execute();

  // Existing contacts (web chat, demo) get their identities and search text.
  const contacts = await db.selectFrom('contacts').select(['id', 'workspace_id', 'name', 'email', 'phone']).execute();
  for (const c of contacts) {
    let position = 0;
    for (const [kind, value] of [
      ['email', c.email],
      ['phone', c.phone],
    ] as const) {
      if (!value) continue;
      await db
        .insertInto('contact_identities')
        .values({
          id: `${c.id}:${kind}`,
          workspace_id: c.workspace_id,
          contact_id: c.id,
          kind,
          value,
          label: null,
          position: position++,
        })
        .execute();
    }
    const digits = c.phone ? `${c.phone.replace(/\D/g, '')} ${c.phone.replace(/\D/g, '').slice(2)}` : '';
    await db
      .updateTable('contacts')
      .set({ search_text: searchText(`${c.name} ${c.email ?? ''} ${digits}`) })
      .where('id', '=', c.id)
      .execute();
  }

  if (postgres) {
    // A stored vector: rows read in another order (by name, for a page) are checked without re-parsing their text.
    for (const table of ['contacts', 'companies']) {
      await sql
        .raw(
          `alter table ${table} add column search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored`,
        )
        .execute(db);
      await sql.raw(`create index ${table}_search on ${table} using gin (search_vector)`).execute(db);
    }
  } else {
    for (const table of ['contacts', 'companies']) {
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
      await sql.raw(`insert into ${table}_fts(${table}_fts) values ('rebuild')`).execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
