// The baseline for the WhatsApp ingest benchmark: a bare Fastify handler that parses the same webhook and does one
// insert (unique on the message id) into SQLite with the same settings Atiende uses (WAL, synchronous=FULL).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const db = new SQLite(join(mkdtempSync(join(tmpdir(), 'bare-ingest-')), 'bare.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(
  'create table messages (id integer primary key, source_id text not null unique, sender text not null, body text not null, created_at integer not null)',
);
const insert = db.prepare(
  'insert into messages (source_id, sender, body, created_at) values (?, ?, ?, ?) on conflict (source_id) do nothing',
);
const app = Fastify({ logger: false });
app.post('/webhook', async (request) => {
  for (const entry of request.body.entry ?? [])
    for (const change of entry.changes ?? [])
      for (const m of change.value?.messages ?? []) insert.run(m.id, m.from, m.text?.body ?? '', Date.now());
  return { ok: true };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
