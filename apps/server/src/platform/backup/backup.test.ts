import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Client,
  type TestApp,
  dialect,
  memberOf,
  ownerOf,
  startTestApp,
  visitorOf,
} from '../../testing/harness.js';
import { migrationNames } from '../../db/migrate.js';
import { compareBackups, moveToPostgres } from './move.js';
import { RestoreError, restoreWorkspaceBackup } from './restore.js';
import { backupTables, notBackedUp } from './tables.js';

const apps: TestApp[] = [];
async function start(options: Parameters<typeof startTestApp>[0] = {}) {
  const test = await startTestApp(options);
  apps.push(test);
  return test;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function download(client: Client, url: string) {
  const response = await client.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });
  return { status: response.statusCode, headers: response.headers, bytes: new Uint8Array(response.rawPayload) };
}

/** A workspace with a bit of everything: people, companies, a chat, a note, a segment, a notice and a consent. */
async function populated(test: TestApp) {
  const owner = await ownerOf(test, { email: 'duena@facturanorte.mx', companyName: 'Factura Norte' });
  const agent = await memberOf(test, owner, 'agent', 'Luis');
  const company = await owner.post('/api/companies', { name: 'Tornos del Norte', employees: 12 });
  const contact = await owner.post('/api/contacts', {
    name: 'José Peña',
    emails: [{ value: 'jose@tornos.mx' }],
    phones: [{ value: '81 1234 5678' }],
    companies: [{ companyId: company.body.id, role: 'Compras' }],
    tags: ['VIP'],
  });
  await agent.post(`/api/contacts/${contact.body.id}/notes`, { body: 'Quiere factura global' });
  const visitor = await visitorOf(test, owner, 'Rosa Visitante', 'rosa@paloma.mx');
  await visitor.send('Hola, ¿me ayudan con mi CFDI?');
  await owner.post('/api/segments', {
    name: 'VIP',
    definition: { match: 'all', rules: [{ field: 'tag', operator: 'has', value: 'VIP' }] },
  });
  await owner.post('/api/privacy/notice', {
    body: 'Factura Norte es responsable de tus datos personales.',
    purposes: [{ key: 'service', name: 'Atenderte', kind: 'primary' }],
  });
  await owner.post(`/api/contacts/${contact.body.id}/consents`, {
    purpose: 'service',
    decision: 'granted',
    channel: 'paper',
  });
  return { owner, agent, contactId: contact.body.id as string };
}

