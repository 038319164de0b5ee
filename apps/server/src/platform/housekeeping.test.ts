import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, ownerOf, startTestApp } from '../testing/harness.js';
import { sweep } from './housekeeping.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('housekeeping', () => {
  it('removes expired sessions and finished jobs, and keeps live ones', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const other = new Client(test.app);
    await other.post('/api/auth/login', { email, password: 'correct horse battery' });
    await test.database.db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('id', '!=', (await test.database.db.selectFrom('sessions').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id).execute();
    const done = await test.ctx.jobs.enqueue('test.nothing', {});
    await test.database.db.updateTable('jobs').set({ status: 'done', finished_at: Date.now() - 8 * 86_400_000 }).where('id', '=', done).execute();
    await sweep(test.database.db, Date.now(), test.ctx.dialect);
    expect(await test.database.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
    expect((await owner.get('/api/auth/session')).status).toBe(200);
    expect(await test.database.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);
  });
});
