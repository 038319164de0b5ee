// Case-insensitive "contains" on a text column, the same on SQLite and PostgreSQL (LIKE's wildcards in the text are
// taken literally).
import { type RawBuilder, type SqlBool, sql } from 'kysely';

export function likePattern(value: unknown): string {
  return `%${String(value)
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column` (a trusted reference such as 'deals.title') contains `value`, ignoring case. */
export function contains(column: string, value: unknown): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${likePattern(value)} escape '\\'`;
}
