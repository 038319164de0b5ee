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
