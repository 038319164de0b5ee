// Throughput and latency of visitors posting website-chat messages (autocannon, 2 cores, server in its own process).
import autocannon from 'autocannon';
import { dialectsToRun, visitors, workspaceOn } from './lib.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

export async function widgetPost(dialect: 'sqlite' | 'postgres') {
  const ws = await workspaceOn(dialect);
  try {
    const tokens = await visitors(ws, 100);
    let n = 0;
    const result = await autocannon({
      url: `${ws.server.url}/api/widget/v1/messages`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            n += 1;
            return {
              ...request,
              headers: { 'content-type': 'application/json', 'x-visitor-token': tokens[n % tokens.length]! },
              body: JSON.stringify({ body: `Hola, tengo una duda con mi factura número ${n}` }),
            };
          },
        },
      ],
    });
    const non2xx = result.non2xx + result.errors;
    return {
      dialect,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      total: result.requests.total,
      failed: non2xx,
    };
  } finally {
    await ws.server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const d of dialectsToRun()) console.log(JSON.stringify(await widgetPost(d)));
