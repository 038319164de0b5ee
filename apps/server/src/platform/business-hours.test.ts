import { describe, expect, it } from 'vitest';
import { defaultBusinessHours, describeBusinessHours, isOpenAt } from './business-hours.js';

describe('business hours', () => {
  it('are read on the workspace clock', () => {
    // 15:30 UTC on a Tuesday is 09:30 in Mexico City (UTC-6): open. 14:30 UTC is 08:30: closed.
    expect(isOpenAt(defaultBusinessHours, 'America/Mexico_City', new Date('2026-11-24T15:30:00Z'))).toBe(true);
    expect(isOpenAt(defaultBusinessHours, 'America/Mexico_City', new Date('2026-11-24T14:30:00Z'))).toBe(false);
    // Saturday is closed by default.
    expect(isOpenAt(defaultBusinessHours, 'America/Mexico_City', new Date('2026-11-28T18:00:00Z'))).toBe(false);
  });

  it('are described in words, joining days with the same hours', () => {
    const hours = { ...defaultBusinessHours, sat: [{ open: '10:00', close: '14:00' }] };
    expect(describeBusinessHours(hours, 'es')).toBe('Lunes a viernes 09:00 a 18:00; Sábado 10:00 a 14:00');
    expect(describeBusinessHours(hours, 'en')).toBe('Monday to Friday 09:00–18:00; Saturday 10:00–14:00');
    const none = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(describeBusinessHours(none, 'en')).toBe('no fixed hours');
  });
});

describe('business time', () => {
  const weekdaysOnly = {
    mon: [{ open: '09:00', close: '18:00' }],
    tue: [{ open: '09:00', close: '18:00' }],
    wed: [{ open: '09:00', close: '18:00' }],
    thu: [{ open: '09:00', close: '18:00' }],
    fri: [{ open: '09:00', close: '18:00' }],
    sat: [],
    sun: [],
  };
  const at = (iso: string) => Date.parse(iso);
  it('runs only inside opening hours, in the workspace time zone', async () => {
    const { addBusinessMinutes } = await import('./business-hours.js');
    // Monday 17:59 in Mexico City (UTC-6) plus 2 minutes: Tuesday 09:01.
    expect(
      new Date(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-23T23:59:00Z'), 2)).toISOString(),
    ).toBe('2026-11-24T15:01:00.000Z');
    // Friday 17:00 plus 2 hours: Monday 10:00.
    expect(
      new Date(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-27T23:00:00Z'), 120)).toISOString(),
    ).toBe('2026-11-30T16:00:00.000Z');
    // Saturday night plus nothing: Monday at opening.
    expect(
      new Date(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-29T04:00:00Z'), 0)).toISOString(),
    ).toBe('2026-11-30T15:00:00.000Z');
    // Inside hours, plain addition.
    expect(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-24T16:00:00Z'), 30)).toBe(
      at('2026-11-24T16:30:00Z'),
    );
    const never = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(addBusinessMinutes(never, 'America/Mexico_City', 0, 5)).toBe(300_000);
  });

  it('measures the business time between two instants, skipping nights, weekends and holidays', async () => {
    const { businessMsBetween } = await import('./business-hours.js');
    const minutes = (from: string, to: string, holidays?: Set<string>) =>
      businessMsBetween(weekdaysOnly, 'America/Mexico_City', at(from), at(to), holidays) / 60_000;
    // Reported Friday 17:00, solved Monday 10:00 (Mexico City): one hour on Friday and one on Monday.
    expect(minutes('2026-11-27T23:00:00Z', '2026-11-30T16:00:00Z')).toBe(120);
    // Within one morning: plain difference.
    expect(minutes('2026-11-24T16:00:00Z', '2026-11-24T16:45:00Z')).toBe(45);
    // A whole weekend outside hours counts nothing; a holiday Monday is skipped too.
    expect(minutes('2026-11-28T16:00:00Z', '2026-11-29T22:00:00Z')).toBe(0);
    expect(minutes('2026-11-27T23:00:00Z', '2026-12-01T16:00:00Z', new Set(['2026-11-30']))).toBe(120);
    // The inverse of addBusinessMinutes.
    const { addBusinessMinutes } = await import('./business-hours.js');
    const due = addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-26T20:13:00Z'), 1_000);
    expect(businessMsBetween(weekdaysOnly, 'America/Mexico_City', at('2026-11-26T20:13:00Z'), due)).toBe(
      1_000 * 60_000,
    );
    expect(businessMsBetween(weekdaysOnly, 'America/Mexico_City', 10, 5)).toBe(0);
  });
});

describe('holidays', () => {
  it('are Mexico’s federal rest days, and business time skips them', async () => {
    const { mexicanHolidays, addBusinessDays, isOpenAt } = await import('./business-hours.js');
    expect(mexicanHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-02-02',
      '2026-03-16',
      '2026-05-01',
      '2026-09-16',
      '2026-11-16',
      '2026-12-25',
    ]);
    expect(mexicanHolidays(2030).map((h) => h.date)).toContain('2030-10-01');
    const hours = {
      mon: [{ open: '09:00', close: '18:00' }],
      tue: [{ open: '09:00', close: '18:00' }],
      wed: [{ open: '09:00', close: '18:00' }],
      thu: [{ open: '09:00', close: '18:00' }],
      fri: [{ open: '09:00', close: '18:00' }],
      sat: [],
      sun: [],
    };
    const revolution = new Set(['2026-11-16']);
    // Monday 16 November 2026 at noon in Mexico City: a holiday, closed.
    expect(isOpenAt(hours, 'America/Mexico_City', new Date('2026-11-16T18:00:00Z'), revolution)).toBe(false);
    expect(isOpenAt(hours, 'America/Mexico_City', new Date('2026-11-16T18:00:00Z'))).toBe(true);
    // Five working days from Friday 13 November: without the holiday Friday 20, with it Monday 23.
    const from = Date.parse('2026-11-13T18:00:00Z');
    expect(new Date(addBusinessDays(hours, 'America/Mexico_City', from, 5)).toISOString().slice(0, 10)).toBe(
      '2026-11-20',
    );
    expect(
      new Date(addBusinessDays(hours, 'America/Mexico_City', from, 5, revolution)).toISOString().slice(0, 10),
    ).toBe('2026-11-23');
  });
});
