// Where the service-standards dashboard (PROFILE=dashboard, the default; PROFILE_DAYS sets the period) or one survey's
// results page (PROFILE=survey; PROFILE_QUERY adds a query string) spends its database time (a development aid, not a
// benchmark): every statement of the timed reads, summed by its text, on SQLite or PostgreSQL (BENCH_DIALECTS).
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { generate } from './insight.js';

const dialect = (process.env.BENCH_DIALECTS as 'sqlite' | 'postgres') ?? 'sqlite';
const test = await startTestApp({ dialect });
const owner = await ownerOf(test, { companyName: 'Perfil', language: 'es', timeZone: 'America/Mexico_City' });
const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
const { csatId } = await generate(test, owner, workspaceId);
await sql`${sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze')}`.execute(test.database.db);
const survey = process.env.PROFILE === 'survey';
const days = Number(process.env.PROFILE_DAYS ?? 30);
const now = Date.now();
const url = survey
  ? `/api/surveys/${csatId}/results${process.env.PROFILE_QUERY ? `?${process.env.PROFILE_QUERY}` : ''}`
  : `/api/analytics/dashboard?from=${new Date(now - days * 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`;
await owner.get(url);
const spent = new Map<string, number>();
const note = (text: string, started: number) => spent.set(text, (spent.get(text) ?? 0) + performance.now() - started);
if (dialect === 'postgres') {
  const original = pg.Client.prototype.query as (...args: unknown[]) => Promise<unknown>;
  (pg.Client.prototype as unknown as { query: typeof original }).query = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text);
    const out = original.apply(this, args);
    return out instanceof Promise ? out.finally(() => note(text, started)) : out;
  };
} else {
  const proto = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const name of ['all', 'get', 'run', 'iterate']) {
    const original = proto[name]!;
    proto[name] = function (this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        note(this.source, started);
      }
    };
  }
}
const runs = Number(process.env.PROFILE_RUNS ?? 20);
let total = 0;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  await owner.get(url);
  total += performance.now() - started;
}
console.log(
  `${survey ? 'survey results' : `dashboard, ${days} days`} (${dialect}): ${(total / runs).toFixed(1)} ms per read`,
);
for (const [text, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log((ms / runs).toFixed(1).padStart(7), 'ms', text.replace(/\s+/g, ' ').slice(0, 260));
await test.close();
