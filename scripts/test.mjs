// `npm test`: type-check, build, then every test: unit, integration on SQLite and on PostgreSQL, and browser journeys
// in the system Chromium. Without PostgreSQL or Chromium the matching tests are skipped with a loud line, except
// under CI (CI=true), where both are mandatory.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const ci = ['true', '1'].includes(String(process.env.CI).toLowerCase());
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const extra = process.argv.slice(2);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const loud = (text) => console.log(`\n${'!'.repeat(78)}\n!!! ${text}\n${'!'.repeat(78)}\n`);

const dovecotPath = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
const hasPostgres = await postgresReachable();
if (!existsSync(dovecotPath)) {
  if (ci) {
    loud(
      `Dovecot is required under CI (email channel tests) and is missing at ${dovecotPath} (apt-get install dovecot-imapd)`,
    );
    process.exit(1);
  }
  loud(
    `SKIPPING email channel tests: no Dovecot at ${dovecotPath} (apt-get install dovecot-imapd, or set DOVECOT_PATH)`,
  );
}
const hasChromium = existsSync(chromiumPath);
if (!hasPostgres) {
  if (ci) {
    loud(`PostgreSQL is required under CI and is not reachable at ${postgresUrl}`);
    process.exit(1);
  }
  loud(`SKIPPING PostgreSQL tests: nothing answers at ${postgresUrl} (set TEST_DATABASE_URL)`);
}
if (!hasChromium) {
  if (ci) {
    loud(`Chromium is required under CI and is missing at ${chromiumPath} (apt-get install chromium)`);
    process.exit(1);
  }
  loud(`SKIPPING browser tests: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

run('npx', ['prettier', '--check', '--log-level', 'warn', '**/*.{ts,tsx,mjs,js,json,css}']);
run(process.execPath, ['scripts/check-imports.mjs']);
if (!process.env.SKIP_TYPECHECK) run('npm', ['run', '--silent', 'typecheck']);
// typescript-eslint's recommended rules, with type information for the shipped code (eslint.config.mjs).
if (!process.env.SKIP_LINT) run('npx', ['eslint', '--max-warnings', '0', '.']);
run(process.execPath, ['scripts/build.mjs', ...(process.env.SKIP_BUILD ? ['--if-stale'] : [])]);
// The API description under a maintained linter, and a typed client generated from it compiled.
run(process.execPath, ['scripts/check-openapi.mjs']);

const projects = ['unit', 'sqlite', ...(hasPostgres ? ['postgres'] : []), ...(hasChromium ? ['browser'] : [])];
run(
  'npx',
  [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=./scripts/summary-reporter.mjs',
    ...extra,
  ],
  {
    E2E_POSTGRES: hasPostgres ? '1' : '0',
  },
);
