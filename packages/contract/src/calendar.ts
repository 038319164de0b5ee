// Arithmetic on calendar dates (YYYY-MM-DD, the form renewal, due and review dates take): the same on the server and
// in the console, free of time zones.
const DAY = 86_400_000;
const at = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return dateOf(at(day) + days * DAY);
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((at(to) - at(from)) / DAY);
}

/** The same day `months` later; a day the month lacks becomes its last (31 January + 1 month = 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return dateOf(Date.UTC(y, m - 1 + months, Math.min(d, last)));
}
