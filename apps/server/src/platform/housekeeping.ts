// Deletes what has outlived its use: expired sessions and reset links (the console's and the portal's), stale login
// counters, browsers no longer known, finished jobs, the bell's notices after 90 days, and
// help-center searches older than a year (anyone can search; the insights read 90 days).
// Periodic tasks run on one process at a time (claimRun); each is idempotent besides.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { DEVICE_TTL_MS } from './auth/guard.js';

const DAY = 86_400_000;

export async function sweep(
  db: Kysely<DB>,
  now = Date.now(),
  dialect: 'sqlite' | 'postgres' = 'sqlite',
): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await db
    .deleteFrom('password_resets')
    .where('expires_at', '<', now - DAY)
    .execute();
  await db.deleteFrom('portal_sessions').where('expires_at', '<', now).execute();
  await db
    .deleteFrom('portal_links')
    .where('expires_at', '<', now - DAY)
    .execute();
  await db
    .deleteFrom('auth_throttle')
    .where('window_started_at', '<', now - DAY)
    .where('locked_until', '<', now)
    .execute();
  // A browser past its year is no longer known (guard.ts ignores it already): its row goes.
  await db
    .deleteFrom('trusted_devices')
    .where('created_at', '<', now - DEVICE_TTL_MS)
    .execute();
  await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', now - 7 * DAY)
    .execute();
  await db
    .deleteFrom('notices')
    .where('created_at', '<', now - 90 * DAY)
    .execute();
  await db
    .deleteFrom('help_searches')
    .where('created_at', '<', now - 365 * DAY)
    .execute();
  // Keeps SQLite's planner statistics current as tables grow (PostgreSQL's autovacuum does this by itself).
  if (dialect === 'sqlite') await sql`pragma optimize`.execute(db);
}

export interface PeriodicTask {
  /** Names the task across processes: only one of them runs it each time. */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Whether this process runs the task now: the one that moves its next run forward does, the others find it moved and
 * skip. A process that dies while running it leaves nothing held: the next run is due at its time anyway.
 */
export async function claimRun(
  db: Kysely<DB>,
  task: { name: string; everyMs: number },
  now = Date.now(),
): Promise<boolean> {
  // A little early, so a timer firing a few milliseconds ahead of the last run's does not skip a turn.
  const next = now + Math.round(task.everyMs * 0.9);
  const claimed = await db
    .updateTable('periodic_tasks')
    .set({ next_at: next })
    .where('name', '=', task.name)
    .where('next_at', '<=', now)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) > 0) return true;
  // The task's first turn ever: whoever writes its row takes it (later turns are one statement).
  const created = await db
    .insertInto('periodic_tasks')
    .values({ name: task.name, next_at: next })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(created.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Runs the sweep every hour, and the modules' own periodic work (scheduled erasures, snoozes ending) at its pace. */
export function startHousekeeping(
  db: Kysely<DB>,
  dialect: 'sqlite' | 'postgres',
  onError: (err: unknown) => void,
  tasks: PeriodicTask[] = [],
  everyMs = 60 * 60_000,
): () => void {
  const timers = [{ name: 'sweep', everyMs, run: () => sweep(db, Date.now(), dialect) }, ...tasks].map((task) => {
    const timer = setInterval(
      () =>
        void claimRun(db, task)
          .then((mine) => (mine ? task.run() : undefined))
          .catch(onError),
      task.everyMs,
    );
    timer.unref();
    return timer;
  });
  return () => timers.forEach((timer) => clearInterval(timer));
}
