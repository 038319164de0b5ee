// The API speaks ISO 8601 in UTC; the database stores epoch milliseconds (docs/decisions/0001).
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** Today's date in UTC as YYYY-MM-DD, the form date-only fields (review and due dates) are stored in. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
