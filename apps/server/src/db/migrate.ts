// Runs the migrations written in code, recorded in kysely_migration; a failed migration stops the start loudly.
import { readdirSync } from 'node:fs';
import { type Kysely, type Migration, Migrator, PostgresAdapter, sql } from 'kysely';
import type { DB } from './schema.js';

/** The bundle knows the folder's names from the build (scripts/build.mjs); tsx and vitest read the folder itself. */
declare const __ATIENDE_MIGRATIONS__: string[] | undefined;

/**
 * Every migration is a file `NNNN_name.ts` in ./migrations, run in the order of its number: adding one is adding
 * the file, nothing else names it.
 */
export const migrationNames: string[] =
  typeof __ATIENDE_MIGRATIONS__ !== 'undefined'
    ? __ATIENDE_MIGRATIONS__
    : migrationFiles(readdirSync(new URL('./migrations/', import.meta.url)));

export function migrationFiles(files: string[]): string[] {
  return files
    .filter((f) => /^\d{4}_[a-z0-9_]+\.ts$/.test(f))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadMigrations(): Promise<Record<string, Migration>> {
  const loaded: Record<string, Migration> = {};
  // A template the bundler follows: every file of the folder goes into the bundle, found again by name here.
  for (const name of migrationNames) loaded[name] = (await import(`./migrations/${name}.ts`)) as Migration;
  return loaded;
}

/** All pending migrations run in one transaction: a failure names the migration and leaves the database as it was. */
export async function migrateToLatest(db: Kysely<DB>, extra: Record<string, Migration> = {}): Promise<string[]> {
  // On PostgreSQL the bookkeeping tables live in the current schema; without naming it, Kysely may see another
  // schema's tables (several Atiende databases in schemas of one PostgreSQL database) and skip creating its own.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...(await loadMigrations()), ...extra }) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
