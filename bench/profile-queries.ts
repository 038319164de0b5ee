// Where the dashboard's database time goes on SQLite (a development aid, not a benchmark): every statement of the
// timed dashboard reads, summed by its text.
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { generate } from './insight.js';

const test = await startTestApp({ dialect: 'sqlite' });
const owner = await ownerOf(test, { companyName: 'Perfil', language: 'es', timeZone: 'America/Mexico_City' });
const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
await generate(test, owner, workspaceId);
await sql`analyze`.execute(test.database.db);
const days = Number(process.env.PROFILE_DAYS ?? 30);
const to = Date.now();
const url = `/api/analytics/dashboard?from=${new Date(to - days * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}`;
await owner.get(url);
const proto = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
const spent = new Map<string, number>();
for (const name of ['all', 'get', 'run', 'iterate']) {
  const original = proto[name]!;
  proto[name] = function (this: { source: string }, ...args: unknown[]) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      spent.set(this.source, (spent.get(this.source) ?? 0) + performance.now() - started);
    }
  };
}
const runs = Number(process.env.PROFILE_RUNS ?? 10);
let total = 0;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  await owner.get(url);
  total += performance.now() - started;
}
console.log(`dashboard ${days} days: ${(total / runs).toFixed(1)} ms per read`);
for (const [source, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((ms / runs).toFixed(1).padStart(7), 'ms', source.replace(/\s+/g, ' ').slice(0, 230));
await test.close();
