// Calendar days as a workspace counts them, for tests that write or expect dates (renewals, reminders, health).
import { localClock } from '../platform/business-hours.js';

const DAY = 86_400_000;

/** The date (YYYY-MM-DD) `offsetDays` from now in the workspace's zone (Mexico City, the default): from 18:00 there,
 *  UTC is already on the next day. */
export const workspaceDay = (offsetDays: number, timeZone = 'America/Mexico_City') =>
  localClock(new Date(Date.now() + offsetDays * DAY), timeZone).date;
