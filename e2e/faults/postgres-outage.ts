// Fault: PostgreSQL cuts every connection of the database several times and is then restarted, while WhatsApp
// webhooks keep arriving. The server must answer 503 (never 500) while it cannot write, so Meta redelivers; recover
// without being restarted itself (same process, live events flowing again); and hold every acknowledged message
// exactly once, with no half-written conversation.
//   npx tsx e2e/faults/postgres-outage.ts     (needs root and pg_ctlcluster, as on the CI machine)
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { inboundPayload, signWebhook } from '../../apps/server/src/testing/graph-stand-in.js';
import { ServerProcess, freePort, postgresUrl, scratchDatabase, setUp } from './process.js';

const MESSAGES = Number(process.env.FAULT_MESSAGES ?? 5_000);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 16);
const SECRET = 'fault-app-secret-0123456789';
const PHONE_NUMBER_ID = '100000000000078';

const scratch = await scratchDatabase('atiende_outage');
const { name, url: databaseUrl } = scratch;
const admin = () => new pg.Client({ connectionString: postgresUrl });
const dataDir = mkdtempSync(join(tmpdir(), 'atiende-outage-'));
const server = new ServerProcess(await freePort(), { DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
await server.start();
const owner = await setUp(server.url);
const headers = { 'content-type': 'application/json', cookie: owner.cookie, 'x-csrf-token': owner.csrf };
const inbox = (await (
  await fetch(`${server.url}/api/inboxes/whatsapp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'WhatsApp',
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: 'fault-access-token-123',
      appSecret: SECRET,
    }),
  })
).json()) as { id: string };
const webhook = `${server.url}/api/webhooks/whatsapp/${inbox.id}`;

const statuses = new Map<string, number>();
const acknowledged = new Set<string>();
const queue = Array.from({ length: MESSAGES }, (_, i) => i);
const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);

async function worker(): Promise<void> {
  for (;;) {
    const i = queue.shift();
    if (i === undefined) return;
    const id = `wamid.outage.${i}`;
    const body = JSON.stringify(
      inboundPayload(PHONE_NUMBER_ID, [
        {
          from: `52181${String(20_000_000 + (i % 300)).padStart(8, '0')}`,
          id,
          name: `Cliente ${i % 300}`,
          message: { type: 'text', text: { body: `Mensaje ${i}` } },
        },
      ]),
    );
    try {
      const answer = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, SECRET) },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      count(String(answer.status));
      if (answer.ok) {
        acknowledged.add(id);
        continue;
      }
    } catch {
      count('no answer');
    }
    queue.push(i);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
const progress = setInterval(() => {
  console.error(
    `… ${acknowledged.size}/${MESSAGES} acknowledged; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  if (!server.alive) {
    console.error(`FAIL: the server process died:\n${server.log.slice(-45).join('\n')}`);
    process.exit(1);
  }
}, 5_000);
const load = Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
// Connections cut three times, then the whole cluster restarted.
let cuts = 0;
for (let k = 0; k < 3; k++) {
  await sleep(1_500);
  const a = admin();
  await a.connect();
  const cut = await a.query(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
    [name],
  );
  cuts += cut.rowCount ?? 0;
  await a.end();
}
await sleep(1_000);
const cluster = readdirSync('/etc/postgresql')[0]!;
const restartStarted = Date.now();
// Not execFileSync: the webhooks must keep arriving while PostgreSQL is away (a blocked event loop sent none then).
await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'restart']);
const restartMs = Date.now() - restartStarted;
await load;
clearInterval(progress);
const loadSeconds = Math.round((Date.now() - started) / 1000);

// The same process serves again, and live events reach a console again (the event relay reconnected).
const healthy = (await fetch(`${server.url}/api/health`)).status === 200;
let liveAgain = false;
{
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/realtime`, {
    headers: { cookie: owner.cookie, origin: server.url },
  });
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(String(data)));
  await new Promise<void>((resolve, reject) => (socket.once('open', () => resolve()), socket.once('error', reject)));
  await sleep(300);
  const body = JSON.stringify(
    inboundPayload(PHONE_NUMBER_ID, [
      {
        from: '5218199999999',
        id: 'wamid.outage.after',
        name: 'Después',
        message: { type: 'text', text: { body: 'Después del corte' } },
      },
    ]),
  );
  await fetch(webhook, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, SECRET) },
    body,
  });
  for (let i = 0; i < 50 && !liveAgain; i++) {
    liveAgain = frames.some((f) => f.includes('Después del corte'));
    await sleep(100);
  }
  socket.close();
}
await server.stop();

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const stored = new Map(
  (
    await client.query<{ id: string; n: string }>(
      `select source_id as id, count(*) as n from messages where source_id like 'wamid.outage.%' and source_id <> 'wamid.outage.after' group by source_id`,
    )
  ).rows.map((r) => [r.id, Number(r.n)]),
);
const empty = Number(
  (
    await client.query<{ n: string }>(
      `select count(*) as n from conversations c where not exists (select 1 from messages m where m.conversation_id = c.id)`,
    )
  ).rows[0]!.n,
);
await client.end();
await scratch.drop();
rmSync(dataDir, { recursive: true, force: true });

const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
const duplicated = [...stored.values()].filter((n) => n > 1).length;
const answers = Object.fromEntries([...statuses].sort());
console.log(
  JSON.stringify({
    check: 'PostgreSQL connections cut and restarted during WhatsApp ingest',
    messages: MESSAGES,
    connectionsCut: cuts,
    restartMs,
    loadSeconds,
    answers,
    acknowledged: acknowledged.size,
    stored: stored.size,
    missing,
    duplicated,
    conversationsWithoutMessages: empty,
    healthyWithoutRestart: healthy,
    liveEventsAgain: liveAgain,
  }),
);
const ok =
  missing === 0 &&
  duplicated === 0 &&
  acknowledged.size === MESSAGES &&
  statuses.has('503') &&
  !statuses.has('500') &&
  empty === 0 &&
  healthy &&
  liveAgain;
console.log(ok ? 'PASS: 503 while PostgreSQL was away, recovered by itself, every acknowledged message once' : 'FAIL');
process.exit(ok ? 0 : 1);
