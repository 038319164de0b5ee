// Hostile bodies under load: 8 clients send deeply nested JSON (200 KB of `[`, nested objects), huge arrays and long
// strings to routes signed in and not, for BENCH_DURATION seconds (default 20), while a health check runs every 50 ms.
// Prints the health check's p50/p99/max, the hostile requests answered per second and their statuses.
import { percentile, dialectsToRun, workspaceOn } from './lib.js';

const SECONDS = Number(process.env.BENCH_DURATION ?? 20);
const CLIENTS = 8;

const bodies = {
  deepArrays: '['.repeat(200_000),
  deepObjects: '{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000),
  hugeArray: JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)),
  longStrings: JSON.stringify({ name: 'x'.repeat(200_000) }),
};
const routes = [
  '/api/auth/login',
  '/api/contacts',
  '/api/segments/preview',
  '/api/widget/v1/visitors',
  '/api/deals',
  '/api/conversations/x/messages',
];

for (const dialect of dialectsToRun()) {
  const ws = await workspaceOn(dialect);
  const statuses = new Map<number, number>();
  let sent = 0;
  const until = Date.now() + SECONDS * 1000;
  const hostile = async (n: number) => {
    const kinds = Object.values(bodies);
    for (let i = n; Date.now() < until; i++) {
      const signedIn = i % 2 === 0;
      const response = await fetch(`${ws.server.url}${routes[i % routes.length]}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signedIn ? { cookie: ws.cookie, 'x-csrf-token': ws.csrf } : {}),
        },
        body: kinds[i % kinds.length],
      }).catch(() => null);
      await response?.arrayBuffer().catch(() => null);
      const status = response?.status ?? 0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      sent++;
    }
  };
  const waits: number[] = [];
  const health = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      await (await fetch(`${ws.server.url}/api/health`)).arrayBuffer();
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await Promise.all([health(), ...Array.from({ length: CLIENTS }, (_, n) => hostile(n))]);
  await ws.server.stop();
  waits.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'hostile-bodies',
      dialect,
      seconds: SECONDS,
      clients: CLIENTS,
      hostilePerSecond: Math.round(sent / SECONDS),
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      healthChecks: waits.length,
      healthP50Ms: +percentile(waits, 50).toFixed(1),
      healthP99Ms: +percentile(waits, 99).toFixed(1),
      healthMaxMs: +Math.max(...waits).toFixed(1),
    }),
  );
}
