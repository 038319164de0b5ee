// Bad input never writes anything and always gets a clear, stable error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const messageCount = async () =>
  Number(
    (
      await test.database.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('bad input', () => {
  it('malformed JSON is invalid_json', async () => {
    const client = new Client(test.app);
    const reply = await client.request('POST', '/api/auth/login', '{"email": "a@b.c", ', {
      'content-type': 'application/json',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_json');
  });

  it('deeply nested JSON is invalid_json on any route, signed in or not, and the server keeps answering', async () => {
    const owner = await ownerOf(test);
    const arrays = '['.repeat(60_000);
    const objects = '{"a":'.repeat(9_000) + '1' + '}'.repeat(9_000);
    const stranger = new Client(test.app);
    for (const [client, url] of [
      [stranger, '/api/auth/login'],
      [owner, '/api/contacts'],
      [owner, '/api/segments/preview'],
      [stranger, '/api/widget/v1/visitors'],
    ] as const) {
      for (const body of [arrays, objects]) {
        const reply = await client.request('POST', url, body, { 'content-type': 'application/json' });
        expect(reply.status, url).toBe(400);
        expect(reply.body.error.code).toBe('invalid_json');
      }
    }
    // Nesting inside strings is text, not depth.
    const inString = await owner.post('/api/contacts', { name: '[['.repeat(60) });
    expect(inString.status).toBe(201);
    expect((await owner.get('/api/auth/session')).status).toBe(200);
  });

  it('unknown fields are refused by name (no mass assignment of role or workspace)', async () => {
    const owner = await ownerOf(test);
    const reply = await owner.patch('/api/me', { name: 'Ana', role: 'owner', workspaceId: 'other' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
    expect(reply.body.error.fields[0].message).toMatch(/role|workspaceId/);
    expect((await owner.get('/api/auth/session')).body.user.name).toBe('Ana Owner');
  });

  it('wrong types are validation_failed with the field', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    await visitor.send('Hola');
    const id = (await owner.get('/api/conversations')).body.items[0].id;
    const reply = await owner.post(`/api/conversations/${id}/messages`, { body: 42, private: 'yes' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body', 'private']);
    expect(await messageCount()).toBe(1);
  });

  it('names each field problem in the caller’s language', async () => {
    const client = new Client(test.app);
    client.language = 'es';
    const bad = await client.post('/api/setup', {
      ownerName: 'Ana',
      email: 'ana@',
      password: 'corta',
      companyName: 'X',
      language: 'es',
      timeZone: 'Marte/Olimpo',
    });
    const byPath = Object.fromEntries(
      bad.body.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
    );
    expect(bad.body.error.message).toBe('Algunos campos no son válidos.');
    expect(byPath.password).toBe('Al menos 10 caracteres');
    expect(byPath.timeZone).toMatch(/^Zona horaria desconocida/);
    expect(byPath.email).toMatch(/correo/);
    client.language = 'en';
    const english = await client.post('/api/setup', {
      ownerName: 'Ana',
      email: 'ana@',
      password: 'corta',
      companyName: 'X',
      language: 'es',
      timeZone: 'Marte/Olimpo',
    });
    expect(english.body.error.fields.find((f: { path: string }) => f.path === 'password').message).toBe(
      'At least 10 characters',
    );
  });

  it('an oversized body is body_too_large and nothing is stored', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    const reply = await visitor.send('x'.repeat(100 * 1024));
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('body_too_large');
    expect(await messageCount()).toBe(0);
  });

  it('a message over the length limit is refused before anything is written', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    const reply = await visitor.send('x'.repeat(5_001));
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields[0].path).toBe('body');
    expect(await messageCount()).toBe(0);
  });

  it('a non-JSON content type is refused', async () => {
    const client = new Client(test.app);
    const reply = await client.request('POST', '/api/auth/login', 'email=a', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(reply.status).toBe(415);
    expect(reply.body.error.code).toBe('unsupported_media_type');
  });

  it('an unknown route is route_not_found, in the caller’s language', async () => {
    const client = new Client(test.app);
    client.language = 'es-MX,es;q=0.9';
    const reply = await client.get('/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual({ code: 'route_not_found', message: 'No existe esa ruta de la API.' });
  });

  it('signed-out calls are unauthenticated, with no stack trace', async () => {
    const reply = await new Client(test.app).get('/api/conversations');
    expect(reply.status).toBe(401);
    expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a widget call with a bad visitor token is refused', async () => {
    const client = new Client(test.app);
    const reply = await client.request(
      'POST',
      '/api/widget/v1/messages',
      { body: 'hola' },
      { 'x-visitor-token': 'wv_forged' },
    );
    expect(reply.status).toBe(401);
    expect(await messageCount()).toBe(0);
  });
});

describe('the public pre-chat form', () => {
  it('limits how many visitors one address starts per hour', async () => {
    const limited = await startTestApp({ widgetVisitorsPerIpPerHour: 3 });
    try {
      const owner = await ownerOf(limited);
      for (let i = 0; i < 3; i++) await visitorOf(limited, owner);
      const inboxes = await owner.get('/api/inboxes');
      const refused = await new Client(limited.app).post('/api/widget/v1/visitors', {
        websiteToken: inboxes.body[0].websiteToken,
        name: 'Spam',
        email: 'spam@example.com',
      });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_attempts');
      expect(await limited.database.db.selectFrom('widget_visitors').selectAll().execute()).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });
});

describe('the API document', () => {
  it('describes every route from the same schemas, with the error shape', async () => {
    const doc = (await new Client(test.app).get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/conversations',
        '/api/conversations/{id}/messages',
        '/api/widget/v1/messages',
        '/api/invitations',
        '/api/subscriptions',
        '/api/subscriptions/{id}/renew',
        '/api/customer-health',
        '/api/usage-readings',
        '/api/automation-rules',
      ]),
    );
    // Named components, referred to from the routes.
    const resolve = (schema: { $ref?: string }) =>
      schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    const login = doc.paths['/api/auth/login'].post;
    expect(resolve(login.requestBody.content['application/json'].schema).required).toEqual(['email', 'password']);
    expect(resolve(login.responses['4XX'].content['application/json'].schema).required).toEqual(['error']);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Conversation', 'Message', 'Error']));
    // Every operation has its own id, as client generators need.
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/conversations/{id}/messages'].get.operationId).toBe('getConversationsByIdMessages');
    expect(doc.servers).toEqual([{ url: test.ctx.config.publicUrl, description: 'This Atiende server' }]);
  });
});

describe('security headers', () => {
  it('the console may not be framed or sniffed; API answers are data that never renders as a page', async () => {
    const client = new Client(test.app);
    const page = await client.get('/inbox');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    const api = await client.get('/api/auth/session');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('server-written pages are never framed, except the help center (and lead forms) by the company’s own listed sites', async () => {
    const owner = await ownerOf(test);
    const ancestors = async (path: string) =>
      /frame-ancestors ([^;]+)/.exec(
        String((await test.app.inject({ method: 'GET', url: path })).headers['content-security-policy']),
      )?.[1];
    const help = (await owner.get('/api/help-center')).body;
    const portal = (await owner.patch('/api/portal/settings', { enabled: true })).body;
    const portalPath = new URL(portal.url).pathname;
    expect(await ancestors(`/help/${help.slug}`)).toBe("'none'");
    expect(await ancestors(portalPath)).toBe("'none'");
    await owner.patch('/api/workspace', { websites: ['https://www.acme.mx'] });
    expect(await ancestors(`/help/${help.slug}`)).toBe('https://www.acme.mx');
    expect(await ancestors(`/help/${help.slug}/search?q=factura`)).toBe('https://www.acme.mx');
    // The portal (signed-in pages) never, whatever the workspace lists.
    expect(await ancestors(portalPath)).toBe("'none'");
  });
});
