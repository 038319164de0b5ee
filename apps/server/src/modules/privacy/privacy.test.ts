import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { tenant } from '../../db/tenant.js';
import { storeFile } from '../../platform/storage/files.js';
import { eraseDueContacts } from './service.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const notice = {
  body: 'Factura Norte Software, S.A. de C.V., con domicilio en Monterrey, N.L., es responsable del uso de tus datos personales.\n\nUsamos tus datos para atender tus solicitudes.',
  purposes: [
    { key: 'service', name: 'Atender tus solicitudes y dar soporte', kind: 'primary' },
    { key: 'surveys', name: 'Encuestas de satisfacción', kind: 'secondary' },
    { key: 'marketing', name: 'Promociones y novedades', kind: 'secondary' },
  ],
};

async function withNotice(): Promise<Client> {
  const owner = await ownerOf(test);
  expect((await owner.post('/api/privacy/notice', notice)).status).toBe(201);
  return owner;
}

/** The raw bytes of a reply (inject gives text; a ZIP needs its bytes). */
async function download(
  client: Client,
  url: string,
): Promise<{ status: number; headers: Record<string, unknown>; bytes: Uint8Array }> {
  const response = await client.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });
  return { status: response.statusCode, headers: response.headers, bytes: new Uint8Array(response.rawPayload) };
}

