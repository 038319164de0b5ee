// Installation backups and restores, as docs/operations.md tells operators to make them, while the server runs and
// writes: SQLite's online backup (`sqlite3 atiende.sqlite ".backup copy"`) and PostgreSQL's pg_dump/pg_restore. A copy
// taken under load must be consistent (integrity, foreign keys, no message without its conversation); a copy taken
// at rest, restored, must equal the original table by table and row by row, every stored file byte for byte (by its
// SHA-256), and serve: a server started on it signs the demo's owner in.
//   npx tsx e2e/faults/backup-round-trip.ts      (FAULT_DIALECT=postgres for pg_dump/pg_restore)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inboundPayload, signWebhook } from '../../apps/server/src/testing/graph-stand-in.js';
import { ServerProcess, freePort, scratchDatabase } from './process.js';

const DIALECT = process.env.FAULT_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const SECRET = 'fault-app-secret-0123456789';
const PHONE_NUMBER_ID = '100000000000080';
const work = mkdtempSync(join(tmpdir(), 'atiende-backup-'));
const created: { drop(): Promise<void> }[] = [];

async function createDatabase(): Promise<string> {
  const scratch = await scratchDatabase('atiende_copy');
  created.push(scratch);
  return scratch.url;
}

type Rows = Map<string, string[]>;
/** Every table's rows as sorted canonical JSON (binary columns as SHA-256), and every stored file's SHA-256. */
async function contents(target: string): Promise<{ tables: Rows; files: Map<string, string> }> {
  const canonical = (row: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(row)
        .sort()
        .map((k) => [
          k,
          row[k] instanceof Uint8Array
            ? createHash('sha256')
                .update(row[k] as Uint8Array)
                .digest('hex')
            : row[k] === null || row[k] === undefined
              ? null
              : typeof row[k] === 'object'
                ? JSON.stringify(row[k])
                : String(row[k]),
        ]),
    );
  const tables: Rows = new Map();
  const files = new Map<string, string>();
  if (DIALECT === 'sqlite') {
    const db = new Database(target, { readonly: true });
    for (const { name } of db
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
      .all() as { name: string }[]) {
      tables.set(
        name,
        (db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[]).map(canonical).sort(),
      );
    }
    for (const f of db.prepare('select id, data from files where data is not null').all() as {
      id: string;
      data: Buffer;
    }[])
      files.set(f.id, createHash('sha256').update(f.data).digest('hex'));
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    const names = (
      await client.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      )
    ).rows.map((r) => r.table_name);
    for (const name of names)
      tables.set(name, (await client.query(`select * from "${name}"`)).rows.map(canonical).sort());
    for (const f of (
      await client.query<{ id: string; data: Buffer }>('select id, data from files where data is not null')
    ).rows)
      files.set(f.id, createHash('sha256').update(f.data).digest('hex'));
    await client.end();
  }
  return { tables, files };
}

