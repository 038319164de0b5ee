import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, dialect, ownerOf, startTestApp } from '../testing/harness.js';
import { migrateToLatest, migrationFiles, migrationNames } from './migrate.js';

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

const tableExists = async (db: Kysely<any>, name: string) => {
  const rows =
    dialect === 'postgres'
      ? (
          await sql<{
            n: number;
          }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            n: number;
          }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(db)
        ).rows;
  return Number(rows[0]?.n) > 0;
};

describe('the migrations folder', () => {
  it('is the list: every NNNN_name.ts in number order, nothing else', () => {
    expect(migrationFiles(['0010_b.ts', 'README.md', '0002_a.ts', '0003_c.test.ts', '0001_x.js', '0011_d.ts'])).toEqual(
      ['0002_a', '0010_b', '0011_d'],
    );
    expect(migrationNames[0]).toBe('0001_foundation');
    expect(new Set(migrationNames.map((n) => n.slice(0, 4))).size).toBe(migrationNames.length);
  });
});

describe('upgrades', () => {
  it('that fail say which migration, and leave the database as it was (data, tables and the record of migrations)', async () => {
    test = await startTestApp();
    const owner = await ownerOf(test);
    await owner.post('/api/contacts', { name: 'Lucía Garza' });
    const db = test.database.db as unknown as Kysely<any>;
    const upgrade = {
      '9001_adds_a_table': {
        up: async (d: Kysely<any>) =>
          void (await d.schema
            .createTable('upgrade_probe')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .execute()),
      },
      '9002_changes_data_then_fails': {
        up: async (d: Kysely<any>) => {
          await d.updateTable('contacts').set({ name: 'Cambiado' }).execute();
          await d.schema.alterTable('contacts').addColumn('probe', 'text').execute();
          throw new Error('disk on fire');
        },
      },
    };
    await expect(migrateToLatest(test.database.db, upgrade)).rejects.toThrow(
      'Migration 9002_changes_data_then_fails failed: disk on fire',
    );
    expect(await tableExists(db, 'upgrade_probe')).toBe(false);
    expect((await db.selectFrom('contacts').select('name').execute()).map((c) => c.name)).toEqual(['Lucía Garza']);
    const applied = (await db.selectFrom('kysely_migration').select('name').execute()).map((m) => m.name as string);
    expect(applied.sort()).toEqual([...migrationNames]);
    // Fixed, the same upgrade runs.
    expect(await migrateToLatest(test.database.db, { '9001_adds_a_table': upgrade['9001_adds_a_table'] })).toEqual([
      '9001_adds_a_table',
    ]);
    expect(await tableExists(db, 'upgrade_probe')).toBe(true);
  });
});
