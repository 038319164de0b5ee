// Fault: the disk holding the SQLite file fills up while WhatsApp webhooks and people keep writing. The server must
// say so clearly (503 with a message, never 500, never a crash), store nothing half-written, pass SQLite's integrity
// check, and take everything again once space returns; every acknowledged message exists exactly once.
//   npx tsx e2e/faults/disk-full.ts     (needs root: it mounts a small tmpfs for the data directory)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { inboundPayload, signWebhook } from '../../apps/server/src/testing/graph-stand-in.js';
import { ServerProcess, freePort, setUp } from './process.js';

const SECRET = 'fault-app-secret-0123456789';
const PHONE_NUMBER_ID = '100000000000079';
const mountPoint = mkdtempSync(join(tmpdir(), 'atiende-disk-'));
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint]);
const dataDir = join(mountPoint, 'data');
let filler = 0;
const fillers: string[] = [];

/** Writes files until the disk refuses another byte. */
function fillDisk(): void {
  const chunk = Buffer.alloc(256 * 1024, 7);
  for (;;) {
    const file = join(mountPoint, `filler-${filler++}`);
    try {
      writeFileSync(file, chunk);
      fillers.push(file);
    } catch {
      // The last file is partly written: the disk is full to the byte.
      fillers.push(file);
      for (let i = 0; i < 64; i++) {
        try {
          writeFileSync(join(mountPoint, `crumb-${filler}-${i}`), Buffer.alloc(1_024, 1));
          fillers.push(join(mountPoint, `crumb-${filler}-${i}`));
        } catch {
          break;
        }
      }
      return;
    }
  }
}

const server = new ServerProcess(await freePort(), { DATA_DIR: dataDir, DATABASE_URL: '' });
const statuses = new Map<string, number>();
const count = (phase: string, status: string) =>
  statuses.set(`${phase} ${status}`, (statuses.get(`${phase} ${status}`) ?? 0) + 1);
let result: Record<string, unknown>;
let ok: boolean;
try {
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
  const acknowledged = new Set<string>();
  const send = async (i: number, phase: string) => {
    const id = `wamid.disk.${i}`;
    const body = JSON.stringify(
      inboundPayload(PHONE_NUMBER_ID, [
        {
          from: `52181${String(30_000_000 + (i % 200)).padStart(8, '0')}`,
          id,
          name: `Cliente ${i % 200}`,
          message: { type: 'text', text: { body: `Mensaje ${i} ${'x'.repeat(400)}` } },
        },
      ]),
    );
    try {
      const answer = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, SECRET) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      count(phase, String(answer.status));
      if (answer.ok) acknowledged.add(id);
      return answer.ok;
    } catch {
      count(phase, 'no answer');
      return false;
    }
  };
  // Before: some traffic.
  for (let i = 0; i < 300; i++) await send(i, 'before');
  // Full: webhooks and a person's write keep coming.
  fillDisk();
  const pending: number[] = [];
  for (let i = 300; i < 1_300; i++) if (!(await send(i, 'full'))) pending.push(i);
  const person = await fetch(`${server.url}/api/contacts`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Escrito con el disco lleno' }),
  });
  const personAnswer = {
    status: person.status,
    body: (await person.json()) as { error?: { code: string; message: string } },
  };
  const aliveWhileFull =
    server.alive &&
    (await fetch(`${server.url}/api/health`)
      .then((r) => r.status)
      .catch(() => 0)) !== 0;
  // Space returns: what was refused is delivered again, as Meta does.
  for (const file of fillers) rmSync(file, { force: true });
  for (let round = 0; round < 5 && pending.length; round++) {
    const again = pending.splice(0);
    for (const i of again) if (!(await send(i, 'after'))) pending.push(i);
  }
  const personAfter = (
    await fetch(`${server.url}/api/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Escrito con espacio' }),
    })
  ).status;
  const errors = server.log
    .filter((l) => l.includes('"level":50'))
    .slice(0, 3)
    .map((l) => l.slice(0, 400));
  await server.stop();
  const db = new Database(join(dataDir, 'atiende.sqlite'), { readonly: true });
  const stored = new Map(
    (
      db
        .prepare(
          `select source_id as id, count(*) as n from messages where source_id like 'wamid.disk.%' group by source_id`,
        )
        .all() as { id: string; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  const empty = (
    db
      .prepare(
        'select count(*) as n from conversations c where not exists (select 1 from messages m where m.conversation_id = c.id)',
      )
      .get() as { n: number }
  ).n;
  const integrity = (db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check;
  const halfContact = (
    db.prepare(`select count(*) as n from contacts where name = 'Escrito con el disco lleno'`).get() as { n: number }
  ).n;
  db.close();
  const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
  const duplicated = [...stored.values()].filter((n) => n > 1).length;
  const fiveHundreds = [...statuses].filter(([k]) => k.endsWith(' 500')).length;
  result = {
    check: 'disk full under the SQLite file',
    answers: Object.fromEntries([...statuses].sort()),
    personWhileFull: {
      status: personAnswer.status,
      code: personAnswer.body.error?.code,
      message: personAnswer.body.error?.message,
    },
    contactWrittenWhileFull: halfContact,
    aliveWhileFull,
    personAfterSpaceReturned: personAfter,
    acknowledged: acknowledged.size,
    stored: stored.size,
    missing,
    duplicated,
    stillRefused: pending.length,
    conversationsWithoutMessages: empty,
    integrity,
    ...(process.env.FAULT_DEBUG ? { errors } : {}),
  };
  ok =
    (statuses.get('full 503') ?? 0) > 0 &&
    fiveHundreds === 0 &&
    personAnswer.status === 503 &&
    aliveWhileFull &&
    personAfter === 201 &&
    missing === 0 &&
    duplicated === 0 &&
    pending.length === 0 &&
    acknowledged.size === 1_300 &&
    empty === 0 &&
    integrity === 'ok';
} finally {
  await server.stop().catch(() => {});
  execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
console.log(
  ok
    ? 'PASS: 503 with a message while full, nothing half-written, integrity ok, everything taken once space returned'
    : 'FAIL',
);
process.exit(ok ? 0 : 1);