async function consistency(
  target: string,
): Promise<{ integrity: string; foreignKeyProblems: number; messagesWithoutConversation: number }> {
  if (DIALECT === 'sqlite') {
    const db = new Database(target, { readonly: true });
    const integrity = (db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check;
    const foreignKeyProblems = db.prepare('pragma foreign_key_check').all().length;
    const messagesWithoutConversation = (
      db
        .prepare(
          'select count(*) as n from messages m where not exists (select 1 from conversations c where c.id = m.conversation_id)',
        )
        .get() as { n: number }
    ).n;
    db.close();
    return { integrity, foreignKeyProblems, messagesWithoutConversation };
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  const messagesWithoutConversation = Number(
    (
      await client.query(
        'select count(*) as n from messages m where not exists (select 1 from conversations c where c.id = m.conversation_id)',
      )
    ).rows[0].n,
  );
  await client.end();
  // PostgreSQL checks every foreign key while pg_restore loads the data: it would have failed.
  return { integrity: 'restored by pg_restore', foreignKeyProblems: 0, messagesWithoutConversation };
}

/** The operator's copy: `sqlite3 … ".backup"` of the live file, or pg_dump of the live database restored elsewhere. */
async function copyOf(source: string, label: string): Promise<string> {
  if (DIALECT === 'sqlite') {
    const dir = join(work, label);
    execFileSync('mkdir', ['-p', dir]);
    const file = join(dir, 'atiende.sqlite');
    execFileSync('sqlite3', [source, `.backup '${file}'`]);
    return file;
  }
  const dump = join(work, `${label}.dump`);
  execFileSync('pg_dump', ['-Fc', '-f', dump, source]);
  const target = await createDatabase();
  execFileSync('pg_restore', ['--no-owner', '-d', target, dump]);
  return target;
}

let ok: boolean;
const report: Record<string, unknown> = { check: 'installation backup and restore under load', dialect: DIALECT };
const dataDir = join(work, 'live');
const databaseUrl = DIALECT === 'postgres' ? await createDatabase() : '';
const live = new ServerProcess(await freePort(), { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ATIENDE_DEMO: '1' });
try {
  await live.start();
  const demo = await fetch(`${live.url}/api/setup/demo`, { method: 'POST' });
  const cookie = demo.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await demo.json()) as { csrfToken: string };
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
  const inbox = (await (
    await fetch(`${live.url}/api/inboxes/whatsapp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'WhatsApp fallas',
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: 'fault-access-token-123',
        appSecret: SECRET,
      }),
    })
  ).json()) as { id: string };
  const source = DIALECT === 'sqlite' ? join(dataDir, 'atiende.sqlite') : databaseUrl;

  // Under load: customers keep writing while the copy is taken.
  let writing = true;
  let written = 0;
  const load = (async () => {
    for (let i = 0; writing; i++) {
      const body = JSON.stringify(
        inboundPayload(PHONE_NUMBER_ID, [
          {
            from: `52181${String(40_000_000 + (i % 100)).padStart(8, '0')}`,
            id: `wamid.backup.${i}`,
            name: `Cliente ${i % 100}`,
            message: { type: 'text', text: { body: `Mensaje ${i}` } },
          },
        ]),
      );
      const answer = await fetch(`${live.url}/api/webhooks/whatsapp/${inbox.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, SECRET) },
        body,
      });
      if (answer.ok) written++;
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  const underLoad = await copyOf(source, 'under-load');
  writing = false;
  await load;
  report.writtenDuringLoad = written;
  report.copyUnderLoad = await consistency(underLoad);

  // At rest (the server still running): the copy equals the original row by row and file by file.
  const atRest = await copyOf(source, 'at-rest');
  const [original, restored] = [await contents(source), await contents(atRest)];
  const tableReport = [...original.tables].map(([name, rows]) => {
    const other = restored.tables.get(name) ?? [];
    const otherSet = new Set(other);
    return { name, rows: rows.length, restored: other.length, different: rows.filter((r) => !otherSet.has(r)).length };
  });
  const differentTables = tableReport.filter((t) => t.rows !== t.restored || t.different > 0);
  const differentFiles = [...original.files].filter(([id, hash]) => restored.files.get(id) !== hash).length;
  report.tables = tableReport.length;
  report.rows = tableReport.reduce((n, t) => n + t.rows, 0);
  report.differentTables = differentTables.map((t) => t.name);
  report.files = original.files.size;
  report.differentFiles = differentFiles + Math.abs(original.files.size - restored.files.size);

  // The copy serves: a server started on it signs the demo's owner in and lists the same customers.
  await live.stop();
  const copyServer = new ServerProcess(
    await freePort(),
    DIALECT === 'sqlite'
      ? { DATA_DIR: join(work, 'at-rest'), DATABASE_URL: '' }
      : { DATA_DIR: join(work, 'copy-data'), DATABASE_URL: atRest },
  );
  await copyServer.start();
  const login = await fetch(`${copyServer.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'demo@atiende.demo', password: 'demo-atiende-2026' }),
  });
  const copyCookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const customers = (
    (await (await fetch(`${copyServer.url}/api/contacts?limit=1`, { headers: { cookie: copyCookie } })).json()) as {
      total: number;
    }
  ).total;
  await copyServer.stop();
  report.restoredServerSignsIn = login.status === 200;
  report.restoredCustomers = customers;
  const c = report.copyUnderLoad as {
    integrity: string;
    foreignKeyProblems: number;
    messagesWithoutConversation: number;
  };
  ok =
    ['ok', 'restored by pg_restore'].includes(c.integrity) &&
    c.foreignKeyProblems === 0 &&
    c.messagesWithoutConversation === 0 &&
    differentTables.length === 0 &&
    report.differentFiles === 0 &&
    original.files.size > 0 &&
    login.status === 200 &&
    customers === original.tables.get('contacts')?.length;
} finally {
  await live.stop().catch(() => {});
  for (const scratch of created) await scratch.drop();
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(report));
console.log(
  ok ? 'PASS: consistent under load; restored copy identical table by table and file by file, and it serves' : 'FAIL',
);
process.exit(ok ? 0 : 1);
