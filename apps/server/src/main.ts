// Command line: `start [--demo]` serves everything; `migrate` only migrates; `demo` only loads the demo workspace;
// `backup <workspace id> [file]` writes a workspace backup; `restore <file>` brings one back; `move-to-postgres <url>`
// copies every workspace of the SQLite file into PostgreSQL and checks it row by row.
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { demoPassword, team } from './modules/demo/index.js';
import { openDemoWorkspace } from './modules/demo/index.js';
import { writeWorkspaceBackup } from './platform/backup/backup.js';
import { moveToPostgres } from './platform/backup/move.js';
import { restoreWorkspaceBackup } from './platform/backup/restore.js';

const startedAt = performance.now();

async function main(argv: string[]): Promise<void> {
  const command = argv[0] && !argv[0].startsWith('--') ? argv[0] : 'start';
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  // A one-off command must not pick up the running server's queued jobs.
  const config = loadConfig(process.env, {
    ...(flags.has('--demo') ? { demoEnabled: true } : {}),
    ...(command === 'backup' ? { runJobs: false } : {}),
  });
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  const applied = await migrateToLatest(database.db);
  const where = database.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL';
  if (applied.length) console.log(`Migrated ${where}: ${applied.join(', ')}`);

  if (command === 'migrate') return database.close();
  if (command === 'move-to-postgres') {
    const url = argv[1];
    if (!url || !/^postgres(ql)?:\/\//.test(url))
      throw new Error('Usage: move-to-postgres <postgres://user@host:5432/database>');
    if (database.dialect !== 'sqlite')
      throw new Error('This server already uses PostgreSQL (DATABASE_URL is set): nothing to move.');
    const target = openDatabase({ databaseUrl: url, sqliteFile: '' });
    try {
      const moved = await moveToPostgres(database, target, (line) => console.log(line));
      for (const workspace of moved) {
        console.log(`\n${workspace.name}:`);
        for (const t of workspace.tables)
          if (t.source || t.target)
            console.log(
              `  ${t.table.padEnd(30)} ${String(t.source).padStart(8)} → ${String(t.target).padEnd(8)} ${t.different || t.source !== t.target ? `${t.different} rows differ` : 'same'}`,
            );
      }
      if (moved.some((w) => !w.identical)) {
        process.exitCode = 1;
        console.error(
          '\nSome rows differ between SQLite and PostgreSQL (listed above). Keep using SQLite and report this.',
        );
      } else
        console.log(
          `\nMoved ${moved.length} workspace(s); every row checked. Start the server with DATABASE_URL set to that database to use it.`,
        );
    } finally {
      await target.close();
    }
    return database.close();
  }
  if (command === 'restore') {
    const file = argv[1];
    if (!file) throw new Error('Usage: restore <backup.zip>');
    const manifest = await restoreWorkspaceBackup(database.db, new Uint8Array(readFileSync(file)));
    console.log(
      `Restored workspace ${manifest.workspace.name} (${manifest.workspace.id}) from ${manifest.createdAt}: ${Object.values(manifest.tables).reduce((a, b) => a + b, 0)} rows.`,
    );
    return database.close();
  }

  const { app, ctx } = await buildApp(config, database, { logger: true });
  if (command === 'demo' || flags.has('--demo')) {
    await openDemoWorkspace(ctx);
    console.log(`Demo workspace ready. Sign in as ${team[0].email} / ${demoPassword}`);
    if (command === 'demo') {
      await app.close();
      return database.close();
    }
  }
  if (command === 'openapi') {
    // The API description, as /api/openapi.json serves it, into a file (scripts/check-openapi.mjs lints it).
    await app.ready();
    const target = argv[1];
    if (!target || target.startsWith('--')) throw new Error('Usage: openapi <file.json>');
    writeFileSync(target, `${JSON.stringify(app.swagger(), null, 2)}\n`);
    await app.close();
    return database.close();
  }
  if (command === 'backup') {
    const workspaceId = argv[1];
    if (!workspaceId || workspaceId.startsWith('--')) throw new Error('Usage: backup <workspace id> [file.zip]');
    const target =
      argv[2] ??
      join(config.dataDir, 'backups', `atiende-${workspaceId}-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
    mkdirSync(dirname(target), { recursive: true });
    const out = createWriteStream(target);
    const finished = new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
    const manifest = await writeWorkspaceBackup(ctx, workspaceId, out);
    await finished;
    console.log(
      `Backup of ${manifest.workspace.name} written to ${target}: ${Object.values(manifest.tables).reduce((a, b) => a + b, 0)} rows.`,
    );
    await app.close();
    return database.close();
  }
  if (command !== 'start')
    throw new Error(
      `Unknown command "${command}". Use start, migrate, demo, backup, restore, openapi or move-to-postgres.`,
    );

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  console.log(
    `Atiende is ready on ${config.publicUrl} (${database.dialect}) in ${Math.round(performance.now() - startedAt)} ms`,
  );
  console.log(
    config.host === '127.0.0.1' || config.host === 'localhost' || config.host === '::1'
      ? `Listening on ${config.host}:${config.port}, this computer only (HOST=0.0.0.0 to let other devices connect).`
      : `Listening on ${config.host}:${config.port}: other devices on the network can connect.`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
