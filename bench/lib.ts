// Shared by the benchmarks: a built server on SQLite or PostgreSQL with a workspace, its owner and web chat visitors.
import { startServer, type RunningServer } from '../e2e/harness.js';
import type { Client } from '../apps/server/src/testing/harness.js';
import { inboundPayload, signWebhook } from '../apps/server/src/testing/graph-stand-in.js';

export interface BenchWorkspace {
  server: RunningServer;
  cookie: string;
  csrf: string;
  websiteToken: string;
}

export async function workspaceOn(dialect: 'sqlite' | 'postgres'): Promise<BenchWorkspace> {
  const server = await startServer(dialect, { LOG_LEVEL: 'warn', WIDGET_VISITORS_PER_IP: '1000000' });
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ownerName: 'Bench Owner',
      email: 'bench@example.com',
      password: 'bench password 1',
      companyName: 'Bench Co',
      language: 'es',
    }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${await setup.text()}`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const inboxes = (await (await fetch(`${server.url}/api/inboxes`, { headers: { cookie } })).json()) as {
    channel: string;
    websiteToken: string;
  }[];
  return { server, cookie, csrf: csrfToken, websiteToken: inboxes.find((i) => i.channel === 'webchat')!.websiteToken };
}

export async function visitors(ws: BenchWorkspace, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${ws.server.url}/api/widget/v1/visitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        websiteToken: ws.websiteToken,
        name: `Visitante ${i}`,
        email: `visitante${i}@example.com`,
      }),
    });
    tokens.push(((await response.json()) as { visitorToken: string }).visitorToken);
  }
  return tokens;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `BENCH_DIALECTS=sqlite,postgres` (the default), or `BENCH_POSTGRES=0` for SQLite only. */
export const dialectsToRun = (): ('sqlite' | 'postgres')[] =>
  process.env.BENCH_DIALECTS
    ? (process.env.BENCH_DIALECTS.split(',') as ('sqlite' | 'postgres')[])
    : process.env.BENCH_POSTGRES === '0'
      ? ['sqlite']
      : ['sqlite', 'postgres'];

/** Runs `fn` `runs` times one after another; p50 and p95 of the durations in ms. */
export async function timeRuns(
  runs: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: +percentile(samples, 50).toFixed(1), p95: +percentile(samples, 95).toFixed(1) };
}

/** A request that must succeed: anything but 2xx stops the benchmark with what the server said. */
export async function ok(client: Client, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const reply =
    method === 'GET'
      ? await client.get(url)
      : method === 'PATCH'
        ? await client.patch(url, body)
        : await client.post(url, body);
  if (reply.status >= 300) throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply;
}

/** How many WhatsApp customers the webhook benchmarks take turns with. */
export const WHATSAPP_CUSTOMERS = 1_000;

/** Customer n (of WHATSAPP_CUSTOMERS) writes `text`: the webhook's body as Meta sends it, and its X-Hub-Signature-256. */
export function customerWebhook(
  phoneNumberId: string,
  appSecret: string,
  n: number,
  messageId: string,
  text: string,
): { body: string; signature: string } {
  const customer = n % WHATSAPP_CUSTOMERS;
  const from = `52181${String(10_000_000 + customer).padStart(8, '0')}`;
  const body = JSON.stringify(
    inboundPayload(phoneNumberId, [
      { from, id: messageId, name: `Cliente ${customer}`, message: { type: 'text', text: { body: text } } },
    ]),
  );
  return { body, signature: signWebhook(body, appSecret) };
}
