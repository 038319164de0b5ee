// PostgreSQL message search by word prefix without a prefix scan (decision 0019). A prefix term (`cotiz:*`) made the
// word index gather every message holding any word that starts so into a bitmap before combining terms: two common
// words that never meet took 90 ms at 2.5 million messages, where two whole words take 9. The stored vector now also
// holds every prefix of three to 24 letters of each word, so a search term of up to 24 letters is one exact entry.
// SQLite's FTS5 reads prefixes from its own index and is unchanged.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Longest prefix stored; a longer search term is matched as a prefix the slow way, over the few words that long. */
export const LONGEST_PREFIX = 24;
/** Prefixes come from the first this-many characters of a message (words after them are still found whole). */
export const PREFIXED_CHARS = 20_000;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  // Words shorter than three letters and each word itself are already in the plain vector.
  await sql
    .raw(
      `create function atiende_word_prefixes(words tsvector) returns tsvector language sql immutable strict parallel safe as $$
        select array_to_tsvector(array(
          select distinct left(w, n) from unnest(tsvector_to_array(words)) as w, generate_series(3, least(length(w) - 1, ${LONGEST_PREFIX})) as n))
      $$`,
    )
    .execute(db);
  const folded = (text: string) => `translate(lower(${text}), 'áéíóúüñàèìòùâêîôûäëïöç', 'aeiouunaeiouaeiouaeioc')`;
  await sql.raw('drop index messages_search').execute(db);
  await sql.raw('alter table messages drop column search_vector').execute(db);
  await sql
    .raw(
      `alter table messages add column search_vector tsvector generated always as (
        to_tsvector('simple', ${folded('body')}) || atiende_word_prefixes(to_tsvector('simple', ${folded(`left(body, ${PREFIXED_CHARS})`)}))) stored`,
    )
    .execute(db);
  await sql.raw('create index messages_search on messages using gin (search_vector)').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