describe('workspace backups', () => {
  it('cover every table a migration creates, or say why not', async () => {
    const test = await start();
    const tables = (await test.ctx.db.introspection.getTables())
      .map((t) => t.name)
      .filter((n) => !n.startsWith('kysely_') && !n.includes('_fts') && !n.startsWith('sqlite_'));
    const known = new Set<string>([...backupTables.map((t) => t.name), ...Object.keys(notBackedUp)]);
    expect(tables.filter((n) => !known.has(n))).toEqual([]);
  });

  it('are downloaded by the owner and restore into a fresh server with everything working', async () => {
    const test = await start();
    const { owner, agent, contactId } = await populated(test);
    expect((await download(agent, '/api/workspace/backup')).status).toBe(403);
    const backup = await download(owner, '/api/workspace/backup');
    expect(backup.status).toBe(200);
    expect(backup.headers['content-type']).toBe('application/zip');
    const files = unzipSync(backup.bytes);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({
      format: 'atiende-workspace-backup',
      version: 1,
      schema: migrationNames.at(-1),
      workspace: { name: 'Factura Norte' },
    });
    expect(manifest.tables).toMatchObject({
      contacts: 2,
      companies: 1,
      messages: 1,
      notes: 1,
      memberships: 2,
      users: 2,
      consents: 1,
      privacy_notices: 1,
      segments: 1,
    });
    expect(strFromU8(files['tables/users.jsonl']!)).toContain('$argon2id$');
    expect(Object.keys(files).filter((f) => f.startsWith('tables/sessions'))).toEqual([]);

    const fresh = await start();
    const restored = await restoreWorkspaceBackup(fresh.ctx.db, backup.bytes);
    expect(restored.workspace.name).toBe('Factura Norte');
    await expectWorkingCopy(fresh, contactId);
  });

  it.runIf(dialect === 'postgres')('move an installation from SQLite to PostgreSQL, checked row by row', async () => {
    const embedded = await start({ dialect: 'sqlite' });
    const { contactId } = await populated(embedded);
    const server = await start({ dialect: 'postgres' });
    const lines: string[] = [];
    const [moved] = await moveToPostgres(embedded.database, server.database, (line) => lines.push(line));
    expect(moved).toMatchObject({ name: 'Factura Norte', identical: true });
    expect(moved!.tables.find((t) => t.table === 'contacts')).toEqual({
      table: 'contacts',
      source: 2,
      target: 2,
      different: 0,
    });
    expect(lines.at(-1)).toMatch(/Factura Norte: \d+ rows in \d+ tables, identical/);
    await expectWorkingCopy(server, contactId);
    // Run twice, it refuses instead of copying over what is there.
    await expect(moveToPostgres(embedded.database, server.database)).rejects.toThrow(/already exists/);
  });

  it('compares two copies row by row and names the tables that differ', async () => {
    const test = await start();
    const { owner } = await populated(test);
    const before = (await download(owner, '/api/workspace/backup')).bytes;
    await owner.post('/api/contacts', { name: 'Otra persona' });
    const after = (await download(owner, '/api/workspace/backup')).bytes;
    const checks = compareBackups(before, after);
    expect(checks.filter((t) => t.different > 0 || t.source !== t.target).map((t) => t.table)).toEqual(
      expect.arrayContaining(['contacts']),
    );
    expect(compareBackups(before, before).every((t) => t.different === 0)).toBe(true);
  });

  it('restore all or nothing, and never over an existing workspace or account', async () => {
    const test = await start();
    const { owner } = await populated(test);
    const backup = await download(owner, '/api/workspace/backup');
    const before = await test.ctx.db.selectFrom('contacts').select('id').execute();
    await expect(restoreWorkspaceBackup(test.ctx.db, backup.bytes)).rejects.toThrow(/already exists/);
    expect(await test.ctx.db.selectFrom('contacts').select('id').execute()).toHaveLength(before.length);
    await expect(restoreWorkspaceBackup(test.ctx.db, new TextEncoder().encode('name,email\n'))).rejects.toBeInstanceOf(
      RestoreError,
    );

    const other = await start();
    await ownerOf(other, { email: 'duena@facturanorte.mx' });
    await expect(restoreWorkspaceBackup(other.ctx.db, backup.bytes)).rejects.toThrow(
      /already uses duena@facturanorte.mx/,
    );
    expect(await other.ctx.db.selectFrom('contacts').select('id').execute()).toEqual([]);
  });
});

/** The owner signs in on the new server with the old password and finds it all: search, notes, chat, consents. */
async function expectWorkingCopy(test: TestApp, contactId: string) {
  const { Client } = await import('../../testing/harness.js');
  const owner = new Client(test.app);
  expect(
    (await owner.post('/api/auth/login', { email: 'duena@facturanorte.mx', password: 'correct horse battery' })).status,
  ).toBe(200);
  expect((await owner.get('/api/contacts?q=pena')).body.items.map((c: { id: string }) => c.id)).toEqual([contactId]);
  expect((await owner.get('/api/contacts?q=8112345678')).body.total).toBe(1);
  const contact = (await owner.get(`/api/contacts/${contactId}`)).body;
  expect(contact).toMatchObject({ tags: ['VIP'], companies: [{ name: 'Tornos del Norte', role: 'Compras' }] });
  expect((await owner.get(`/api/contacts/${contactId}/notes`)).body[0].body).toBe('Quiere factura global');
  const inbox = (await owner.get('/api/conversations?status=all')).body.items;
  expect(inbox[0].lastMessagePreview).toBe('Hola, ¿me ayudan con mi CFDI?');
  expect((await owner.get('/api/segments')).body[0].count).toBe(1);
  expect((await owner.get(`/api/contacts/${contactId}/privacy`)).body.consents[0]).toMatchObject({
    purpose: 'service',
    decision: 'granted',
  });
}
