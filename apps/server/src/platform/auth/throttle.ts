// Counts failed attempts per key (account, IP) in the database, so the limit holds across processes and restarts.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../errors.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const accountRule: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const addressRule: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export class Throttle {
  constructor(private readonly db: Kysely<DB>) {}

  /** Throws too_many_attempts while any of the keys is locked. */
  async check(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const locked = await this.db
      .selectFrom('auth_throttle')
      .select('key')
      .where('key', 'in', keys)
      .where('locked_until', '>', Date.now())
      .executeTakeFirst();
    if (locked) throw new AppError('too_many_attempts');
  }

  async fail(key: string, rule: ThrottleRule): Promise<void> {
    const now = Date.now();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      const fresh = !row || row.window_started_at < now - rule.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const lockedUntil = failures >= rule.maxFailures ? now + rule.lockMs : 0;
      await trx
        .insertInto('auth_throttle')
        .values({ key, failures, window_started_at: fresh ? now : row.window_started_at, locked_until: lockedUntil })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures,
            window_started_at: fresh ? now : row.window_started_at,
            locked_until: lockedUntil,
          }),
        )
        .execute();
    });
  }

  /**
   * An hourly allowance of something open to anyone (a public form): refuses once `perHour` uses of `key` were
   * counted in the hour, else counts this one.
   */
  async spendHourly(key: string, perHour: number): Promise<void> {
    await this.check([key]);
    await this.fail(key, { maxFailures: perHour, windowMs: 3_600_000, lockMs: 3_600_000 });
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('auth_throttle').where('key', '=', key).execute();
  }
}
