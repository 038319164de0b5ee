// Load held over time: 200 agents with the console open (200 realtime sockets, each receiving every new message) while
// WhatsApp webhooks arrive at a fixed rate (1,000 a second) for 10 minutes. Figures: the rate achieved, p50/p99
// latency, errors, frames delivered to the consoles, and the server's memory at the start and at the end of the
// measured run (anonymous RSS, sampled every 5 s). On PostgreSQL, two processes share the load and the consoles.
//   npx tsx bench/soak.ts      SOAK_SECONDS=600 SOAK_RATE=1000 SOAK_AGENTS=200 BENCH_DIALECTS=sqlite,postgres
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../e2e/harness.js';
import { customerWebhook, dialectsToRun, percentile } from './lib.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 1_000);
const AGENTS = Number(process.env.SOAK_AGENTS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 256);
const MAX_WAITING = 5_000;
const SECRET = 'soak-app-secret-0123456789';
const PHONE_NUMBER_ID = '100000000000090';

const CREATED = Buffer.from('{"type":"message.created"');
/**
 * The process's anonymous memory (JavaScript heap, buffers, SQLite's page cache) in MB. Pages of the SQLite file that
 * SQLite maps into memory (up to 256 MB) count in RSS as file-backed pages and grow with the file; they are not held.
 */
const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('RssAnon:'));
  return Math.round(Number(line?.replace(/\D/g, '') ?? 0) / 1024);
};

/** CPU seconds the process has used so far (user + system), from /proc. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * WhatsApp webhooks at a constant arrival rate, the way a sender that does not wait for earlier answers delivers them
 * (an open loop): request n is due at n / rate seconds and leaves then, or as soon as one of `CONNECTIONS` sockets is
 * free; its latency counts from when it was due, so a server that stalls is charged for every request queued behind the
 * stall. (A closed loop, where each connection sends its share of a second one after another, drops the share it
 * could not send in time and measures only the requests that got through.) A sender more than `MAX_WAITING` requests
 * behind gives the new ones up: they count as errors, as a webhook the server could not take.
 */
