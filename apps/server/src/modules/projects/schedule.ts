// A project's schedule in working days: the days the workspace opens (its weekly business hours) that are not
// holidays. "Five working days from Thursday" ends on the next Wednesday, or later when a holiday falls in between.
import type { Calendar } from '../../platform/workspaces/holidays.js';
import type { Weekday } from '@atiende/contract';
import { localClock, weekdays } from '../../platform/business-hours.js';

const DAY = 86_400_000;
// Date-only arithmetic in UTC: a calendar day has no time zone of its own.
const weekdayOf = (date: string): Weekday => weekdays[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
const next = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

export function isWorkingDay(calendar: Calendar, date: string): boolean {
  return calendar.businessHours[weekdayOf(date)].length > 0 && !calendar.holidays.has(date);
}

/**
 * The last day of work that starts on `start` and takes `days` working days: the start counts when it is a working
 * day. A workspace open no day at all counts calendar days, so a schedule always has an end.
 */
export function workingDaysEnd(calendar: Calendar, start: string, days: number): string {
  const open = weekdays.some((d) => calendar.businessHours[d].length > 0);
  let date = start;
  let counted = 0;
  // Bounded: a year of holidays cannot make this loop forever.
  for (let guard = 0; guard < days * 7 + 400; guard++) {
    if (!open || isWorkingDay(calendar, date)) counted++;
    if (counted >= days) return date;
    date = next(date);
  }
  return date;
}

/** Today in the workspace's time zone (YYYY-MM-DD), the day "late" is judged against. */
export function localToday(calendar: Pick<Calendar, 'timeZone'>, now = Date.now()): string {
  return localClock(new Date(now), calendar.timeZone).date;
}
