// Full-text search over messages: SQLite FTS5 over the body (diacritics removed by the tokenizer), PostgreSQL a
// stored tsvector of the accent-folded body with a GIN index. Both find "peña" with "pena".
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // translate() folds the accents Spanish uses; unlike unaccent() it needs no extension and is immutable.
    await sql
      .raw(
        `alter table messages add column search_vector tsvector generated always as (to_tsvector('simple', translate(lower(body), 'áéíóúüñàèìòùâêîôûäëïöç', 'aeiouunaeiouaeiouaeioc'))) stored`,
      )
      .execute(db);
    await sql.raw('create index messages_search on messages using gin (search_vector)').execute(db);
  } else {
    await sql
      .raw(
        `create virtual table messages_fts using fts5(body, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger messages_fts_insert after insert on messages begin insert into messages_fts(rowid, body) values (new.rowid, new.body); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger messages_fts_delete after delete on messages begin insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger messages_fts_update after update of body on messages begin insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body); insert into messages_fts(rowid, body) values (new.rowid, new.body); end`,
      )
      .execute(db);
    await sql.raw(`insert into messages_fts(messages_fts) values ('rebuild')`).execute(db);
    // Erasing a person must not leave their words in the index.
    await sql.raw(`insert into messages_fts(messages_fts, rank) values ('secure-delete', 1)`).execute(db);
  }
  await db.schema
    .createIndex('messages_workspace_time')
    .on('messages')
    .columns(['workspace_id', 'created_at'])
    .execute();

  // The inbox reads pages in (time, id) order: the indexes carry the id too, so no page needs a sort.
  await db.schema.dropIndex('conversations_workspace_status_activity').execute();
  await db.schema
    .createIndex('conversations_status_activity')
    .on('conversations')
    .columns(['workspace_id', 'status', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_activity')
    .on('conversations')
    .columns(['workspace_id', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_waiting')
    .on('conversations')
    .columns(['workspace_id', 'status', 'waiting_since', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
