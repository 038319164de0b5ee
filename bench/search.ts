// The one search (Ctrl/Cmd+K) on the demo workspace, as a new company would try it: customers by name, email or phone,
// quotes by number, words of messages, articles. Figure: p50/p95 of GET /api/search, in process.
import { demoPassword, openDemoWorkspace, team } from '../apps/server/src/modules/demo/index.js';
import { Client, startTestApp } from '../apps/server/src/testing/harness.js';
import { dialectsToRun, timeRuns } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const queries = [
  'garza',
  'rosa',
  'factura',
  'timbrar',
  'cotizacion',
  'COT-0003',
  '8112',
  'certificado sat',
  'pago',
  'vidrios',
];

export async function search(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    await openDemoWorkspace(test.ctx);
    const owner = new Client(test.app);
    const login = await owner.post('/api/auth/login', { email: team[0].email, password: demoPassword });
    if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const hits: Record<string, number> = {};
    const timing = await timeRuns(RUNS, async (i) => {
      const q = queries[i % queries.length]!;
      const reply = await owner.get(`/api/search?limit=5&q=${encodeURIComponent(q)}`);
      if (reply.status !== 200) throw new Error(`${q}: ${reply.status}`);
      hits[q] = reply.body.hits.length;
    });
    return { dialect, searchMs: timing, hitsPerQuery: hits };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await search(d)));
}
