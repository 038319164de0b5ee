// A full backup of one workspace: a ZIP with a manifest and one JSON Lines file per table, read from one consistent
// snapshot and streamed out page by page, so a large workspace neither blocks the server nor fills its memory.
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { type BackupTable, backupTables, generatedColumns } from './tables.js';

export const BACKUP_FORMAT = 'atiende-workspace-backup';
export const BACKUP_VERSION = 1;
const PAGE = 1_000;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** The last migration of the server that wrote it: a restore needs a server at least this new. */
  schema: string;
  createdAt: string;
  workspace: { id: string; name: string };
  tables: Record<string, number>;
}

type Row = Record<string, unknown>;

function scoped(
  db: Kysely<DB>,
  table: BackupTable,
  workspaceId: string,
  userIds: string[],
): SelectQueryBuilder<any, any, {}> {
  const anyDb = db as unknown as Kysely<any>;
  const from = anyDb.selectFrom(table.name);
  if (table.name === 'workspaces') return from.where('id', '=', workspaceId);
  if (table.name === 'users') return from.where('id', 'in', userIds.length ? userIds : ['']);
  return from.where('workspace_id', '=', workspaceId);
}

/** Accounts the backup needs: members, and anyone a record still names (a removed teammate who wrote a note). */
async function usersOf(db: Kysely<DB>, workspaceId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const table of backupTables) {
    for (const column of table.userColumns ?? []) {
      const rows = await scoped(db, table, workspaceId, []).select(sql.ref(column).as('user_id')).distinct().execute();
      for (const r of rows) if (typeof r.user_id === 'string') ids.add(r.user_id);
    }
  }
  return [...ids].sort();
}

/** Streams the backup into `out`; resolves with the manifest once the ZIP is complete. */
export async function writeWorkspaceBackup(
  ctx: AppContext,
  workspaceId: string,
  out: Writable,
): Promise<BackupManifest> {
  const workspace = await ctx.db
    .selectFrom('workspaces')
    .select(['id', 'name'])
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!workspace) throw new AppError('not_found');
  const schema = await latestMigration(ctx.db);
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else out.write(chunk);
    if (final || error) out.end();
  });
  const drained = () =>
    out.writableNeedDrain ? new Promise<void>((resolve) => out.once('drain', () => resolve())) : Promise.resolve();
  const counts: Record<string, number> = {};
  await ctx.snapshot(async (db) => {
    const userIds = await usersOf(db, workspaceId);
    for (const table of backupTables) {
      const file = new ZipDeflate(`tables/${table.name}.jsonl`, { level: 6 });
      zip.add(file);
      let offset = 0;
      let count = 0;
      for (;;) {
        let q = scoped(db, table, workspaceId, userIds).selectAll();
        for (const k of table.key) q = q.orderBy(k);
        const rows = (await q.limit(PAGE).offset(offset).execute()) as Row[];
        const lines = rows.map((row) => {
          for (const column of generatedColumns) delete row[column];
          // Binary columns (stored files) travel as base64.
          for (const [column, value] of Object.entries(row))
            if (value instanceof Uint8Array) row[column] = { $base64: Buffer.from(value).toString('base64') };
          return `${JSON.stringify(row)}\n`;
        });
        count += rows.length;
        offset += rows.length;
        const last = rows.length < PAGE;
        file.push(strToU8(lines.join('')), last);
        await drained();
        if (last) break;
      }
      counts[table.name] = count;
    }
  });
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schema,
    createdAt: new Date().toISOString(),
    workspace: { id: workspace.id, name: workspace.name },
    tables: counts,
  };
  const head = new ZipDeflate('manifest.json', { level: 6 });
  zip.add(head);
  head.push(strToU8(JSON.stringify(manifest, null, 2)), true);
  zip.end();
  // Set by the zip's callback, which the compiler cannot follow.
  const failed = failure as Error | null;
  if (failed) throw failed;
  return manifest;
}

export async function latestMigration(db: Kysely<DB>): Promise<string> {
  const rows = await (db as unknown as Kysely<any>)
    .selectFrom('kysely_migration')
    .select('name')
    .orderBy('name', 'desc')
    .limit(1)
    .execute();
  return String(rows[0]?.name ?? '');
}
