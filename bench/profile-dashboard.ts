// Where the dashboard's time goes (a development aid, not a benchmark): times each step once on a generated workspace.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { generate } from './insight.js';

const test = await startTestApp({ dialect: (process.env.BENCH_DIALECTS as 'sqlite') ?? 'sqlite' });
const owner = await ownerOf(test, { companyName: 'Perfil', language: 'es', timeZone: 'America/Mexico_City' });
const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
await generate(test, owner, workspaceId);
await sql`analyze`.execute(test.database.db).catch(() => undefined);
if (test.ctx.dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
const to = Date.now();
const from = to - 30 * 86_400_000;
const time = async (label: string, fn: () => Promise<unknown>) => {
  const started = performance.now();
  const out = await fn();
  console.log(label, (performance.now() - started).toFixed(1), 'ms', Array.isArray(out) ? `${out.length} rows` : '');
};
const db = test.database.db;
for (let i = 0; i < Number(process.env.PROFILE_RUNS ?? 3); i++) {
  await time('dashboard', () =>
    owner.get(
      `/api/analytics/dashboard${process.env.PROFILE_DAYS ? `?from=${new Date(to - Number(process.env.PROFILE_DAYS) * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}` : ''}`,
    ),
  );
  await time('facts 30 days', () =>
    db
      .selectFrom('conversation_facts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
  );
  await time('facts 30 days, 3 columns', () =>
    db
      .selectFrom('conversation_facts')
      .select(['channel', 'handle_ms', 'local_day'])
      .where('workspace_id', '=', workspaceId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
  );
  await time('count 30 days', () =>
    db
      .selectFrom('conversation_facts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute(),
  );
}
const plan =
  await sql`explain query plan select channel from conversation_facts where workspace_id = ${workspaceId} and created_at >= ${from} and created_at < ${to}`
    .execute(db)
    .catch(() => ({ rows: [] }));
console.log(JSON.stringify(plan.rows));
await test.close();
