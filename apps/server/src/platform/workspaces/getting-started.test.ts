import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GraphStandIn, startGraphStandIn } from '../../testing/graph-stand-in.js';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
let graph: GraphStandIn;
beforeEach(async () => {
  graph = await startGraphStandIn('EAAG-getting-started-token');
  test = await startTestApp({ whatsappGraphUrl: graph.url });
  // The mailbox below is on this machine (never connected to here).
  test.ctx.config.mailAllowPrivateHosts = true;
});
afterEach(async () => {
  await test.close();
  await graph.close();
});

const stepsOf = (body: { steps: { key: string; done: boolean }[] }) =>
  Object.fromEntries(body.steps.map((s) => [s.key, s.done]));

describe('getting started', () => {
  it('ticks each step from the data as the work is done, and is hidden and shown by an administrator', async () => {
    const owner = await ownerOf(test);
    const first = (await owner.get('/api/getting-started')).body;
    expect(first).toEqual({
      steps: ['whatsapp', 'email', 'website_chat', 'team', 'contacts', 'article', 'business_hours'].map((key) => ({
        key,
        done: false,
      })),
      done: 0,
      dismissed: false,
      starterContent: false,
    });

    const whatsapp = await owner.post('/api/inboxes/whatsapp', {
      name: 'WhatsApp ventas',
      phoneNumberId: '106540352242922',
      displayPhoneNumber: '+52 81 0000 0000',
      accessToken: 'EAAG-getting-started-token',
      appSecret: 'app-secret-0123456789abcdef',
    });
    expect(whatsapp.status, JSON.stringify(whatsapp.body)).toBe(201);
    const email = await owner.post('/api/inboxes/email', {
      name: 'Soporte',
      address: 'soporte@acme.test',
      imap: { host: '127.0.0.1', port: 1143, secure: false, user: 'soporte', password: 'secreto' },
      smtp: { host: '127.0.0.1', port: 1025, secure: false, user: 'soporte', password: 'secreto' },
    });
    expect(email.status, JSON.stringify(email.body)).toBe(201);
    await (await visitorOf(test, owner, 'Rosa')).send('Hola, ¿tienen envío a Saltillo?');
    await memberOf(test, owner, 'agent', 'Paola');
    const settings = (await owner.get('/api/workspace')).body;
    expect(
      (
        await owner.patch('/api/workspace', {
          businessHours: { ...settings.businessHours, sat: [{ open: '09:00', close: '13:00' }] },
        })
      ).status,
    ).toBe(200);
    let now = stepsOf((await owner.get('/api/getting-started')).body);
    // A visitor is a contact too; the article is the one step left.
    expect(now).toEqual({
      whatsapp: true,
      email: true,
      website_chat: true,
      team: true,
      contacts: true,
      article: false,
      business_hours: true,
    });
    await owner.post('/api/articles', { title: 'Cómo cancelar un CFDI', body: 'Paso 1…', language: 'es' });
    const all = (await owner.get('/api/getting-started')).body;
    expect(all.done).toBe(7);

    // Hidden by an administrator, not by an agent; and shown again.
    const agent = await memberOf(test, owner, 'agent', 'Luis');
    expect((await agent.request('PUT', '/api/getting-started', { dismissed: true })).status).toBe(403);
    expect((await owner.request('PUT', '/api/getting-started', { dismissed: true })).body.dismissed).toBe(true);
    expect((await agent.get('/api/getting-started')).body.dismissed).toBe(true);
    expect((await owner.request('PUT', '/api/getting-started', { dismissed: false })).body.dismissed).toBe(false);
    const bad = await owner.request('PUT', '/api/getting-started', { dismissed: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    now = stepsOf((await owner.get('/api/getting-started')).body);
    expect(Object.values(now).every(Boolean)).toBe(true);
  });

  it('adds the starter labels, quick replies and technique articles once, in the language, and they can be removed', async () => {
    const owner = await ownerOf(test, { language: 'es' });
    const agent = await memberOf(test, owner, 'agent', 'Paola');
    expect((await agent.post('/api/getting-started/starter-content')).status).toBe(403);
    const added = (await owner.post('/api/getting-started/starter-content')).body;
    expect(added.starterContent).toBe(true);
    // The starter articles are nobody's writing: the step stays to do.
    expect(added.steps.find((s: { key: string }) => s.key === 'article').done).toBe(false);
    const labels = (await owner.get('/api/labels')).body.map((l: { name: string }) => l.name);
    expect(labels).toEqual(
      expect.arrayContaining(['Nuevo cliente', 'Nuevo pedido', 'Pendiente de pago', 'Pagado', 'Pedido completado']),
    );
    const replies = (await owner.get('/api/quick-replies')).body.map((q: { shortcut: string }) => q.shortcut);
    expect(replies.sort()).toEqual(['gracias', 'saludo', 'seguimiento']);
    const articles = (await owner.get('/api/articles?q=heard')).body.items;
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ visibility: 'internal', status: 'published', language: 'es' });

    // Twice adds nothing twice; a removed label comes back only if asked again.
    await owner.post('/api/getting-started/starter-content');
    expect((await owner.get('/api/labels')).body).toHaveLength(5);
    expect((await owner.get('/api/quick-replies')).body).toHaveLength(3);
    expect((await owner.get('/api/articles')).body.total).toBe(3);
    const paid = (await owner.get('/api/labels')).body.find((l: { name: string }) => l.name === 'Pagado');
    expect((await owner.request('DELETE', `/api/labels/${paid.id}`)).status).toBeLessThan(300);
    expect((await owner.get('/api/labels')).body).toHaveLength(4);
  });

  it('a workspace made with starterContent: true starts with it, in English when it speaks English', async () => {
    const setup = await test.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        ownerName: 'Mary Smith',
        email: 'mary@example.com',
        password: 'correct horse battery',
        companyName: 'Smith Machining',
        language: 'en',
        starterContent: true,
      },
    });
    expect(setup.statusCode).toBe(201);
    const cookie = String(setup.headers['set-cookie']).split(';')[0]!;
    const get = async (url: string) =>
      JSON.parse((await test.app.inject({ method: 'GET', url, headers: { cookie } })).body);
    expect((await get('/api/labels')).map((l: { name: string }) => l.name)).toEqual(
      expect.arrayContaining(['New customer', 'Pending payment', 'Order complete']),
    );
    expect((await get('/api/getting-started')).starterContent).toBe(true);
    expect((await get('/api/articles?q=heard')).items[0].title).toBe('The HEARD technique: serving an upset customer');
  });
});
