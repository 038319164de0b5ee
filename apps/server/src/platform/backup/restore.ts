// Restoring a workspace backup into this server (SQLite or PostgreSQL, whichever wrote it): all of it in one
// transaction, or nothing. The workspace must not exist here yet; people who already have an account here (same id)
// keep it, and an email taken by a different account stops the restore before anything is written.
import { strFromU8, unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { migrationNames } from '../../db/migrate.js';
import type { DB } from '../../db/schema.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupManifest } from './backup.js';
import { backupTables, generatedColumns } from './tables.js';

export class RestoreError extends Error {}

const CHUNK = 200;

export async function restoreWorkspaceBackup(db: Kysely<DB>, file: Uint8Array): Promise<BackupManifest> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(file);
  } catch {
    throw new RestoreError('This is not a ZIP file.');
  }
  const manifestFile = files['manifest.json'];
  if (!manifestFile) throw new RestoreError('This ZIP is not an Atiende workspace backup (no manifest.json).');
  const manifest = JSON.parse(strFromU8(manifestFile)) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.version > BACKUP_VERSION)
    throw new RestoreError(`Unknown backup format ${manifest.format} v${manifest.version}.`);
  if (!migrationNames.includes(manifest.schema))
    throw new RestoreError(
      `The backup comes from a newer Atiende (schema ${manifest.schema}); upgrade this server first.`,
    );

  const rows = (table: string): Record<string, unknown>[] => {
    const data = files[`tables/${table}.jsonl`];
    if (!data) return [];
    return strFromU8(data)
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line, (_key, value: unknown) =>
            value && typeof value === 'object' && '$base64' in value
              ? Buffer.from(String((value as { $base64: string }).$base64), 'base64')
              : value,
          ) as Record<string, unknown>,
      );
  };
  const anyDb = db as unknown as Kysely<any>;
  await anyDb.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', manifest.workspace.id)
      .executeTakeFirst();
    if (exists)
      throw new RestoreError(
        `Workspace ${manifest.workspace.name} (${manifest.workspace.id}) already exists on this server.`,
      );
    for (const table of backupTables) {
      let list = rows(table.name);
      if (table.name === 'users') {
        const here = list.length
          ? await trx
              .selectFrom('users')
              .select(['id', 'email'])
              .where((eb) =>
                eb.or([
                  eb(
                    'id',
                    'in',
                    list.map((u) => u.id),
                  ),
                  eb(
                    'email',
                    'in',
                    list.map((u) => u.email),
                  ),
                ]),
              )
              .execute()
          : [];
        const clash = here.find((h) => list.some((u) => u.email === h.email && u.id !== h.id));
        if (clash) throw new RestoreError(`Another account on this server already uses ${String(clash.email)}.`);
        list = list.filter((u) => !here.some((h) => h.id === u.id));
      }
      for (let i = 0; i < list.length; i += CHUNK) {
        const chunk = list
          .slice(i, i + CHUNK)
          .map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !generatedColumns.has(column))));
        await trx.insertInto(table.name).values(chunk).execute();
      }
    }
  });
  return manifest;
}
