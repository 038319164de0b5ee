// The API description as its users' tools read it: generated from the built server (`main.js openapi`), linted with
// Redocly CLI's recommended rules (errors and warnings both fail), and turned into a typed client
// (openapi-typescript) that the example in docs/examples/typed-client must compile against (openapi-fetch).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'atiende-openapi-'));
const file = join(dir, 'openapi.json');

function run(command, args, env = {}, capture = false) {
  const { DATABASE_URL: _unused, ...rest } = process.env;
  // Redocly CLI: no usage reports or update checks from a test run.
  Object.assign(rest, { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...rest, ...env },
  });
  if (result.status !== 0 && !capture) {
    rmSync(dir, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
  return result;
}

try {
  // A public address as a real installation has (the linter refuses localhost and example.com servers).
  run(process.execPath, ['apps/server/dist/main.js', 'openapi', file], {
    DATA_DIR: dir,
    PUBLIC_URL: 'https://soporte.tuempresa.mx',
  });
  const lint = run('npx', ['redocly', 'lint', file, '--extends=recommended', '--format=json'], {}, true);
  const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{')));
  const { errors = 0, warnings = 0 } = report.totals ?? {};
  if (errors || warnings) {
    for (const p of report.problems ?? []) console.error(`${p.severity} ${p.ruleId}: ${p.message}`);
    console.error(`openapi: ${errors} errors, ${warnings} warnings under Redocly's recommended rules`);
    process.exit(1);
  }
  // A field with a default is optional to send: `--default-non-nullable false`.
  run('npx', [
    'openapi-typescript',
    file,
    '-o',
    'docs/examples/typed-client/atiende-api.d.ts',
    '--default-non-nullable',
    'false',
    '--silent',
  ]);
  run('npx', ['tsc', '-p', 'docs/examples/typed-client']);
  console.log('openapi: clean under Redocly recommended; the typed client example compiles');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
