// Business hours in the workspace's time zone: is the team open now, and how to say when it usually answers.
import type { BusinessHours, Weekday } from '@atiende/contract';
import { hoursWords, weekdayNames } from '@atiende/contract/i18n';

export const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const defaultBusinessHours: BusinessHours = {
  mon: [{ open: '09:00', close: '18:00' }],
  tue: [{ open: '09:00', close: '18:00' }],
  wed: [{ open: '09:00', close: '18:00' }],
  thu: [{ open: '09:00', close: '18:00' }],
  fri: [{ open: '09:00', close: '18:00' }],
  sat: [],
  sun: [],
};

/** Weekday and HH:MM of an instant, as a clock in the time zone shows it. */
export function localClock(instant: Date, timeZone: string): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toLowerCase().slice(0, 3) as Weekday, time: `${get('hour')}:${get('minute')}` };
}

export function isOpenAt(hours: BusinessHours, timeZone: string, instant: Date): boolean {
  const { day, time } = localClock(instant, timeZone);
  return hours[day].some((i) => i.open <= time && time < i.close);
}

/** "Monday to Friday 09:00–18:00; Saturday 10:00–14:00": consecutive days with the same hours are joined. */
export function describeBusinessHours(hours: BusinessHours, language: 'es' | 'en'): string {
  const names = weekdayNames[language];
  const words = hoursWords[language];
  const groups: { from: Weekday; to: Weekday; key: string }[] = [];
  for (const day of weekdays) {
    const key = hours[day].map((i) => words.range.replace('{{from}}', i.open).replace('{{to}}', i.close)).join(` ${words.and} `);
    if (!key) continue;
    const last = groups.at(-1);
    if (last && last.key === key && weekdays.indexOf(last.to) === weekdays.indexOf(day) - 1) last.to = day;
    else groups.push({ from: day, to: day, key });
  }
  if (groups.length === 0) return words.closed;
  return groups
    .map((g) => {
      const days = g.from === g.to ? names[g.from] : `${names[g.from]} ${words.to} ${names[g.to]}`;
      return `${days[0]!.toUpperCase()}${days.slice(1)} ${g.key}`;
    })
    .join('; ');
}

/**
 * The instant `days` working days after `from`, counting the days on which the workspace opens (its business hours
 * in its time zone), the way legal deadlines in "días hábiles" are counted. Holidays are not known yet.
 */
export function addBusinessDays(hours: BusinessHours, timeZone: string, from: number, days: number): number {
  const DAY = 86_400_000;
  const working = weekdays.filter((d) => hours[d].length > 0);
  // A workspace open no day at all still gets a deadline: count calendar days then.
  if (working.length === 0) return from + days * DAY;
  let at = from;
  let counted = 0;
  while (counted < days) {
    at += DAY;
    if (working.includes(localClock(new Date(at), timeZone).day)) counted++;
  }
  return at;
}
