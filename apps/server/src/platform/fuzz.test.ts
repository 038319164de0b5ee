// Property-based fuzz of every API route, generated from the same OpenAPI document programs read: path ids (real ones
// of the workspace, strangers' and garbage), query strings and JSON bodies shaped by each route's schema, plus
// arbitrary JSON. Whatever comes in, the answer is never a 5xx and never shows a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, ownerOf, startTestApp } from '../testing/harness.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; $ref?: string; const?: unknown; minimum?: number; maximum?: number; format?: string; additionalProperties?: boolean | Schema };
type Operation = { parameters?: { in: string; name: string; schema?: Schema; required?: boolean }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

/** Routes that would end the fuzzing session or rebuild the installation, not input handling under test. */
const skipped = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/setup/demo', 'POST /api/backup/restore', 'DELETE /api/workspace']);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let test: TestApp;
let owner: Client;
let ids: string[] = [];
let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

beforeAll(async () => {
  test = await startTestApp();
  owner = await ownerOf(test);
  // Real records for the ids to point at, so routes go past "not found" into their rules.
  const contact = (await owner.post('/api/contacts', { name: 'Lucía Garza', emails: [{ value: 'lucia@garza.mx' }] })).body;
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const deal = (await owner.post('/api/deals', { title: 'Plan', pipelineId: pipeline.id, value: 100, contactId: contact.id })).body;
  const sub = (await owner.post('/api/subscriptions', { contactId: contact.id, plan: 'Pyme', price: 100, startedOn: '2026-01-01' })).body;
  const incident = (await owner.post('/api/incidents', { summary: 'No timbra', contactId: contact.id, channel: 'phone' })).body;
  const project = (await owner.post('/api/projects', { dealId: deal.id, kind: 'project' })).body;
  const rule = (await owner.post('/api/automation-rules', { name: 'r', event: 'deal.won', actions: [{ type: 'create_task', title: 'x' }] })).body;
  const stranger = await ownerOf(test);
  const foreign = (await stranger.post('/api/contacts', { name: 'Ajeno' })).body;
  ids = [contact.id, pipeline.id, pipeline.stages[0].id, deal.id, sub.id, incident.id, project.id, rule.id, foreign.id].filter(Boolean);
  doc = (await owner.get('/api/openapi.json')).body;
});
afterAll(() => test?.close());

function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').at(-1)!]);
  return schema;
}

const garbage = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', ' ', '../../etc/passwd', '%00', '\u0000', 'null', '-1', '1e309', 'ñ🙂', "' OR 1=1 --", '<script>alert(1)</script>', 'a'.repeat(5_000)));

/** Values that fit the schema most of the time, and sometimes what does not. */
function arbitraryOf(input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const fitting = fittingOf(schema, depth);
  return fc.oneof({ arbitrary: fitting, weight: 8 }, { arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), garbage), weight: 1 });
}

function fittingOf(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => arbitraryOf(v, depth + 1)));
  if (schema.allOf?.length) return arbitraryOf(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date') return fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), garbage);
      if (schema.format === 'date-time') return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), garbage);
      return fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 60 }), garbage);
    case 'integer':
      return fc.oneof(fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1_000, 1e9) }), fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER));
    case 'number':
      return fc.oneof(fc.double({ min: -1e6, max: 1e12, noNaN: true }), fc.constantFrom(0, 0.005, -0.01, 1e300));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(arbitraryOf(schema.items, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = Object.entries(schema.properties ?? {});
      return fc.record(Object.fromEntries(props.map(([k, v]) => [k, arbitraryOf(v, depth + 1)])), { requiredKeys: (schema.required ?? []).filter((k) => props.some(([p]) => p === k)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function requestsFor(path: string, method: string, op: Operation) {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const body = op.requestBody?.content?.['application/json']?.schema;
  return fc.record({
    path: fc.tuple(...pathParams.map(() => fc.oneof(fc.constantFrom(...ids), fc.uuid(), garbage.map((g) => g.slice(0, 200))))).map((values) => pathParams.reduce((p, param, i) => p.replace(`{${param.name}}`, encodeURIComponent(String(values[i]))), path)),
    query: fc.record(Object.fromEntries(query.map((q) => [q.name, arbitraryOf(q.schema).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))])), { requiredKeys: [] }),
    body: body && method !== 'get' && method !== 'delete' ? arbitraryOf(body) : fc.constant(undefined),
  });
}

describe('every API route under arbitrary input', () => {
  it('answers without a 5xx and without a stack trace', async () => {
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(routes.length).toBeGreaterThan(200);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const { path, method, op } of routes) {
      if (skipped.has(`${method.toUpperCase()} ${path}`) || path === '/api/realtime') continue;
      await fc.assert(
        fc.asyncProperty(requestsFor(path, method, op), async ({ path: url, query, body }) => {
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const reply = await owner.request(method.toUpperCase(), `${url}${search ? `?${search}` : ''}`, body);
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          const bad = reply.status >= 500 || /\n\s+at |node_modules|\.ts:\d+/.test(text);
          if (bad) failures.push(`${method.toUpperCase()} ${url}?${search} ${JSON.stringify(body)?.slice(0, 300)} → ${reply.status} ${text.slice(0, 300)}`);
          return !bad;
        }),
        { numRuns: RUNS, seed: 20_261_205, endOnFailure: true },
      ).catch(() => {});
      // The session must survive the fuzzing of each route (nothing above may sign the owner out).
      if ((await owner.get('/api/auth/session')).status !== 200) throw new Error(`session lost after ${method} ${path}`);
    }
    console.log(`fuzz: ${routes.length} routes, ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests; answers ${[...statuses].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    expect(failures).toEqual([]);
  }, 300_000);
});