async function load(url: string, rate: number, seconds: number, prefix: string) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let ok = 0;
  let givenUp = 0;
  let waiting = 0;
  const send = (n: number, due: number) => {
    const { body, signature } = customerWebhook(
      PHONE_NUMBER_ID,
      SECRET,
      n,
      `wamid.${prefix}${n}`,
      `Necesito ayuda con la factura ${n}`,
    );
    waiting += 1;
    const done = (good: boolean) => {
      waiting -= 1;
      latencies.push(performance.now() - due);
      if (good) ok += 1;
    };
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        timeout: 30_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-hub-signature-256': signature,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode! >= 200 && response.statusCode! < 300));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => done(false));
    request.end(body);
  };
  const total = Math.round(rate * seconds);
  const started = performance.now();
  for (let n = 0; n < total;) {
    const now = performance.now();
    for (; n < total && started + (n * 1000) / rate <= now; n++) {
      if (waiting >= MAX_WAITING) givenUp += 1;
      else send(n, started + (n * 1000) / rate);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  while (waiting > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: total, ok, givenUp, latencies };
}

export async function soak(dialect: 'sqlite' | 'postgres') {
  const env = { LOG_LEVEL: 'warn' };
  const first = await startServer(dialect, env);
  const servers: RunningServer[] = [first];
  if (dialect === 'postgres') servers.push(await startServer('postgres', env, first));
  const sockets: WebSocket[] = [];
  try {
    const base = first.url;
    const setup = await fetch(`${base}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ownerName: 'Soak Owner',
        email: 'soak@example.com',
        password: 'soak password 1',
        companyName: 'Soak Co',
        language: 'es',
      }),
    });
    const cookie = setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await setup.json()) as { csrfToken: string };
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
    const inbox = (await (
      await fetch(`${base}/api/inboxes/whatsapp`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'WhatsApp',
          phoneNumberId: PHONE_NUMBER_ID,
          accessToken: 'soak-access-token-123',
          appSecret: SECRET,
        }),
      })
    ).json()) as { id: string };
    // The agents: invited, joined (each signed in), each with the console open.
    const cookies = [cookie];
    for (let i = 1; i < AGENTS; i++) {
      const invitation = (await (
        await fetch(`${base}/api/invitations`, { method: 'POST', headers, body: JSON.stringify({ role: 'agent' }) })
      ).json()) as { url: string };
      const token = invitation.url.split('/invite/')[1];
      const joined = await fetch(`${base}/api/invitations/by-token/${token}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Agente ${i}`, email: `agente${i}@soak.mx`, password: 'soak password 1' }),
      });
      cookies.push(
        joined.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      );
    }
    let frames = 0;
    for (const [i, agentCookie] of cookies.entries()) {
      const server = servers[i % servers.length]!;
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/realtime`, {
        headers: { cookie: agentCookie, origin: server.url },
      });
      // Counted without parsing: the consoles share the machine with the server.
      socket.on('message', (data: Buffer) => {
        for (let at = data.indexOf(CREATED); at !== -1; at = data.indexOf(CREATED, at + 1)) frames++;
      });
      await new Promise<void>(
        (resolve, reject) => (socket.once('open', () => resolve()), socket.once('error', reject)),
      );
      sockets.push(socket);
    }
    // Warm-up: every customer writes once.
    await Promise.all(
      servers.map((s, i) =>
        load(`${s.url}/api/webhooks/whatsapp/${inbox.id}`, Math.round(RATE / servers.length), 15, `W${i}-`),
      ),
    );
    const framesBefore = frames;
    const memory = servers.map(() => [] as number[]);
    // Each process's share of a core, per 5 s: a server below 100 % while the rate falls short waits on something else.
    const cpu = servers.map(() => [] as number[]);
    const lastCpu = servers.map((s) => cpuSeconds(s.pid));
    const sampler = setInterval(() => {
      servers.forEach((s, i) => {
        memory[i]!.push(rssMb(s.pid));
        const now = cpuSeconds(s.pid);
        cpu[i]!.push(Math.round(((now - lastCpu[i]!) / 5) * 100));
        lastCpu[i] = now;
      });
    }, 5_000);
    servers.forEach((s, i) => memory[i]!.push(rssMb(s.pid)));
    const results = await Promise.all(
      servers.map((s, i) =>
        load(`${s.url}/api/webhooks/whatsapp/${inbox.id}`, Math.round(RATE / servers.length), SECONDS, `M${i}-`),
      ),
    );
    clearInterval(sampler);
    servers.forEach((s, i) => memory[i]!.push(rssMb(s.pid)));
    await new Promise((r) => setTimeout(r, 3_000));
    const total = results.reduce((n, r) => n + r.sent, 0);
    const ok = results.reduce((n, r) => n + r.ok, 0);
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const average = (samples: number[]) => Math.round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length));
    // 12 samples of 5 s: a minute.
    const minuteOf = (samples: number[], which: 'first' | 'last') =>
      average(which === 'first' ? samples.slice(0, 12) : samples.slice(-12));
    return {
      dialect,
      processes: servers.length,
      agents: sockets.length,
      seconds: SECONDS,
      targetRate: RATE,
      sender: `open loop, ${CONNECTIONS} connections`,
      achievedRate: Math.round(ok / SECONDS),
      requests: total,
      errors: total - ok,
      givenUp: results.reduce((n, r) => n + r.givenUp, 0),
      latencyP50Ms: Math.round(percentile(latencies, 50)),
      latencyP99Ms: Math.round(percentile(latencies, 99)),
      latencyMaxMs: Math.round(latencies.at(-1) ?? 0),
      framesPerAgentPerMessage: +((frames - framesBefore) / Math.max(1, ok) / sockets.length).toFixed(3),
      rssMb: memory.map((m) => ({
        firstMinute: minuteOf(m, 'first'),
        lastMinute: minuteOf(m, 'last'),
        max: Math.max(...m),
      })),
      // Each minute's average, to tell a cache filling up to its size from a leak.
      rssMbByMinute: memory.map((m) =>
        Array.from({ length: Math.ceil(m.length / 12) }, (_, i) => average(m.slice(i * 12, i * 12 + 12))),
      ),
      cpuPercent: cpu.map((c) => ({ firstMinute: minuteOf(c, 'first'), lastMinute: minuteOf(c, 'last') })),
    };
  } finally {
    for (const s of sockets) s.close();
    for (const s of servers.slice().reverse()) await s.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  for (const d of dialectsToRun()) {
    const row = { ...(await soak(d)), at: new Date().toISOString() };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  // For bench/table.ts; a shorter run than the 10 minutes is not kept.
  if (SECONDS >= 600) {
    mkdirSync(new URL('results', import.meta.url), { recursive: true });
    writeFileSync(new URL('results/soak.json', import.meta.url), JSON.stringify(rows, null, 2));
  }
}
