// Access properties of every route, from the OpenAPI document: another workspace's owner reaching this workspace's
// records by id, a viewer writing, an agent using an administrator's route, with requests shaped by each schema and
// filled with this workspace's real ids. None gets a 2xx, and afterwards the workspace is the same row by row.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, RequestMaker, type Route, idsIn, routesOf } from '../testing/api-fuzz.js';
import { Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';
import { compareBackups } from './backup/move.js';

const RUNS = Number(process.env.ACCESS_RUNS ?? 6);
/** Open to anyone signed in, or to nobody signed in at all: what is one's own, previews that write nothing, public pages. */
const selfService =
  /^\/api\/(setup|auth|me|notifications|invitations\/by-token|widget|webhooks\/whatsapp|public|portal\/\{address\}|segments\/preview|articles\/preview)(\/|$)/;
/** Routes addressed by a public token or address rather than a record id. */
const publicPath = /^\/api\/(public|widget|portal\/\{address\}|invitations\/by-token|webhooks\/whatsapp|help)\//;

let test: TestApp;
let owner: Client;
let doc: ApiDocument;
let maker: RequestMaker;

async function backup(client: Client): Promise<Uint8Array> {
  const reply = await test.app.inject({
    method: 'GET',
    url: '/api/workspace/backup',
    headers: { cookie: client.cookie },
  });
  if (reply.statusCode !== 200) throw new Error(`backup: ${reply.statusCode}`);
  return new Uint8Array(reply.rawPayload);
}

beforeAll(async () => {
  test = await startTestApp();
  owner = await ownerOf(test);
  // A workspace with one of nearly everything, so every kind of id exists.
  const contact = (await owner.post('/api/contacts', { name: 'Lucía Garza', emails: [{ value: 'lucia@garza.mx' }] }))
    .body;
  const company = (await owner.post('/api/companies', { name: 'Tornos del Norte' })).body;
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const deal = (
    await owner.post('/api/deals', { title: 'Plan', pipelineId: pipeline.id, value: 100, contactId: contact.id })
  ).body;
  await owner.post('/api/subscriptions', { contactId: contact.id, plan: 'Pyme', price: 100, startedOn: '2026-01-01' });
  await owner.post('/api/incidents', { summary: 'No timbra', contactId: contact.id, channel: 'phone' });
  const project = (await owner.post('/api/projects', { dealId: deal.id, kind: 'project' })).body;
  await owner.post(`/api/projects/${project.id}/tasks`, { title: 'Tornear', workingDays: 2 });
  await owner.post('/api/automation-rules', {
    name: 'r',
    event: 'deal.won',
    actions: [{ type: 'create_task', title: 'x' }],
  });
  await owner.post('/api/labels', { name: 'VIP' });
  await owner.post('/api/teams', { name: 'Soporte' });
  await owner.post('/api/segments', {
    name: 'Todos',
    definition: { match: 'all', rules: [{ field: 'status', operator: 'is', value: 'active' }] },
  });
  await owner.post('/api/surveys/from-template', { template: 'nps_active' });
  await owner.post('/api/articles', { title: 'Cancelar un CFDI', body: 'Pasos', language: 'es' });
  await owner.post('/api/sequences', {
    name: 's',
    trigger: 'manual',
    steps: [{ delayDays: 1, action: 'task', title: 'Llamar' }],
  });
  await owner.post('/api/tasks', { title: 'Llamar', contactId: contact.id });
  await owner.post(`/api/contacts/${contact.id}/notes`, { body: 'Nota' });
  await owner.post('/api/products', { name: 'Plan anual', price: 4_800 });
  await owner.post('/api/quotes', { dealId: deal.id, lines: [{ description: 'Plan', quantity: 1, unitPrice: 4_800 }] });
  const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@paloma.mx');
  await visitor.send('Hola');
  void company;
  doc = (await owner.get('/api/openapi.json')).body;
  // Every id the workspace's lists show.
  const ids = new Set<string>();
  for (const route of routesOf(doc)) {
    if (route.method !== 'get' || route.path.includes('{') || /openapi|backup|export|\.csv|\.zip/.test(route.path))
      continue;
    const reply = await owner.get(route.path);
    if (reply.status === 200 && typeof reply.body === 'object') idsIn(reply.body, ids);
  }
  maker = new RequestMaker(doc, [...ids], 0);
}, 120_000);
afterAll(() => test?.close());

async function neverThrough(client: Client, routes: Route[], who: string): Promise<string[]> {
  const through: string[] = [];
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(maker.requestsFor(route), async ({ method, url, body }) => {
        const reply = await client.request(method, url, body);
        if (reply.status >= 200 && reply.status < 300)
          through.push(`${who}: ${method} ${url} ${JSON.stringify(body)?.slice(0, 200)} → ${reply.status}`);
        return true;
      }),
      { numRuns: RUNS, seed: 20_261_205 },
    );
  }
  return through;
}

