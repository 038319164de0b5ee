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
  const weekdaysOnly = { mon: [{ open: '09:00', close: '18:00' }], tue: [{ open: '09:00', close: '18:00' }], wed: [{ open: '09:00', close: '18:00' }], thu: [{ open: '09:00', close: '18:00' }], fri: [{ open: '09:00', close: '18:00' }], sat: [], sun: [] };
  const at = (iso: string) => Date.parse(iso);
  it('runs only inside opening hours, in the workspace time zone', async () => {
    const { addBusinessMinutes } = await import('./business-hours.js');
    // Monday 17:59 in Mexico City (UTC-6) plus 2 minutes: Tuesday 09:01.
    expect(new Date(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-23T23:59:00Z'), 2)).toISOString()).toBe('2026-11-24T15:01:00.000Z');
    // Friday 17:00 plus 2 hours: Monday 10:00.
    expect(new Date(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-27T23:00:00Z'), 120)).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // Saturday night plus nothing: Monday at opening.
    expect(new Date(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-29T04:00:00Z'), 0)).toISOString()).toBe('2026-11-30T15:00:00.000Z');
    // Inside hours, plain addition.
    expect(addBusinessMinutes(weekdaysOnly, 'America/Mexico_City', at('2026-11-24T16:00:00Z'), 30)).toBe(at('2026-11-24T16:30:00Z'));
    const never = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(addBusinessMinutes(never, 'America/Mexico_City', 0, 5)).toBe(300_000);
  });
});
