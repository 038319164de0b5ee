// The one locale of numbers, money, percentages and dates for each interface language: Mexican Spanish (1,234.5;
// 7/12/2026) or US English. Everything the console formats goes through it, so "2.2 %" sits beside "$2,341.67".
export function localeOf(language: string): 'es-MX' | 'en-US' {
  return language === 'en' ? 'en-US' : 'es-MX';
}

/** A calendar day ("2026-12-27") as people write it: "27 dic 2026" / "Dec 27, 2026" (the year only when not this one). */
export function formatDay(day: string, language: string): string {
  const date = new Date(`${day}T12:00:00`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(localeOf(language), {
    day: 'numeric',
    month: 'short',
    ...(date.getFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' }),
  }).format(date);
}
