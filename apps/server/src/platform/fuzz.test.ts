// Property-based fuzz of every API route, generated from the same OpenAPI document programs read: path ids (real ones
// of the workspace, strangers' and garbage), query strings and JSON bodies shaped by each route's schema, plus
// arbitrary JSON. Whatever comes in, the answer is never a 5xx and never shows a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDocument, RequestMaker, routesOf } from '../testing/api-fuzz.js';
import { type Client, type TestApp, ownerOf, startTestApp } from '../testing/harness.js';

/** Routes that would end the fuzzing session or rebuild the installation, not input handling under test. */
const skipped = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'POST /api/setup/demo',
  'POST /api/backup/restore',
  'DELETE /api/workspace',
]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let test: TestApp;
let owner: Client;
let maker: RequestMaker;
let doc: ApiDocument;

beforeAll(async () => {
  test = await startTestApp();
  owner = await ownerOf(test);
  // Real records for the ids to point at, so routes go past "not found" into their rules.
  const contact = (await owner.post('/api/contacts', { name: 'Lucía Garza', emails: [{ value: 'lucia@garza.mx' }] }))
    .body;
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const deal = (
    await owner.post('/api/deals', { title: 'Plan', pipelineId: pipeline.id, value: 100, contactId: contact.id })
  ).body;
  const sub = (
    await owner.post('/api/subscriptions', { contactId: contact.id, plan: 'Pyme', price: 100, startedOn: '2026-01-01' })
  ).body;
  const incident = (
    await owner.post('/api/incidents', { summary: 'No timbra', contactId: contact.id, channel: 'phone' })
  ).body;
  const project = (await owner.post('/api/projects', { dealId: deal.id, kind: 'project' })).body;
  const rule = (
    await owner.post('/api/automation-rules', {
      name: 'r',
      event: 'deal.won',
      actions: [{ type: 'create_task', title: 'x' }],
    })
  ).body;
  const stranger = await ownerOf(test);
  const foreign = (await stranger.post('/api/contacts', { name: 'Ajeno' })).body;
  doc = (await owner.get('/api/openapi.json')).body;
  maker = new RequestMaker(
    doc,
    [
      contact.id,
      pipeline.id,
      pipeline.stages[0].id,
      deal.id,
      sub.id,
      incident.id,
      project.id,
      rule.id,
      foreign.id,
    ].filter(Boolean),
  );
});
afterAll(() => test?.close());

describe('every API route under arbitrary input', () => {
  it('answers without a 5xx and without a stack trace', async () => {
    const routes = routesOf(doc);
    expect(routes.length).toBeGreaterThan(200);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const route of routes) {
      if (skipped.has(`${route.method.toUpperCase()} ${route.path}`) || route.path === '/api/realtime') continue;
      await fc
        .assert(
          fc.asyncProperty(maker.requestsFor(route), async ({ method, url, body }) => {
            const reply = await owner.request(method, url, body);
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
            const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
            const bad = reply.status >= 500 || /\n\s+at |node_modules|\.ts:\d+/.test(text);
            if (bad)
              failures.push(
                `${method} ${url} ${JSON.stringify(body)?.slice(0, 300)} → ${reply.status} ${text.slice(0, 300)}`,
              );
            return !bad;
          }),
          { numRuns: RUNS, seed: 20_261_205, endOnFailure: true },
        )
        .catch(() => {});
      // The session must survive the fuzzing of each route (nothing above may sign the owner out).
      if ((await owner.get('/api/auth/session')).status !== 200)
        throw new Error(`session lost after ${route.method} ${route.path}`);
    }
    console.log(
      `fuzz: ${routes.length} routes, ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests; answers ${[
        ...statuses,
      ]
        .sort((x, y) => x[0] - y[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers hostile shapes (deep nesting, huge arrays, long strings) on every route with a 4xx, never a 5xx', async () => {
    const shapes = {
      'deep arrays': '['.repeat(50_000),
      'deep objects': '{"a":'.repeat(8_000) + '1' + '}'.repeat(8_000),
      'huge array': JSON.stringify(Array.from({ length: 3_000 }, (_, i) => ({ id: String(i) }))),
      'long strings': JSON.stringify({ name: 'x'.repeat(60_000), body: 'y'.repeat(1_000) }),
    };
    const failures: string[] = [];
    for (const route of routesOf(doc)) {
      const method = route.method.toUpperCase();
      if (method === 'GET' || skipped.has(`${method} ${route.path}`)) continue;
      const url = route.path.replace(/\{[^}]+\}/g, 'x');
      for (const [shape, body] of Object.entries(shapes)) {
        const reply = await owner.request(method, url, body, { 'content-type': 'application/json' });
        if (reply.status >= 500) failures.push(`${method} ${url} ${shape} → ${reply.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await owner.get('/api/auth/session')).status).toBe(200);
  }, 300_000);
});
