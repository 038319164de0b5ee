// Every benchmark, one after another, saved to bench/results/latest.json and printed as one table (bench/table.ts).
// Each benchmark runs in a process of its own, one dialect at a time: run in one process, the later ones measured the
// heap and collector the earlier ones left behind (the Kanban board's p95 read 44 ms after the 2.5 million messages
// of the inbox benchmark, 21 ms on its own).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dialectsToRun } from './lib.js';

const root = new URL('..', import.meta.url).pathname;

/** Runs `bench/<script>.ts` and returns the JSON it printed: one value per line, or the whole output as one. */
function run(script: string, dialect?: 'sqlite' | 'postgres'): any[] {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}.ts`], {
    cwd: root,
    env: { ...process.env, ...(dialect ? { BENCH_DIALECTS: dialect } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(
      `bench/${script}.ts${dialect ? ` (${dialect})` : ''} failed with status ${result.status}:\n${result.stdout}`,
    );
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{') && l.endsWith('}'));
  const values = lines.length ? lines.map((l) => JSON.parse(l)) : [JSON.parse(result.stdout)];
  console.log(
    `${script}${dialect ? ` (${dialect})` : ''}, ${Math.round((Date.now() - started) / 1000)} s:`,
    values.map((v) => JSON.stringify(v)).join('\n  '),
  );
  return values;
}

const perDialect = (script: string) => dialectsToRun().flatMap((d) => run(script, d));

// BENCH_ONLY=insight,sales runs only those and keeps the other figures of the last run.
const only = process.env.BENCH_ONLY?.split(',');
const latest = new URL('results/latest.json', import.meta.url);
const results: Record<string, unknown> = {
  ...(only && existsSync(latest) ? JSON.parse(readFileSync(latest, 'utf8')) : {}),
  machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  at: new Date().toISOString(),
};
const benches: [string, () => unknown][] = [
  ['sizes', () => run('sizes')[0]],
  ['startup', () => run('startup')[0]],
  ['widgetPost', () => perDialect('widget-post')],
  ['realtimeLatency', () => perDialect('realtime-latency')],
  ['customers', () => perDialect('customers')],
  ['import', () => perDialect('import')],
  // whatsapp-ingest prints its bare baseline first; the SQLite run's baseline is the one its ratio is measured against.
  [
    'whatsappIngest',
    () => {
      const ingest = dialectsToRun().map((d) => run('whatsapp-ingest', d));
      return [ingest[0]![0], ...ingest.map((values) => values[1])];
    },
  ],
  ['inbox', () => perDialect('inbox')],
  ['knowledge', () => perDialect('knowledge')],
  ['insight', () => perDialect('insight')],
  ['sales', () => perDialect('sales')],
  ['projects', () => perDialect('projects')],
  ['followups', () => perDialect('followups')],
  ['afterSales', () => perDialect('after-sales')],
];
for (const [key, bench] of benches) if (!only || only.includes(key)) results[key] = bench();
mkdirSync(new URL('results', import.meta.url), { recursive: true });
writeFileSync(latest, JSON.stringify(results, null, 2));
spawnSync(process.execPath, ['--import', 'tsx', 'bench/table.ts'], { cwd: root, stdio: 'inherit' });
