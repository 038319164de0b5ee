// Access properties of every route, from the OpenAPI document: another workspace's owner reaching this workspace's
// records by id, a viewer writing, an agent using an administrator's route, with requests shaped by each schema and
// filled with this workspace's real ids. None gets a 2xx, and afterwards the workspace is the same row by row.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, RequestMaker, type Route, idsIn, routesOf } from '../testing/api-fuzz.js';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';
import { compareBackups } from './backup/move.js';

const RUNS = Number(process.env.ACCESS_RUNS ?? 6);
/** Open to anyone signed in, or to nobody signed in at all: what is one's own, previews that write nothing, public pages. */
const selfService = /^\/api\/(setup|auth|me|invitations\/by-token|widget|webhooks\/whatsapp|public|portal\/\{address\}|segments\/preview|articles\/preview)(\/|$)/;
/** Routes addressed by a public token or address rather than a record id. */
const publicPath = /^\/api\/(public|widget|portal\/\{address\}|invitations\/by-token|webhooks\/whatsapp|help)\//;

let test: TestApp;
let owner: Client;
let doc: ApiDocument;
let maker: RequestMaker;

async function backup(client: Client): Promise<Uint8Array> {
  const reply = await test.app.inject({ method: 'GET', url: '/api/workspace/backup', headers: { cookie: client.cookie } });
  if (reply.statusCode !== 200) throw new Error(`backup: ${reply.statusCode}`);
  return new Uint8Array(reply.rawPayload);
}

beforeAll(async () => {
  test = await startTestApp();
  owner = await ownerOf(test);
  // A workspace with one of nearly everything, so every kind of id exists.
  const contact = (await owner.post('/api/contacts', { name: 'Lucía Garza', emails: [{ value: 'lucia@garza.mx' }] })).body;
  const company = (await owner.post('/api/companies', { name: 'Tornos del Norte' })).body;
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const deal = (await owner.post('/api/deals', { title: 'Plan', pipelineId: pipeline.id, value: 100, contactId: contact.id })).body;
  await owner.post('/api/subscriptions', { contactId: contact.id, plan: 'Pyme', price: 100, startedOn: '2026-01-01' });
  await owner.post('/api/incidents', { summary: 'No timbra', contactId: contact.id, channel: 'phone' });
  const project = (await owner.post('/api/projects', { dealId: deal.id, kind: 'project' })).body;
  await owner.post(`/api/projects/${project.id}/tasks`, { title: 'Tornear', workingDays: 2 });
  await owner.post('/api/automation-rules', { name: 'r', event: 'deal.won', actions: [{ type: 'create_task', title: 'x' }] });
  await owner.post('/api/labels', { name: 'VIP' });
  await owner.post('/api/teams', { name: 'Soporte' });
  await owner.post('/api/segments', { name: 'Todos', definition: { match: 'all', rules: [{ field: 'status', operator: 'is', value: 'active' }] } });
  await owner.post('/api/surveys/from-template', { template: 'nps_active' });
  await owner.post('/api/articles', { title: 'Cancelar un CFDI', body: 'Pasos', language: 'es' });
  await owner.post('/api/sequences', { name: 's', trigger: 'manual', steps: [{ delayDays: 1, action: 'task', title: 'Llamar' }] });
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
    if (route.method !== 'get' || route.path.includes('{') || /openapi|backup|export|\.csv|\.zip/.test(route.path)) continue;
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
        if (reply.status >= 200 && reply.status < 300) through.push(`${who}: ${method} ${url} ${JSON.stringify(body)?.slice(0, 200)} → ${reply.status}`);
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
    const byId = routes.filter((r) => r.path.includes('{') && !publicPath.test(r.path) && !r.path.startsWith('/api/me/'));
    const writes = routes.filter((r) => r.method !== 'get' && !selfService.test(r.path));
    const administrative = routes.filter((r) => /\((admin|owner)/.test(r.op.summary ?? ''));
    expect(byId.length).toBeGreaterThan(100);
    expect(writes.length).toBeGreaterThan(150);
    expect(administrative.length).toBeGreaterThan(80);
    const through = [...(await neverThrough(stranger, byId, 'another workspace')), ...(await neverThrough(viewer, writes, 'viewer')), ...(await neverThrough(agent, administrative, 'agent'))];
    expect(through).toEqual([]);
    const changed = compareBackups(before, await backup(owner)).filter((t) => t.different > 0 || t.source !== t.target);
    // Inviting the viewer and the agent added them (and the audit of it); nothing else may differ.
    expect(changed.map((t) => t.table).filter((t) => !['users', 'memberships', 'invitations', 'audit_log'].includes(t))).toEqual([]);
  }, 600_000);
});
