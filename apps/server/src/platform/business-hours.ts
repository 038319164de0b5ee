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

/** Days the workspace is closed whatever the weekday ("YYYY-MM-DD" in its time zone): holidays. */
export type Holidays = ReadonlySet<string>;
const noHolidays: Holidays = new Set();

/** Weekday, date and HH:MM of an instant, as a clock in the time zone shows it. */
export function localClock(instant: Date, timeZone: string): { day: Weekday; date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: get('weekday').toLowerCase().slice(0, 3) as Weekday,
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
  };
}

export function isOpenAt(
  hours: BusinessHours,
  timeZone: string,
  instant: Date,
  holidays: Holidays = noHolidays,
): boolean {
  const { day, date, time } = localClock(instant, timeZone);
  return !holidays.has(date) && hours[day].some((i) => i.open <= time && time < i.close);
}

/** "Monday to Friday 09:00–18:00; Saturday 10:00–14:00": consecutive days with the same hours are joined. */
export function describeBusinessHours(hours: BusinessHours, language: 'es' | 'en'): string {
  const names = weekdayNames[language];
  const words = hoursWords[language];
  const groups: { from: Weekday; to: Weekday; key: string }[] = [];
  for (const day of weekdays) {
    const key = hours[day]
      .map((i) => words.range.replace('{{from}}', i.open).replace('{{to}}', i.close))
      .join(` ${words.and} `);
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
export function addBusinessDays(
  hours: BusinessHours,
  timeZone: string,
  from: number,
  days: number,
  holidays: Holidays = noHolidays,
): number {
  const DAY = 86_400_000;
  const working = weekdays.filter((d) => hours[d].length > 0);
  // A workspace open no day at all still gets a deadline: count calendar days then.
  if (working.length === 0) return from + days * DAY;
  let at = from;
  let counted = 0;
  while (counted < days) {
    at += DAY;
    const local = localClock(new Date(at), timeZone);
    if (working.includes(local.day) && !holidays.has(local.date)) counted++;
  }
  return at;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes the time zone is ahead of UTC at an instant (negative in Mexico). */
export function offsetMinutes(timeZone: string, instant: number): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The opening intervals [open, close) as instants, in order, from the local day `from` falls in (the first one cut
 * at `from`), skipping holidays, for `days` days.
 */
function* openIntervals(
  hours: BusinessHours,
  timeZone: string,
  from: number,
  holidays: Holidays,
  days = 366,
): Generator<[number, number]> {
  const start = from + offsetMinutes(timeZone, from) * 60_000;
  const day0 = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), new Date(start).getUTCDate());
  for (let d = 0; d < days; d++) {
    const localMidnight = day0 + d * 86_400_000;
    const weekday = weekdays[(new Date(localMidnight).getUTCDay() + 6) % 7]!;
    if (holidays.has(new Date(localMidnight).toISOString().slice(0, 10))) continue;
    for (const interval of hours[weekday]) {
      const toInstant = (hhmm: string) => {
        const local = localMidnight + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;
        return local - offsetMinutes(timeZone, local - offsetMinutes(timeZone, local) * 60_000) * 60_000;
      };
      const open = Math.max(toInstant(interval.open), from);
      const close = toInstant(interval.close);
      if (close > open) yield [open, close];
    }
  }
}

/**
 * The instant `minutes` of business time after `from`: the clock runs only inside the workspace's opening hours (in
 * its time zone). A workspace that never opens counts calendar time.
 */
export function addBusinessMinutes(
  hours: BusinessHours,
  timeZone: string,
  from: number,
  minutes: number,
  holidays: Holidays = noHolidays,
): number {
  if (weekdays.every((d) => hours[d].length === 0)) return from + minutes * 60_000;
  let left = minutes * 60_000;
  for (const [open, close] of openIntervals(hours, timeZone, from, holidays)) {
    if (left <= close - open) return open + left;
    left -= close - open;
  }
  return from + minutes * 60_000;
}

/**
 * Milliseconds of business time between two instants: only the part inside the workspace's opening hours (in its
 * time zone, holidays skipped) counts. A workspace that never opens counts calendar time.
 */
export function businessMsBetween(
  hours: BusinessHours,
  timeZone: string,
  from: number,
  to: number,
  holidays: Holidays = noHolidays,
): number {
  if (to <= from) return 0;
  if (weekdays.every((d) => hours[d].length === 0)) return to - from;
  let total = 0;
  for (const [open, close] of openIntervals(hours, timeZone, from, holidays, Math.ceil((to - from) / 86_400_000) + 2)) {
    if (open >= to) break;
    total += Math.min(close, to) - open;
  }
  return total;
}

/** The n-th Monday of a month (1-based), as YYYY-MM-DD. */
function nthMonday(year: number, month: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((8 - first) % 7) + (n - 1) * 7;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Mexico's mandatory rest days (Ley Federal del Trabajo, art. 74): New Year, Constitution (first Monday of February),
 * Benito Juárez (third Monday of March), Labour Day, Independence, the change of federal executive (1 October every
 * six years, from 2024), Revolution (third Monday of November) and Christmas.
 */
export function mexicanHolidays(year: number, language: 'es' | 'en' = 'es'): { date: string; name: string }[] {
  const es = language === 'es';
  const list = [
    { date: `${year}-01-01`, name: es ? 'Año Nuevo' : "New Year's Day" },
    { date: nthMonday(year, 2, 1), name: es ? 'Día de la Constitución' : 'Constitution Day' },
    { date: nthMonday(year, 3, 3), name: es ? 'Natalicio de Benito Juárez' : "Benito Juárez's birthday" },
    { date: `${year}-05-01`, name: es ? 'Día del Trabajo' : 'Labour Day' },
    { date: `${year}-09-16`, name: es ? 'Día de la Independencia' : 'Independence Day' },
    ...((year - 2024) % 6 === 0 && year >= 2024
      ? [
          {
            date: `${year}-10-01`,
            name: es ? 'Transmisión del Poder Ejecutivo Federal' : 'Change of federal executive',
          },
        ]
      : []),
    { date: nthMonday(year, 11, 3), name: es ? 'Día de la Revolución' : 'Revolution Day' },
    { date: `${year}-12-25`, name: es ? 'Navidad' : 'Christmas Day' },
  ];
  return list.sort((a, b) => a.date.localeCompare(b.date));
}
