// Command line: `start [--demo]` serves everything; `migrate` only migrates; `demo` only loads the demo workspace.
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { demoPassword, team } from './modules/demo/data.js';
import { openDemoWorkspace } from './modules/demo/service.js';

const startedAt = performance.now();

async function main(argv: string[]): Promise<void> {
  const command = argv[0] && !argv[0].startsWith('--') ? argv[0] : 'start';
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const config = loadConfig(process.env, flags.has('--demo') ? { demoEnabled: true } : {});
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  const applied = await migrateToLatest(database.db);
  const where = database.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL';
  if (applied.length) console.log(`Migrated ${where}: ${applied.join(', ')}`);

  if (command === 'migrate') return database.close();

  const { app, ctx } = await buildApp(config, database, { logger: true });
  if (command === 'demo' || flags.has('--demo')) {
    await openDemoWorkspace(ctx);
    console.log(`Demo workspace ready. Sign in as ${team[0].email} / ${demoPassword}`);
    if (command === 'demo') {
      await app.close();
      return database.close();
    }
  }
  if (command !== 'start') throw new Error(`Unknown command "${command}". Use start, migrate or demo.`);

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  console.log(`Atiende is ready on ${config.publicUrl} (${database.dialect}) in ${Math.round(performance.now() - startedAt)} ms`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
