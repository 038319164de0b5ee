// A durable job queue in the database: jobs survive restarts, are retried with backoff, and are claimed once
// (FOR UPDATE SKIP LOCKED on PostgreSQL, so several processes can share the queue; SQLite has a single writer).
import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Dialect } from '../db/database.js';
import type { DB, JobsTable } from '../db/schema.js';
import { newId } from './ids.js';

/**
 * Every job by name, with its payload. Each module declares its own jobs beside their handler, by declaration merging:
 * `declare module '…/platform/jobs.js' { interface JobPayloads { 'deliver.email': { workspaceId: string; … } } }`;
 * `register` and `enqueue` then take only those names, each with its own payload.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each module's declaration merging
export interface JobPayloads {}
export type JobName = keyof JobPayloads;

/** `lastAttempt`: no retry follows if this one throws, so the handler can record the failure for people to see. */
export type JobHandler<P = unknown> = (payload: P, job: { attempt: number; lastAttempt: boolean }) => Promise<void>;

const STALE_AFTER_MS = 5 * 60_000;

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly log: FastifyBaseLogger,
  ) {}

  register<K extends JobName>(name: K, handler: JobHandler<JobPayloads[K]>): void {
    // Stored and read back as JSON: what a handler receives is what its name's payload was enqueued as.
    this.handlers.set(name, handler as JobHandler);
  }

  /** Pass the transaction of the change that causes the job, so both commit or neither does. */
  async enqueue<K extends JobName>(
    name: K,
    payload: JobPayloads[K],
    options: { runAt?: number; maxAttempts?: number; executor?: Kysely<DB> | Transaction<DB> } = {},
  ): Promise<string> {
    const id = newId();
    const now = Date.now();
    await (options.executor ?? this.db)
      .insertInto('jobs')
      .values({
        id,
        name,
        payload: JSON.stringify(payload),
        status: 'pending',
        run_at: options.runAt ?? now,
        attempts: 0,
        max_attempts: options.maxAttempts ?? 5,
        locked_at: null,
        last_error: null,
        created_at: now,
        finished_at: null,
      })
      .execute();
    return id;
  }

  start(intervalMs = 500): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.drain(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.draining;
  }

  /** Runs every due job, one at a time; returns when none is left. Overlapping calls share one pass. */
  /** Work was just queued: a worker process looks now instead of at its next tick (other processes do nothing). */
  nudge(): void {
    if (this.timer) void this.drain();
  }

  drain(): Promise<void> {
    this.draining ??= this.runDue().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async runDue(): Promise<void> {
    try {
      await this.requeueStale();
      for (let job = await this.claim(); job; job = await this.claim()) await this.run(job);
    } catch (error) {
      this.log.warn({ err: error }, 'job queue pass failed; will retry');
    }
  }

  private async requeueStale(): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'pending', locked_at: null })
      .where('status', '=', 'running')
      .where('locked_at', '<', Date.now() - STALE_AFTER_MS)
      .execute();
  }

  private async claim(): Promise<JobsTable | undefined> {
    const now = Date.now();
    let next = this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'pending')
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(1);
    if (this.dialect === 'postgres') next = next.forUpdate().skipLocked();
    return this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_at: now, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) => eb.selectFrom(next.as('next')).select('next.id'))
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
  }

  private async run(job: JobsTable): Promise<void> {
    const handler = this.handlers.get(job.name);
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler(JSON.parse(job.payload), { attempt: job.attempts, lastAttempt: job.attempts >= job.max_attempts });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: Date.now(), last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.max_attempts;
      // Exponential backoff: 10 s, 20 s, 40 s… capped at one hour.
      const delay = Math.min(3_600_000, 10_000 * 2 ** (job.attempts - 1));
      this.log.warn({ job: job.name, id: job.id, attempt: job.attempts, giveUp, error: message }, 'job failed');
      await this.db
        .updateTable('jobs')
        .set(
          giveUp
            ? { status: 'failed', finished_at: Date.now(), last_error: message, locked_at: null }
            : { status: 'pending', run_at: Date.now() + delay, last_error: message, locked_at: null },
        )
        .where('id', '=', job.id)
        .execute();
    }
  }
}
