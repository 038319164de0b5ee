// The workspace's calendar: weekly business hours plus holidays, which business-time clocks (SLA targets, ARCO
// deadlines) and "are we open now" read together.
import type { BusinessHours } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../audit.js';
import { type Holidays, mexicanHolidays } from '../business-hours.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { loadWorkspaceSettings } from './service.js';

export interface Calendar {
  businessHours: BusinessHours;
  timeZone: string;
  holidays: Holidays;
}

/** Pass the transaction when inside one (SQLite has one connection). */
export async function workspaceCalendar(
  ctx: AppContext,
  workspaceId: string,
  t: Tenant = tenant(ctx.db, workspaceId),
): Promise<Calendar> {
  const settings = await loadWorkspaceSettings(ctx, workspaceId, t.db);
  const rows = await t.selectFrom('holidays').select('date').execute();
  return {
    businessHours: settings.businessHours,
    timeZone: settings.timeZone,
    holidays: new Set(rows.map((r) => r.date)),
  };
}

export async function listHolidays(ctx: AppContext, workspaceId: string): Promise<{ date: string; name: string }[]> {
  return tenant(ctx.db, workspaceId).selectFrom('holidays').select(['date', 'name']).orderBy('date').execute();
}

export async function addHolidays(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  days: { date: string; name: string }[],
): Promise<{ date: string; name: string }[]> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    for (const day of days) {
      const updated = await t
        .updateTable('holidays')
        .set({ name: day.name })
        .where('date', '=', day.date)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        await t.insertInto('holidays', { date: day.date, name: day.name }).execute();
    }
    await audit(t, actor, 'holidays.added', { type: 'workspace', id: workspaceId }, { dates: days.map((d) => d.date) });
  });
  return listHolidays(ctx, workspaceId);
}

export async function removeHoliday(ctx: AppContext, workspaceId: string, actor: Actor, date: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'holidays.removed', { type: 'workspace', id: workspaceId }, { date });
  });
}

export async function loadMexicanHolidays(ctx: AppContext, workspaceId: string, actor: Actor, year: number) {
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  return addHolidays(ctx, workspaceId, actor, mexicanHolidays(year, settings.language));
}
