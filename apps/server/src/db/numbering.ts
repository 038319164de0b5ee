// Numbers people say out loud (incident #42, OT-0042, COT-0007), counted per workspace. Two writers on PostgreSQL may
// pick the same next number; the table's unique index refuses the second, whose whole transaction runs again.
import type { AppContext } from '../platform/context.js';
import { type Tenant, tenant } from './tenant.js';

type Numbered = 'incidents' | 'problems' | 'projects' | 'quotes';

async function nextNumber(t: Tenant, table: Numbered): Promise<number> {
  const row = await t
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('number').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs `work` in a transaction with the table's next number, again with the next one if it was taken meanwhile. */
export async function withNumber<R>(
  ctx: AppContext,
  workspaceId: string,
  table: Numbered,
  work: (t: Tenant, number: number) => Promise<R>,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await tenant(ctx.db, workspaceId).transaction(async (t) => work(t, await nextNumber(t, table)));
    } catch (error) {
      if (attempt < 4 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
