// From a visitor's POST to the frame on each of 100 connected console sockets: p50 and p99 over every delivery.
import WebSocket from 'ws';
import { dialectsToRun, percentile, visitors, workspaceOn } from './lib.js';

const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 100);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);

export async function realtimeLatency(dialect: 'sqlite' | 'postgres') {
  const ws = await workspaceOn(dialect);
  try {
    const [token] = await visitors(ws, 1);
    const sentAt = new Map<string, number>();
    const samples: number[] = [];
    const sockets = await Promise.all(
      Array.from(
        { length: CONSOLES },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(ws.server.url.replace('http', 'ws') + '/api/realtime', {
              headers: { cookie: ws.cookie, origin: ws.server.url },
            });
            socket.on('message', (data) => {
              const now = performance.now();
              const parsed = JSON.parse(String(data)) as
                { type: string; message?: { body: string } } | { type: string; message?: { body: string } }[];
              for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
                if (frame.type === 'ready') resolve(socket);
                if (frame.type === 'message.created' && frame.message) {
                  const at = sentAt.get(frame.message.body);
                  if (at !== undefined) samples.push(now - at);
                }
              }
            });
            socket.on('error', reject);
          }),
      ),
    );
    for (let i = 0; i < MESSAGES; i++) {
      const body = `mensaje ${i}`;
      sentAt.set(body, performance.now());
      await fetch(`${ws.server.url}/api/widget/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-visitor-token': token! },
        body: JSON.stringify({ body }),
      });
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 500));
    sockets.forEach((s) => s.close());
    samples.sort((a, b) => a - b);
    return {
      dialect,
      consoles: CONSOLES,
      messages: MESSAGES,
      deliveries: samples.length,
      expected: CONSOLES * MESSAGES,
      p50Ms: +percentile(samples, 50).toFixed(1),
      p99Ms: +percentile(samples, 99).toFixed(1),
    };
  } finally {
    await ws.server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const d of dialectsToRun()) console.log(JSON.stringify(await realtimeLatency(d)));
