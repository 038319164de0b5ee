// The API speaks ISO 8601 in UTC; the database stores epoch milliseconds (docs/decisions/0001).
import { sql } from 'kysely';
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** Today's date in UTC as YYYY-MM-DD, the form date-only fields (review and due dates) are stored in. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** SQL: the local day of an epoch-milliseconds column as whole days since 1970, shifted by a time zone's offset. */
export function localEpochDay(column: string, offsetMs: number) {
  // Parenthesised here: Kysely's binary operators do not group, and integer literals keep the division whole.
  return sql<number>`((${sql.ref(column)} + ${sql.lit(Math.round(offsetMs))}) / ${sql.lit(86_400_000)})`;
}
