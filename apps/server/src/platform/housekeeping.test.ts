import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, ownerOf, startTestApp } from '../testing/harness.js';
import { claimRun, sweep } from './housekeeping.js';

declare module './jobs.js' {
  interface JobPayloads {
    'test.nothing': Record<string, never>;
  }
}

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('housekeeping', () => {
  it('removes expired sessions, browsers no longer known, finished jobs and year-old help-center searches, and keeps live ones', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const other = new Client(test.app);
    await other.post('/api/auth/login', { email, password: 'correct horse battery' });
    await test.database.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where(
        'id',
        '!=',
        (await test.database.db.selectFrom('sessions').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id,
      )
      .execute();
    const done = await test.ctx.jobs.enqueue('test.nothing', {});
    await test.database.db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: Date.now() - 8 * 86_400_000 })
      .where('id', '=', done)
      .execute();
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
    const search = (id: string, age: number) => ({
      id,
      workspace_id: workspaceId,
      query: 'garantia',
      language: 'es',
      results: 0,
      source: 'widget',
      created_at: Date.now() - age,
    });
    await test.database.db
      .insertInto('help_searches')
      .values([search('old', 400 * 86_400_000), search('recent', 10 * 86_400_000)])
      .execute();
    // The second browser signed in over a year ago: no longer known, its row goes; the first stays.
    const devices = await test.database.db.selectFrom('trusted_devices').select('id').orderBy('created_at').execute();
    expect(devices).toHaveLength(2);
    await test.database.db
      .updateTable('trusted_devices')
      .set({ created_at: Date.now() - 366 * 86_400_000 })
      .where('id', '=', devices[1]!.id)
      .execute();
    await sweep(test.database.db, Date.now(), test.ctx.dialect);
    expect((await test.database.db.selectFrom('trusted_devices').select('id').execute()).map((r) => r.id)).toEqual([
      devices[0]!.id,
    ]);
    expect((await test.database.db.selectFrom('help_searches').select('id').execute()).map((r) => r.id)).toEqual([
      'recent',
    ]);
    expect(await test.database.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
    expect((await owner.get('/api/auth/session')).status).toBe(200);
    expect(await test.database.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);
  });
});

describe('periodic tasks', () => {
  it('run on one process at a time: of two processes ticking, one claims each turn', async () => {
    const task = { name: 'test-task', everyMs: 1_000 };
    const start = Date.now();
    // Two processes' timers firing within the same turn: one runs it.
    expect([await claimRun(test.database.db, task, start), await claimRun(test.database.db, task, start + 5)]).toEqual([
      true,
      false,
    ]);
    // A timer firing a little early for the next turn still gets it; then the other waits again.
    expect(await claimRun(test.database.db, task, start + 950)).toBe(true);
    expect(await claimRun(test.database.db, task, start + 960)).toBe(false);
    expect(await claimRun(test.database.db, { name: 'another-task', everyMs: 1_000 }, start + 960)).toBe(true);
  });
});
