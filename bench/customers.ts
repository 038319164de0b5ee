// Customer knowledge at scale: 100,000 contacts and 20,000 companies. Prints search p95, 3-rule segment count p95 and
// timeline p95 (for a contact with 2,000 items), measured through the API in-process, on SQLite and PostgreSQL.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { startTestApp, ownerOf, type TestApp, type Client } from '../apps/server/src/testing/harness.js';
import { generateCustomers } from './generate.js';
import { timeRuns, dialectsToRun } from './lib.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);

async function ok(client: Client, url: string, body?: unknown) {
  const reply = body === undefined ? await client.get(url) : await client.post(url, body);
  if (reply.status >= 300) throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function customers(dialect: 'sqlite' | 'postgres') {
  const test: TestApp = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test);
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id;
    const started = performance.now();
    const { historyContact } = await generateCustomers(test.ctx, workspaceId, {
      contacts: CONTACTS,
      companies: COMPANIES,
      historyItems: 2_000,
    });
    const generateS = +((performance.now() - started) / 1000).toFixed(1);
    // Fresh tables: autovacuum would shortly vacuum (visibility map, for index-only scans) and analyze them.
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
    const queries = [
      'garcia',
      'pena lopez',
      'ferreteria',
      '55 1234',
      'maria hernandez',
      'plan pyme',
      'jose',
      'abarrotes 12',
    ];
    const search = await timeRuns(RUNS, (i) =>
      ok(owner, `/api/contacts?limit=50&q=${encodeURIComponent(queries[i % queries.length]!)}`),
    );
    const definition = {
      match: 'all',
      rules: [
        { field: 'status', operator: 'is', value: 'active' },
        { field: 'tag', operator: 'has', value: 'Plan Pyme' },
        { field: 'totalSpent', operator: 'gt', value: 20_000 },
      ],
    };
    const saved = (await ok(owner, '/api/segments', { name: 'Pyme activos que gastan', definition })) as {
      id: string;
      count: number;
    };
    // GET /api/segments/:id answers with the live count: the figure the segment list and rule builder show.
    const segment = await timeRuns(RUNS, () => ok(owner, `/api/segments/${saved.id}`));
    const preview = await timeRuns(RUNS, () => ok(owner, '/api/segments/preview', { definition }));
    const count = saved.count;
    const timeline = await timeRuns(RUNS, () => ok(owner, `/api/contacts/${historyContact}/timeline?limit=50`));
    return {
      dialect,
      contacts: CONTACTS,
      companies: COMPANIES,
      generateS,
      searchMs: search,
      segmentCountMs: { ...segment, matched: count },
      segmentPreviewWithSampleMs: preview,
      timelineMs: timeline,
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await customers(d)));
}
