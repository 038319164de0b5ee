// Sustained WhatsApp webhook ingest: signed webhooks of one text message each from 1,000 customers, against the real
// server (signature check, contact by wa_id, conversation, message unique on wamid, realtime announcement), compared
// with a bare Fastify handler doing a single insert on the same database settings.
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { customerWebhook, dialectsToRun, workspaceOn } from './lib.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECRET = 'bench-app-secret-0123456789';
const PHONE_NUMBER_ID = '100000000000001';

async function load(url: string, sign: boolean, prefix: string) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          n += 1;
          const { body, signature } = customerWebhook(
            PHONE_NUMBER_ID,
            SECRET,
            n,
            `wamid.${prefix}${n}`,
            `Hola, necesito ayuda con la factura ${n}`,
          );
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (sign) headers['x-hub-signature-256'] = signature;
          return { ...request, headers, body };
        },
      },
    ],
  });
  return {
    messagesPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    total: result.requests.total,
    failed: result.non2xx + result.errors,
  };
}

export async function bareIngest(): Promise<{ messagesPerSecond: number; latencyP99Ms: number }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(process.execPath, ['bench/bare-ingest-server.mjs'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
  );
  try {
    return await load(`http://127.0.0.1:${port}/webhook`, false, 'B');
  } finally {
    child.kill();
  }
}

export async function whatsappIngest(dialect: 'sqlite' | 'postgres') {
  const ws = await workspaceOn(dialect);
  try {
    const headers = { 'content-type': 'application/json', cookie: ws.cookie, 'x-csrf-token': ws.csrf };
    const created = await fetch(`${ws.server.url}/api/inboxes/whatsapp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'WhatsApp',
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: 'bench-access-token-123',
        appSecret: SECRET,
      }),
    });
    const inbox = (await created.json()) as { id: string };
    const url = `${ws.server.url}/api/webhooks/whatsapp/${inbox.id}`;
    // Warm-up: every customer writes once, so the measured run is returning customers in open conversations.
    await load(url, true, 'W');
    const measured = await load(url, true, 'M');
    return { dialect, connections: CONNECTIONS, durationS: DURATION_S, ...measured };
  } finally {
    await ws.server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseline = await bareIngest();
  console.log(JSON.stringify({ baseline: 'bare Fastify + one SQLite insert', ...baseline }));
  for (const d of dialectsToRun()) {
    const result = await whatsappIngest(d);
    console.log(
      JSON.stringify({
        ...result,
        ratioToBare: d === 'sqlite' ? +(result.messagesPerSecond / baseline.messagesPerSecond).toFixed(2) : undefined,
      }),
    );
  }
}
