import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../testing/harness.js';

declare module './jobs.js' {
  interface JobPayloads {
    'test.echo': { n?: number };
    'test.flaky': Record<string, never>;
    'test.later': Record<string, never>;
  }
}

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const job = (id: string) =>
  test.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the job queue', () => {
  it('runs a due job once and records it done', async () => {
    const seen: unknown[] = [];
    test.ctx.jobs.register('test.echo', async (payload) => void seen.push(payload));
    const id = await test.ctx.jobs.enqueue('test.echo', { n: 1 });
    await Promise.all([test.ctx.jobs.drain(), test.ctx.jobs.drain()]);
    await test.ctx.jobs.drain();
    expect(seen).toEqual([{ n: 1 }]);
    expect((await job(id)).status).toBe('done');
  });

  it('retries a failing job later, then gives up after its attempts', async () => {
    let calls = 0;
    test.ctx.jobs.register('test.flaky', async () => {
      calls += 1;
      throw new Error('SMTP down');
    });
    const id = await test.ctx.jobs.enqueue('test.flaky', {}, { maxAttempts: 2 });
    await test.ctx.jobs.drain();
    const first = await job(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMTP down' });
    expect(first.run_at).toBeGreaterThan(Date.now() + 5_000);
    await test.database.db.updateTable('jobs').set({ run_at: Date.now() }).where('id', '=', id).execute();
    await test.ctx.jobs.drain();
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(calls).toBe(2);
  });

  it('does not run a job before its time', async () => {
    test.ctx.jobs.register('test.later', async () => {
      throw new Error('too early');
    });
    const id = await test.ctx.jobs.enqueue('test.later', {}, { runAt: Date.now() + 60_000 });
    await test.ctx.jobs.drain();
    expect((await job(id)).status).toBe('pending');
  });

  it('a job enqueued in a rolled-back transaction never exists', async () => {
    await test.database.db
      .transaction()
      .execute(async (trx) => {
        await test.ctx.jobs.enqueue('test.echo', {}, { executor: trx });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await test.database.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);
  });
});
