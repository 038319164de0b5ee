// Builds what `npm start` serves: the server bundle, the widget script and the console. `--if-stale` skips the
// parts whose sources have not changed since their last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ifStale = process.argv.includes('--if-stale');
// Loaded only when something is stale: checking is most starts' only work here.
const build = async (options) => (await import('esbuild')).build(options);

function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') walk(join(p, e));
    } else max = Math.max(max, s.mtimeMs);
  };
  paths.forEach((p) => walk(join(root, p)));
  return max;
}
const stale = (output, sources) =>
  !ifStale || !existsSync(join(root, output)) || statSync(join(root, output)).mtimeMs < newest(sources);

const contract = 'packages/contract/src';
const migrationNames = () =>
  readdirSync(join(root, 'apps/server/src/db/migrations'))
    .filter((f) => /^\d{4}_[a-z0-9_]+\.ts$/.test(f))
    .map((f) => f.slice(0, -3))
    .sort();

const steps = [
  {
    name: 'server',
    output: 'apps/server/dist/main.js',
    sources: ['apps/server/src', contract, 'package-lock.json'],
    run: () =>
      build({
        entryPoints: [join(root, 'apps/server/src/main.ts')],
        outfile: join(root, 'apps/server/dist/main.js'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        sourcemap: true,
        // One file loads several times faster than hundreds of node_modules files; native addons stay outside.
        external: ['better-sqlite3', '@node-rs/argon2', 'pg-native'],
        banner: {
          js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        },
        // The migrations' names, as the folder holds them (db/migrate.ts reads the folder when run from source).
        define: { __ATIENDE_MIGRATIONS__: JSON.stringify(migrationNames()) },
        logLevel: 'warning',
      }),
  },
  {
    name: 'widget',
    output: 'apps/widget/dist/widget.js',
    sources: ['apps/widget/src', contract],
    run: () =>
      build({
        entryPoints: [join(root, 'apps/widget/src/widget.ts')],
        outfile: join(root, 'apps/widget/dist/widget.js'),
        bundle: true,
        minify: true,
        format: 'iife',
        target: 'es2020',
        logLevel: 'warning',
      }),
  },
  {
    name: 'console',
    output: 'apps/console/dist/index.html',
    sources: ['apps/console/src', 'apps/console/index.html', 'apps/console/vite.config.ts', contract],
    run: () => {
      const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
        cwd: join(root, 'apps/console'),
        stdio: 'inherit',
      });
      if (result.status !== 0) throw new Error('console build failed');
    },
  },
];

for (const step of steps) {
  if (!stale(step.output, step.sources)) continue;
  const started = Date.now();
  await step.run();
  console.log(`built ${step.name} in ${Date.now() - started} ms`);
}