describe('the privacy notice', () => {
  it('is published in versions that never change, and customers read it without signing in', async () => {
    const owner = await withNotice();
    const v2 = await owner.post('/api/privacy/notice', {
      ...notice,
      body: `${notice.body}\n\n<script>alert(1)</script> Cambios de 2026.`,
    });
    expect(v2.body).toMatchObject({
      version: 2,
      publicUrl: expect.stringMatching(/^http:\/\/atiende\.test\/privacy\/.+/),
    });
    expect((await owner.get('/api/privacy/notice/versions')).body.map((v: { version: number }) => v.version)).toEqual([
      2, 1,
    ]);
    expect((await owner.get('/api/privacy/notice/versions/1')).body.body).toBe(notice.body);

    const workspaceId = String(v2.body.publicUrl).split('/privacy/')[1];
    const page = await test.app.inject({ method: 'GET', url: `/privacy/${workspaceId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Encuestas de satisfacción');
    expect(page.body).toContain('&lt;script&gt;');
    expect(page.body).not.toContain('<script>');
    const api = await test.app.inject({ method: 'GET', url: `/api/public/privacy/${workspaceId}` });
    expect(JSON.parse(api.body).version).toBe(2);
    expect((await test.app.inject({ method: 'GET', url: '/privacy/nope' })).statusCode).toBe(404);
  });

  it('is written by admins, with purposes that have distinct keys', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.post('/api/privacy/notice', notice)).status).toBe(403);
    const bad = await owner.post('/api/privacy/notice', {
      body: 'corto',
      purposes: [
        { key: 'a1', name: 'x', kind: 'primary' },
        { key: 'a1', name: 'y', kind: 'other' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body', 'purposes.1.kind']);
    const twice = await owner.post('/api/privacy/notice', {
      ...notice,
      purposes: [notice.purposes[0], notice.purposes[0]],
    });
    expect(twice.body.error.fields).toEqual([{ path: 'purposes', message: 'Another field already uses this name' }]);
    expect((await owner.get('/api/privacy/notice')).body).toBeNull();
    const contact = await owner.post('/api/contacts', { name: 'Rosa Peña' });
    const early = await owner.post(`/api/contacts/${contact.body.id}/consents`, {
      purpose: 'marketing',
      decision: 'granted',
      channel: 'web_form',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('privacy_notice_missing');
  });
});

describe('consent per contact and purpose', () => {
  it('records grants and opt-outs with channel and notice version, and segments respect them', async () => {
    const owner = await withNotice();
    const agent = await memberOf(test, owner, 'agent');
    const rosa = await owner.post('/api/contacts', { name: 'Rosa Peña', status: 'active' });
    const juan = await owner.post('/api/contacts', { name: 'Juan Pérez', status: 'active' });
    const granted = await agent.post(`/api/contacts/${rosa.body.id}/consents`, {
      purpose: 'marketing',
      decision: 'granted',
      channel: 'web_form',
      evidence: 'Formulario de la Expo Pyme',
    });
    expect(granted.status).toBe(200);
    const optOut = await agent.post(`/api/contacts/${rosa.body.id}/consents`, {
      purpose: 'marketing',
      decision: 'revoked',
      channel: 'whatsapp',
    });
    const state = optOut.body.consents.find((c: { purpose: string }) => c.purpose === 'marketing');
    expect(state).toMatchObject({ decision: 'revoked', allowed: false, kind: 'secondary' });
    expect(optOut.body.consents.find((c: { purpose: string }) => c.purpose === 'surveys')).toMatchObject({
      decision: null,
      allowed: true,
    });
    expect(
      optOut.body.history.map((h: { decision: string; channel: string; noticeVersion: number }) => [
        h.decision,
        h.channel,
        h.noticeVersion,
      ]),
    ).toEqual([
      ['revoked', 'whatsapp', 1],
      ['granted', 'web_form', 1],
    ]);

    const reachable = await owner.post('/api/segments/preview', {
      definition: { match: 'all', rules: [{ field: 'consent', operator: 'has', value: 'marketing' }] },
    });
    expect(reachable.body.sample.map((c: { name: string }) => c.name)).toEqual(['Juan Pérez']);
    const optedOut = await owner.post('/api/segments/preview', {
      definition: { match: 'all', rules: [{ field: 'consent', operator: 'has_not', value: 'marketing' }] },
    });
    expect(optedOut.body.count).toBe(1);

    const unknown = await agent.post(`/api/contacts/${juan.body.id}/consents`, {
      purpose: 'spam',
      decision: 'granted',
      channel: 'email',
    });
    expect(unknown.body.error.fields).toEqual([
      { path: 'purpose', message: 'No es una finalidad del aviso de privacidad vigente' },
    ]);
    const stranger = await ownerOf(test);
    expect(
      (
        await stranger.post(`/api/contacts/${juan.body.id}/consents`, {
          purpose: 'service',
          decision: 'granted',
          channel: 'email',
        })
      ).status,
    ).toBe(404);
    expect((await stranger.get(`/api/contacts/${juan.body.id}/privacy`)).status).toBe(404);
  });
});

describe('ARCO requests', () => {
  it('carry the legal deadline in business days, and need an answer to be closed', async () => {
    const owner = await withNotice();
    const agent = await memberOf(test, owner, 'agent');
    const rosa = await owner.post('/api/contacts', { name: 'Rosa Peña' });
    // Friday 2026-11-06, 10:00 in Monterrey: 20 working days (Monday to Friday) later is Friday 2026-12-04.
    const logged = await agent.post('/api/privacy/requests', {
      kind: 'access',
      contactId: rosa.body.id,
      requesterName: 'Rosa Peña',
      requesterEmail: 'ROSA@paloma.mx',
      channel: 'email',
      details: 'Quiero saber qué datos tienen de mí',
      receivedAt: '2026-11-06T16:00:00Z',
    });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({
      status: 'received',
      dueAt: '2026-12-04T16:00:00.000Z',
      requesterEmail: 'rosa@paloma.mx',
      contactName: 'Rosa Peña',
    });
    expect((await agent.get('/api/privacy/requests')).status).toBe(403);

    const open = (await owner.get('/api/privacy/requests')).body;
    expect(open).toHaveLength(1);
    const noAnswer = await owner.patch(`/api/privacy/requests/${logged.body.id}`, { status: 'answered' });
    expect(noAnswer.body.error.fields).toEqual([{ path: 'response', message: 'Write the answer given to the person' }]);
    const answered = await owner.patch(`/api/privacy/requests/${logged.body.id}`, {
      status: 'answered',
      response: 'Te enviamos el archivo con tus datos.',
    });
    // Answered now: late once the fixed deadline above has passed (the story was written before it).
    expect(answered.body).toMatchObject({
      status: 'answered',
      overdue: Date.now() > Date.parse(logged.body.dueAt),
      answeredAt: expect.any(String),
      effectiveDueAt: expect.any(String),
    });
    expect((await owner.get('/api/privacy/requests')).body).toEqual([]);
    expect((await owner.get('/api/privacy/requests?status=closed')).body).toHaveLength(1);

    const late = await agent.post('/api/privacy/requests', {
      kind: 'opposition',
      requesterName: 'Alguien',
      channel: 'phone',
      details: 'No me llamen',
      receivedAt: '2026-01-05T16:00:00Z',
    });
    expect(late.body.overdue).toBe(true);
    const future = await agent.post('/api/privacy/requests', {
      kind: 'access',
      requesterName: 'X',
      channel: 'phone',
      details: 'x',
      receivedAt: '2099-01-01T00:00:00Z',
    });
    expect(future.body.error.fields[0].path).toBe('receivedAt');
    const strangerContact = await agent.post('/api/privacy/requests', {
      kind: 'access',
      contactId: 'not-a-contact',
      requesterName: 'X',
      channel: 'phone',
      details: 'x',
    });
    expect(strangerContact.body.error.fields).toEqual([
      { path: 'contactId', message: 'No existe ese contacto en este espacio de trabajo' },
    ]);
  });
});

describe("a contact's data", () => {
  it('exports everything held about them as a ZIP of JSON files (admins)', async () => {
    const owner = await withNotice();
    const agent = await memberOf(test, owner, 'agent');
    const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@paloma.mx');
    await visitor.send('Hola, mi factura no timbra');
    const contact = (await owner.get('/api/contacts?q=rosa')).body.items[0];
    await owner.post(`/api/contacts/${contact.id}/notes`, { body: 'Prefiere llamadas por la tarde' });
    await owner.post('/api/incidents', { contactId: contact.id, summary: 'No timbra su factura', attitudeBefore: 2 });
    await owner.post(`/api/contacts/${contact.id}/consents`, {
      purpose: 'surveys',
      decision: 'granted',
      channel: 'web_chat',
    });
    const message = await test.ctx.db.selectFrom('messages').select(['id', 'workspace_id']).executeTakeFirstOrThrow();
    await storeFile(tenant(test.ctx.db, message.workspace_id), {
      messageId: message.id,
      name: 'captura.png',
      contentType: 'image/png',
      data: new Uint8Array([137, 80, 78, 71]),
    });

    expect((await download(agent, `/api/contacts/${contact.id}/privacy/export.zip`)).status).toBe(403);
    const zip = await download(owner, `/api/contacts/${contact.id}/privacy/export.zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(String(zip.headers['content-disposition'])).toMatch(
      /attachment; filename="rosa-pena-\d{4}-\d{2}-\d{2}\.zip"/,
    );
    const files = unzipSync(zip.bytes);
    const names = Object.keys(files).sort();
    expect(names.filter((n) => !n.startsWith('files/'))).toEqual([
      'LEEME-README.txt',
      'consents.json',
      'contact.json',
      'conversations.json',
      'deals.json',
      'history.json',
      'incidents.json',
      'notes.json',
      'privacy-requests.json',
      'projects.json',
      'quotes.json',
      'subscriptions.json',
      'surveys.json',
    ]);
    const attachment = names.find((n) => n.startsWith('files/'))!;
    expect(attachment).toMatch(/^files\/[\w-]+-captura\.png$/);
    expect([...files[attachment]!]).toEqual([137, 80, 78, 71]);
    const read = (name: string) => JSON.parse(strFromU8(files[name]!));
    expect(read('contact.json')).toMatchObject({ name: 'Rosa Peña', email: 'rosa@paloma.mx' });
    expect(read('conversations.json')[0].messages[0].body).toBe('Hola, mi factura no timbra');
    expect(read('notes.json')[0].body).toBe('Prefiere llamadas por la tarde');
    expect(read('incidents.json')).toEqual([
      expect.objectContaining({ summary: 'No timbra su factura', attitudeBefore: 2 }),
    ]);
    // Starting the chat under the notice consented to its primary purpose; the surveys consent was recorded after.
    expect(
      read('consents.json').map((c: { purpose: string; channel: string; evidence: string | null }) => [
        c.purpose,
        c.channel,
        c.evidence,
      ]),
    ).toEqual([
      ['service', 'web_chat', 'Pre-chat form'],
      ['surveys', 'web_chat', null],
    ]);
    expect(read('history.json').map((h: { action: string }) => h.action)).toContain('privacy.consent_granted');
  });

  it('is blocked first (hidden from agents, segments and the inbox), then erased everywhere', async () => {
    const owner = await withNotice();
    const agent = await memberOf(test, owner, 'agent');
    const visitor = await visitorOf(test, owner, 'Rosa Zapatería', 'rosa@zapateria.mx');
    await visitor.send('Necesito mi constancia');
    const rosa = (await owner.get('/api/contacts?q=zapateria')).body.items[0];
    await owner.patch(`/api/contacts/${rosa.id}`, { phones: [{ value: '81 5555 1234' }], tags: ['VIP'] });
    await owner.post(`/api/contacts/${rosa.id}/notes`, { body: 'Palabraunica en una nota' });
    await owner.post('/api/incidents', {
      contactId: rosa.id,
      summary: 'Pide su constancia',
      customerWords: 'Necesito mi constancia',
    });
    const sent = await test.ctx.db
      .selectFrom('messages')
      .select(['id', 'workspace_id'])
      .where('body', '=', 'Necesito mi constancia')
      .executeTakeFirstOrThrow();
    await storeFile(tenant(test.ctx.db, sent.workspace_id), {
      messageId: sent.id,
      name: 'constancia.pdf',
      contentType: 'application/pdf',
      data: new Uint8Array([37, 80, 68, 70]),
    });
    const uploaded = await owner.request(
      'POST',
      '/api/imports',
      'name,email,phone\nRosa Zapatería,rosa@zapateria.mx,(81) 5555-1234\nOtro Cliente,otro@x.mx,\n',
      { 'content-type': 'text/csv', 'x-file-name': 'expo.csv' },
    );
    const request = await agent.post('/api/privacy/requests', {
      kind: 'cancellation',
      contactId: rosa.id,
      requesterName: 'Rosa',
      channel: 'email',
      details: 'Borren mis datos',
    });
    expect(
      (
        await owner.post('/api/segments', {
          name: 'VIP',
          definition: { match: 'all', rules: [{ field: 'tag', operator: 'has', value: 'VIP' }] },
        })
      ).body.count,
    ).toBe(1);

    expect((await agent.post(`/api/contacts/${rosa.id}/privacy/block`, {})).status).toBe(403);
    expect(
      (await owner.post(`/api/contacts/${rosa.id}/privacy/erase`, { confirmName: 'Rosa Zapatería' })).body.error.code,
    ).toBe('privacy_not_blocked');
    const blocked = await owner.post(`/api/contacts/${rosa.id}/privacy/block`, { requestId: request.body.id });
    expect(blocked.body.blockedAt).toEqual(expect.any(String));

    expect((await agent.get(`/api/contacts/${rosa.id}`)).status).toBe(404);
    expect((await agent.get(`/api/contacts/${rosa.id}/timeline`)).status).toBe(404);
    expect((await agent.get('/api/contacts?q=zapateria')).body.total).toBe(0);
    expect((await agent.get('/api/conversations?status=all')).body.items).toEqual([]);
    expect((await owner.get('/api/segments')).body[0].count).toBe(0);
    expect((await agent.patch(`/api/contacts/${rosa.id}`, { name: 'X' })).status).toBe(409);
    expect((await visitor.send('¿Siguen ahí?')).status).toBe(401);
    expect((await agent.get('/api/contacts?blocked=true')).status).toBe(403);
    expect((await owner.get('/api/contacts?blocked=true')).body.items.map((c: { name: string }) => c.name)).toEqual([
      'Rosa Zapatería',
    ]);
    expect((await owner.get(`/api/contacts/${rosa.id}`)).body.privacyBlockedAt).toEqual(expect.any(String));
    // An import cannot bring a blocked person back.
    const preview = await owner.post(`/api/imports/${uploaded.body.id}/preview`, {
      mapping: ['name', 'email', 'phone'],
      source: 'Expo',
      onDuplicate: 'update',
    });
    expect(preview.body.examples.find((e: { line: number }) => e.line === 2).reason).toBe('privacy_blocked');

    const wrongName = await owner.post(`/api/contacts/${rosa.id}/privacy/erase`, { confirmName: 'Rosa' });
    expect(wrongName.body.error.fields[0].path).toBe('confirmName');
    const erased = await owner.post(`/api/contacts/${rosa.id}/privacy/erase`, {
      confirmName: 'rosa zapatería',
      requestId: request.body.id,
    });
    expect(erased.status).toBe(200);

    const db = test.ctx.db;
    expect((await owner.get(`/api/contacts/${rosa.id}`)).status).toBe(404);
    expect(await db.selectFrom('contact_identities').select('id').where('contact_id', '=', rosa.id).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('conversations').select('id').where('contact_id', '=', rosa.id).execute()).toEqual([]);
    expect(await db.selectFrom('messages').select('id').where('body', 'like', '%constancia%').execute()).toEqual([]);
    expect(await db.selectFrom('notes').select('id').where('subject_id', '=', rosa.id).execute()).toEqual([]);
    expect(
      await db.selectFrom('incidents').select('id').where('customer_words', 'like', '%constancia%').execute(),
    ).toEqual([]);
    expect(await db.selectFrom('files').select('id').where('name', '=', 'constancia.pdf').execute()).toEqual([]);
    expect(await db.selectFrom('record_tags').select('tag').where('record_id', '=', rosa.id).execute()).toEqual([]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', rosa.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['privacy.contact_erased']);
    expect(audit[0]!.details).not.toContain('Rosa');
    const file = await db
      .selectFrom('imports')
      .select('content')
      .where('id', '=', uploaded.body.id)
      .executeTakeFirstOrThrow();
    expect(file.content).toBe('name,email,phone\nOtro Cliente,otro@x.mx,\n');
    const kept = (await owner.get('/api/privacy/requests')).body[0];
    expect(kept).toMatchObject({ id: request.body.id, contactId: null, requesterName: 'Rosa' });
    if (test.ctx.dialect === 'sqlite') {
      // Nothing of her remains readable in the full-text index either.
      const hits = await sql<{
        n: number;
      }>`select count(*) as n from contacts_fts where contacts_fts match 'palabraunica OR zapateria'`.execute(db);
      expect(Number(hits.rows[0]!.n)).toBe(0);
    }
  });

  it('is erased by itself when the blocking period set at block time ends', async () => {
    const owner = await withNotice();
    const pedro = await owner.post('/api/contacts', { name: 'Pedro Ruiz' });
    const other = await owner.post('/api/contacts', { name: 'Otra Persona' });
    await owner.post(`/api/contacts/${pedro.body.id}/privacy/block`, { eraseAfterDays: 0 });
    await owner.post(`/api/contacts/${other.body.id}/privacy/block`, { eraseAfterDays: 30 });
    expect(await eraseDueContacts(test.ctx)).toBe(1);
    expect((await owner.get(`/api/contacts/${pedro.body.id}`)).status).toBe(404);
    expect((await owner.get(`/api/contacts/${other.body.id}`)).body.privacyBlockedAt).toEqual(expect.any(String));
    const unblocked = await owner.post(`/api/contacts/${other.body.id}/privacy/unblock`);
    expect(unblocked.body).toMatchObject({ blockedAt: null, eraseAt: null });
    expect((await owner.get('/api/contacts')).body.items.map((c: { name: string }) => c.name)).toEqual([
      'Otra Persona',
    ]);
  });
});
