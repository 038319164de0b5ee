// Moving an installation from its SQLite file to PostgreSQL: every workspace is backed up from one consistent snapshot,
// restored into the (migrated) PostgreSQL database, then backed up again from there and compared with the first copy
// table by table and row by row. Nothing on the SQLite side changes; a workspace that is already there is refused.
import { PassThrough } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import type { Database } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { AppContext } from '../context.js';
import { writeWorkspaceBackup } from './backup.js';
import { restoreWorkspaceBackup } from './restore.js';
import { backupTables } from './tables.js';

export interface TableCheck {
  table: string;
  source: number;
  target: number;
  /** Rows of the source missing or different in the target. */
  different: number;
}
export interface MovedWorkspace {
  id: string;
  name: string;
  tables: TableCheck[];
  identical: boolean;
}

async function backupBytes(database: Database, workspaceId: string): Promise<Uint8Array> {
  // The backup needs only the database and its snapshot.
  const ctx = { db: database.db, snapshot: (work) => database.snapshot(work) } as Pick<
    AppContext,
    'db' | 'snapshot'
  > as AppContext;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => out.on('end', () => resolve()).on('error', reject));
  await writeWorkspaceBackup(ctx, workspaceId, out);
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

/** One JSON text per row with its keys in order and numbers as numbers, so both databases' rows compare as equal. */
function canonicalRows(files: Record<string, Uint8Array>, table: string): string[] {
  const data = files[`tables/${table}.jsonl`];
  if (!data) return [];
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    return value;
  };
  // Sorted here: the databases may order text keys by different collations.
  return strFromU8(data)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.stringify(canonical(JSON.parse(line))))
    .sort();
}

/** Compares two backups of the same workspace, table by table, row by row. */
export function compareBackups(source: Uint8Array, target: Uint8Array): TableCheck[] {
  const a = unzipSync(source);
  const b = unzipSync(target);
  return backupTables.map(({ name }) => {
    const left = canonicalRows(a, name);
    const right = new Set(canonicalRows(b, name));
    const rightCount = canonicalRows(b, name).length;
    return {
      table: name,
      source: left.length,
      target: rightCount,
      different: left.filter((row) => !right.has(row)).length + Math.max(0, rightCount - left.length),
    };
  });
}

export async function moveToPostgres(
  source: Database,
  target: Database,
  progress: (line: string) => void = () => {},
): Promise<MovedWorkspace[]> {
  if (source.dialect !== 'sqlite' || target.dialect !== 'postgres')
    throw new Error('Moves an SQLite installation into PostgreSQL');
  await migrateToLatest(target.db);
  const workspaces = await source.db.selectFrom('workspaces').select(['id', 'name']).orderBy('created_at').execute();
  const moved: MovedWorkspace[] = [];
  for (const workspace of workspaces) {
    progress(`${workspace.name} (${workspace.id}): copying`);
    const copy = await backupBytes(source, workspace.id);
    await restoreWorkspaceBackup(target.db, copy);
    progress(`${workspace.name}: checking row by row`);
    const tables = compareBackups(copy, await backupBytes(target, workspace.id));
    const identical = tables.every((t) => t.different === 0 && t.source === t.target);
    moved.push({ id: workspace.id, name: workspace.name, tables, identical });
    progress(
      `${workspace.name}: ${tables.reduce((n, t) => n + t.source, 0)} rows in ${tables.filter((t) => t.source).length} tables, ${identical ? 'identical' : 'DIFFERENT'}`,
    );
  }
  return moved;
}
