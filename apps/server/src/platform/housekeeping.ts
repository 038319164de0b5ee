// Deletes what has outlived its use: expired sessions and reset links, stale login counters, finished jobs.
// Idempotent, so every process may run it.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

const DAY = 86_400_000;

export async function sweep(db: Kysely<DB>, now = Date.now(), dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await db.deleteFrom('password_resets').where('expires_at', '<', now - DAY).execute();
  await db.deleteFrom('auth_throttle').where('window_started_at', '<', now - DAY).where('locked_until', '<', now).execute();
  await db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', now - 7 * DAY).execute();
  // Keeps SQLite's planner statistics current as tables grow (PostgreSQL's autovacuum does this by itself).
  if (dialect === 'sqlite') await sql`pragma optimize`.execute(db);
}

/** Runs the sweep, then the modules' own periodic work (e.g. scheduled privacy erasures), every hour. */
export function startHousekeeping(db: Kysely<DB>, dialect: 'sqlite' | 'postgres', onError: (err: unknown) => void, tasks: (() => Promise<unknown>)[] = [], everyMs = 60 * 60_000): () => void {
  const run = async () => {
    await sweep(db, Date.now(), dialect);
    for (const task of tasks) await task();
  };
  const timer = setInterval(() => void run().catch(onError), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
