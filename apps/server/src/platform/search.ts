// Full-text search: accent-folded text in a search_text column, read by SQLite FTS5 or by a PostgreSQL GIN index on a
// stored to_tsvector('simple', …) column (contacts, companies, incidents, articles). The dialect-specific SQL lives here.
import { type Expression, type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../db/database.js';

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** "Cómo cancelar un CFDI" → "como-cancelar-un-cfdi": folded words joined by dashes, for addresses. */
export function slugOf(text: string, max: number): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
}

/** The stored text: folded words separated by single spaces, so both engines cut it into the same words
 * (PostgreSQL would otherwise keep "rosa@paloma.mx" as one token and FTS5 would split it). */
export function searchText(parts: (string | null | undefined)[], max = 20_000): string {
  return fold(parts.filter(Boolean).join(' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, max);
}

/** Words of a query, folded; a phone typed with spaces or dashes becomes one run of digits. */
export function queryTerms(query: string): string[] {
  const folded = fold(query);
  const digits = folded.replace(/[\s()+.-]/g, '');
  if (/^\d{6,}$/.test(digits)) return [digits.replace(/^(044|045|01)(\d{10})$/, '$2')];
  return folded
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 8);
}

/** A condition "this row matches every term as a word prefix", for the contacts or companies table. */
/** Words of one or two characters match whole words only: as prefixes they match most of the index and say little. */
const PREFIX_FROM = 3;

export function matches(
  dialect: Dialect,
  table: 'contacts' | 'companies' | 'incidents' | 'articles',
  terms: string[],
): Expression<SqlBool> {
  if (dialect === 'postgres') {
    const tsquery = terms.map((t) => (t.length >= PREFIX_FROM ? `${t}:*` : t)).join(' & ');
    return sql<SqlBool>`${sql.ref(`${table}.search_vector`)} @@ to_tsquery('simple', ${tsquery})`;
  }
  const match = terms.map((t) => (t.length >= PREFIX_FROM ? `"${t}"*` : `"${t}"`)).join(' ');
  return sql<SqlBool>`${sql.ref(`${table}.rowid`)} in (select rowid from ${sql.table(`${table}_fts`)} where ${sql.table(`${table}_fts`)} match ${match})`;
}

type Searchable = 'contacts' | 'companies' | 'incidents' | 'articles';

/** A deal, quote or project whose customer, the person or the company, the terms find (every term, as in matches). */
export function customerMatches(
  dialect: Dialect,
  table: 'deals' | 'quotes' | 'projects',
  workspaceId: string,
  terms: string[],
): Expression<SqlBool> {
  const found = (customers: 'contacts' | 'companies') =>
    sql`select ${sql.ref(`${customers}.id`)} from ${sql.table(customers)} where ${sql.ref(`${customers}.workspace_id`)} = ${workspaceId} and ${matches(dialect, customers, terms)}`;
  return sql<SqlBool>`(${sql.ref(`${table}.contact_id`)} in (${found('contacts')}) or ${sql.ref(`${table}.company_id`)} in (${found('companies')}))`;
}

/**
 * Narrows a query on `table` to the rows matching every term (`all`) or any of them (`any`, for suggestions read from
 * a conversation), best first: FTS5's bm25 through a join on the index (lower is better), PostgreSQL's ts_rank.
 */
export function rankedSearch<QB extends SelectQueryBuilder<any, any, any>>(
  dialect: Dialect,
  table: Searchable,
  terms: string[],
  mode: 'all' | 'any',
  qb: QB,
  bound?: { workspaceId: string; rankAtMost: number },
): QB {
  const q = qb as SelectQueryBuilder<any, any, any>;
  if (dialect === 'postgres') {
    const tsquery = terms.map((t) => (t.length >= PREFIX_FROM ? `${t}:*` : t)).join(mode === 'all' ? ' & ' : ' | ');
    const query = sql`to_tsquery('simple', ${tsquery})`;
    const matching = sql<SqlBool>`${sql.ref(`${table}.search_vector`)} @@ ${query}`;
    // ts_rank reads each matching row's whole vector: where many match (suggestions), rank a bounded set of them.
    const where = bound
      ? sql<SqlBool>`${sql.ref(`${table}.id`)} in (select id from ${sql.table(table)} where workspace_id = ${bound.workspaceId} and search_vector @@ ${query} limit ${bound.rankAtMost})`
      : matching;
    return q.where(where).orderBy(sql`ts_rank(${sql.ref(`${table}.search_vector`)}, ${query})`, 'desc') as QB;
  }
  const match = terms.map((t) => (t.length >= PREFIX_FROM ? `"${t}"*` : `"${t}"`)).join(mode === 'all' ? ' ' : ' OR ');
  const fts = `${table}_fts`;
  return q
    .innerJoin(fts, `${fts}.rowid`, `${table}.rowid`)
    .where(sql<SqlBool>`${sql.table(fts)} match ${match}`)
    .orderBy(sql`bm25(${sql.table(fts)})`) as QB;
}

/**
 * How many rows of `table` hold each term (as a word prefix), counted up to `cap`, in one statement: the rarer a
 * word, the more it says. On SQLite the count is over the whole index (it only weighs words), on PostgreSQL the
 * workspace's.
 */
export async function termCounts(
  db: Kysely<any>,
  dialect: Dialect,
  table: Searchable,
  workspaceId: string,
  terms: string[],
  cap: number,
): Promise<Map<string, number>> {
  if (!terms.length) return new Map();
  const capped = (term: string) => {
    const prefix = term.length >= PREFIX_FROM;
    return dialect === 'postgres'
      ? sql`(select count(*) from (select 1 from ${sql.table(table)} where workspace_id = ${workspaceId} and search_vector @@ to_tsquery('simple', ${prefix ? `${term}:*` : term}) limit ${cap}) as capped)`
      : sql`(select count(*) from (select 1 from ${sql.table(`${table}_fts`)} where ${sql.table(`${table}_fts`)} match ${prefix ? `"${term}"*` : `"${term}"`} limit ${cap}))`;
  };
  const row =
    (
      await sql<
        Record<string, number>
      >`select ${sql.join(terms.map((term, i) => sql`${capped(term)} as ${sql.ref(`t${i}`)}`))}`.execute(db)
    ).rows[0] ?? {};
  return new Map(terms.map((term, i) => [term, Number(row[`t${i}`] ?? 0)]));
}
