import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../platform/errors.js';
import { type TestApp, dialect, ownerOf, postgresUrl, startTestApp } from '../testing/harness.js';

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe('the database connection', () => {
  it.runIf(dialect === 'postgres')(
    'survives PostgreSQL cutting a connection in use: that request fails, the next ones work',
    async () => {
      test = await startTestApp();
      const owner = await ownerOf(test);
      const slow = sql`select pg_sleep(5)`.execute(test.database.db).catch((error: unknown) => error);
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      // The sleeping backend is cut, as a restart or a network fault would.
      for (let i = 0; i < 50; i++) {
        const cut = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where query like 'select pg_sleep(5)%' and pid <> pg_backend_pid()`,
        );
        if (cut.rowCount) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.end();
      const failure = await slow;
      expect(isDatabaseUnavailable(failure)).toBe(true);
      // The cut connection may be handed out once more before the pool notices it closed: that request is a 503 (try
      // again), never a crash, and the pool then replaces it.
      const statuses: number[] = [];
      for (let i = 0; i < 3 && statuses.at(-1) !== 201; i++)
        statuses.push((await owner.post('/api/contacts', { name: `Después del corte ${i}` })).status);
      expect(statuses.at(-1)).toBe(201);
      expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    },
  );

  it.runIf(dialect === 'sqlite')(
    'a full SQLite file answers 503 with a message, writes nothing, and takes writes again once there is room',
    async () => {
      test = await startTestApp();
      const owner = await ownerOf(test);
      const db = test.database.db;
      const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
      // The file may not grow by a page: as a disk with no byte left.
      await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
      let refused = 'Con el disco lleno 0';
      let full = await owner.post('/api/contacts', {
        name: refused,
        profile: { psychographics: { notes: 'x'.repeat(4_000) } },
      });
      for (let i = 1; i < 5 && full.status === 201; i++) {
        refused = `Con el disco lleno ${i}`;
        full = await owner.post('/api/contacts', {
          name: refused,
          profile: { psychographics: { notes: 'x'.repeat(4_000) } },
        });
      }
      expect(full.status).toBe(503);
      expect(full.body.error).toMatchObject({
        code: 'service_unavailable',
        message: 'The service is temporarily unavailable. Please try again shortly.',
      });
      expect(full.headers['retry-after']).toBe('5');
      await sql.raw('pragma max_page_count = 1073741823').execute(db);
      // The refused one is not there, not even in part.
      expect((await owner.get('/api/contacts?q=disco')).body.items.map((c: { name: string }) => c.name)).not.toContain(
        refused,
      );
      expect((await owner.post('/api/contacts', { name: 'Con espacio' })).status).toBe(201);
      expect(
        (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows[0]!.integrity_check,
      ).toBe('ok');
    },
  );

  it('names what is "unavailable": connection faults, a full disk, I/O errors, locks; not a constraint or a typo', () => {
    for (const e of [
      { code: '57P01' },
      { code: '08006' },
      { code: '53100' },
      { code: 'ECONNREFUSED' },
      { code: 'SQLITE_FULL' },
      { code: 'SQLITE_IOERR_WRITE' },
      { code: 'SQLITE_BUSY' },
      new Error('Connection terminated unexpectedly'),
    ])
      expect(isDatabaseUnavailable(e)).toBe(true);
    for (const e of [
      { code: '23505' },
      { code: '42P01' },
      { code: 'SQLITE_CONSTRAINT_UNIQUE' },
      new Error('syntax error'),
    ])
      expect(isDatabaseUnavailable(e)).toBe(false);
  });
});