describe('access to every route', () => {
  it('another workspace gets nothing by id, a viewer writes nothing, an agent uses no administrator route; nothing changes', async () => {
    const before = await backup(owner);
    const routes = routesOf(doc).filter((r) => r.path.startsWith('/api/') && r.path !== '/api/realtime');
    const stranger = await ownerOf(test);
    const viewer = await memberOf(test, owner, 'viewer');
    const agent = await memberOf(test, owner, 'agent');
    const byId = routes.filter(
      (r) => r.path.includes('{') && !publicPath.test(r.path) && !r.path.startsWith('/api/me/'),
    );
    const writes = routes.filter((r) => r.method !== 'get' && !selfService.test(r.path));
    const administrative = routes.filter((r) => /\((admin|owner)/.test(r.op.summary ?? ''));
    expect(byId.length).toBeGreaterThan(100);
    expect(writes.length).toBeGreaterThan(150);
    expect(administrative.length).toBeGreaterThan(80);
    // API tokens of each role are held to the same lines as people of that role.
    const tokenOf = async (role: 'viewer' | 'agent') => {
      const client = new Client(test.app);
      client.bearer = (await owner.post('/api/api-tokens', { name: `${role} token`, role })).body.token;
      return client;
    };
    const [viewerToken, agentToken] = [await tokenOf('viewer'), await tokenOf('agent')];
    const foreignToken = new Client(test.app);
    foreignToken.bearer = (await stranger.post('/api/api-tokens', { name: 'ajeno', role: 'admin' })).body.token;
    const through = [
      ...(await neverThrough(stranger, byId, 'another workspace')),
      ...(await neverThrough(foreignToken, byId, "another workspace's admin token")),
      ...(await neverThrough(viewer, writes, 'viewer')),
      ...(await neverThrough(viewerToken, writes, 'viewer token')),
      ...(await neverThrough(agent, administrative, 'agent')),
      ...(await neverThrough(agentToken, administrative, 'agent token')),
    ];
    expect(through).toEqual([]);
    const changed = compareBackups(before, await backup(owner)).filter((t) => t.different > 0 || t.source !== t.target);
    // Inviting the viewer and the agent added them, and the tokens were made (with the audit of it); nothing else may differ.
    expect(
      changed
        .map((t) => t.table)
        .filter(
          (t) => !['users', 'memberships', 'invitations', 'audit_log', 'api_tokens', 'trusted_devices'].includes(t),
        ),
    ).toEqual([]);
  }, 600_000);

  it('a member limited to their teams gets nothing of another team’s conversation on any route, and changes nothing', async () => {
    const limited = await memberOf(test, owner, 'agent', 'Limitada');
    const me = (await limited.get('/api/auth/session')).body.user.id as string;
    await owner.post('/api/teams', { name: 'Cobranza', members: [{ userId: me }], autoAssign: false });
    const ventas = (await owner.post('/api/teams', { name: 'Ventas privadas', autoAssign: false })).body;
    const secret = await visitorOf(test, owner, 'Cliente Oculto', 'oculto@example.com');
    await secret.send('MARCA-OCULTA precio especial');
    const conversation = (await owner.get('/api/conversations')).body.items.find(
      (c: { contact: { name: string } }) => c.contact.name === 'Cliente Oculto',
    );
    await owner.patch(`/api/conversations/${conversation.id}`, { teamId: ventas.id });
    await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'MARCA-OCULTA nota interna',
      private: true,
    });
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from('MARCA-OCULTA')]);
    await test.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/attachments`,
      payload: png,
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'image/png',
        'x-file-name': 'oculto.png',
      },
    });
    await owner.patch(`/api/members/${me}`, { conversationAccess: 'teams' });
    const messages = (await owner.get(`/api/conversations/${conversation.id}/messages`)).body as {
      id: string;
      attachments: { id: string }[];
    }[];
    const hiddenIds = [
      conversation.id,
      ...messages.map((m) => m.id),
      ...messages.flatMap((m) => m.attachments.map((a) => a.id)),
    ];
    expect(hiddenIds.length).toBeGreaterThanOrEqual(4);
    const limitedTokenSecret = (
      await owner.post('/api/api-tokens', { name: 'por Limitada', role: 'agent', memberId: me })
    ).body.token as string;
    const auditBefore = new Set(((await owner.get('/api/audit-log')).body as { id: string }[]).map((e) => e.id));
    const before = await backup(owner);

    // Every route addressed by one of its ids, any method, bodies naming its ids: never through.
    const hiddenMaker = new RequestMaker(doc, hiddenIds, 0);
    const byId = routesOf(doc).filter(
      (r) =>
        r.path.startsWith('/api/') &&
        r.path.includes('{') &&
        !publicPath.test(r.path) &&
        !r.path.startsWith('/api/me/'),
    );
    const through: string[] = [];
    const limitedToken = new Client(test.app);
    limitedToken.bearer = limitedTokenSecret;
    for (const route of byId) {
      // Each of its ids in every path parameter, with bodies shaped by the schema that name its ids too.
      const [sample] = fc.sample(hiddenMaker.requestsFor(route), { numRuns: 1, seed: 20_261_207 });
      for (const id of hiddenIds) {
        const url = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
        for (const [who, client] of [
          ['limited', limited],
          ['limited token', limitedToken],
        ] as const) {
          const reply = await client.request(route.method.toUpperCase(), url, sample!.body);
          if ((reply.status >= 200 && reply.status < 300) || JSON.stringify(reply.body ?? '').includes('MARCA-OCULTA'))
            through.push(`${who}: ${route.method.toUpperCase()} ${url} → ${reply.status}`);
        }
      }
    }
    expect(through).toEqual([]);
    // Every list, search, report and export it may read: no trace of it.
    const leaks: string[] = [];
    const reads = routesOf(doc).filter(
      (r) =>
        r.method === 'get' && !r.path.includes('{') && r.path.startsWith('/api/') && !/openapi|backup/.test(r.path),
    );
    for (const url of [
      ...reads.map((r) => r.path),
      '/api/messages/search?q=marca',
      '/api/conversations?status=all&view=all',
      '/api/conversations?view=mentions',
    ]) {
      for (const client of [limited, limitedToken]) {
        const reply = await client.get(url);
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        for (const marker of ['MARCA-OCULTA', ...hiddenIds])
          if (text.includes(marker)) leaks.push(`${url} shows ${marker}`);
      }
    }
    expect(reads.length).toBeGreaterThan(60);
    expect(leaks).toEqual([]);
    const changed = compareBackups(before, await backup(owner)).filter((t) => t.different > 0 || t.source !== t.target);
    // The second backup's own download is recorded and the token's last use noted; nothing else may differ.
    expect(changed.map((t) => t.table)).toEqual(['api_tokens', 'audit_log']);
    expect(
      (await owner.get('/api/api-tokens')).body.find((t: { name: string }) => t.name === 'por Limitada').lastUsedAt,
    ).not.toBeNull();
    const audit = (await owner.get('/api/audit-log')).body as { id: string; action: string }[];
    // Reading records who read (the backups, the contacts export the sweep read): nothing else was done.
    expect([...new Set(audit.filter((e) => !auditBefore.has(e.id)).map((e) => e.action))].sort()).toEqual([
      'contacts.exported',
      'workspace.backup_downloaded',
    ]);
  }, 600_000);
});
