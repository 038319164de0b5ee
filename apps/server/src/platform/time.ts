// The API speaks ISO 8601 in UTC; the database stores epoch milliseconds (docs/decisions/0001).
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
