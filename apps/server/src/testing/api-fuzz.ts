// Requests generated from the API's own OpenAPI document, for property-based tests: the fuzz of every route, and the
// access properties (strangers, viewers and agents never get through where they must not).
import fc from 'fast-check';

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  const?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
};
export type Operation = {
  summary?: string;
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
export interface Route {
  path: string;
  method: string;
  op: Operation;
}
export interface GeneratedRequest {
  method: string;
  url: string;
  body: unknown;
}

export function routesOf(doc: ApiDocument): Route[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );
}

/** Every `id` in a JSON answer (lists, pages, nested records). */
export function idsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) idsIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') into.add(v);
      else idsIn(v, into);
    }
  }
  return into;
}

export const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    '%00',
    '\u0000',
    'null',
    '-1',
    '1e309',
    'ñ🙂',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    'a'.repeat(5_000),
  ),
);

/** Builds requests for a route: ids from `ids` (real records) or garbage, queries and bodies shaped by the schemas. */
export class RequestMaker {
  constructor(
    private readonly doc: ApiDocument,
    private readonly ids: string[],
    /** 0: always values that fit the schema; higher: more arbitrary JSON and hostile strings. */
    private readonly noise = 1,
  ) {}

  private resolve(schema: Schema | undefined): Schema {
    if (!schema) return {};
    if (schema.$ref) return this.resolve(this.doc.components?.schemas?.[schema.$ref.split('/').at(-1)!]);
    return schema;
  }

  /** Values that fit the schema most of the time, and sometimes what does not. */
  arbitraryOf(input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const fitting = this.fittingOf(this.resolve(input), depth);
    return this.noise
      ? fc.oneof(
          { arbitrary: fitting, weight: 8 },
          { arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), garbage), weight: this.noise },
        )
      : fitting;
  }

  private fittingOf(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants?.length) return fc.oneof(...variants.map((v) => this.arbitraryOf(v, depth + 1)));
    if (schema.allOf?.length) return this.arbitraryOf(schema.allOf[0], depth + 1);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    const text = this.noise
      ? fc.oneof(fc.constantFrom(...this.ids), fc.string({ maxLength: 60 }), garbage)
      : fc.oneof(fc.constantFrom(...this.ids), fc.string({ minLength: 1, maxLength: 30 }));
    switch (type) {
      case 'string':
        if (schema.format === 'date')
          return fc.oneof(
            fc
              .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
              .map((d) => d.toISOString().slice(0, 10)),
            garbage,
          );
        if (schema.format === 'date-time')
          return fc.oneof(
            fc
              .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
              .map((d) => d.toISOString()),
            garbage,
          );
        if (schema.format === 'email') return fc.emailAddress();
        return text;
      case 'integer':
        return fc.oneof(
          fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1_000, 1e9) }),
          fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER),
        );
      case 'number':
        return fc.oneof(
          fc.double({ min: -1e6, max: 1e12, noNaN: true }),
          fc.constantFrom(0, 1, 16, 0.005, -0.01, 1e300),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(this.arbitraryOf(schema.items, depth + 1), { maxLength: 3 });
      case 'object': {
        if (depth > 3) return fc.constant({});
        const props = Object.entries(schema.properties ?? {});
        return fc.record(Object.fromEntries(props.map(([k, v]) => [k, this.arbitraryOf(v, depth + 1)])), {
          requiredKeys: (schema.required ?? []).filter((k) => props.some(([p]) => p === k)),
        });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  /** Requests for one route: its path with ids filled in, a query and (for writes) a JSON body. */
  requestsFor({ path, method, op }: Route): fc.Arbitrary<GeneratedRequest> {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const query = params.filter((p) => p.in === 'query');
    const body = op.requestBody?.content?.['application/json']?.schema;
    const idValue = this.noise
      ? fc.oneof(
          fc.constantFrom(...this.ids),
          fc.uuid(),
          garbage.map((g) => g.slice(0, 200)),
        )
      : fc.constantFrom(...this.ids);
    return fc
      .record({
        path: fc
          .tuple(...pathParams.map(() => idValue))
          .map((values) =>
            pathParams.reduce(
              (p, param, i) => p.replace(`{${param.name}}`, encodeURIComponent(String(values[i]))),
              path,
            ),
          ),
        query: fc.record(
          Object.fromEntries(
            query.map((q) => [
              q.name,
              this.arbitraryOf(q.schema).map((v) =>
                typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                  ? String(v)
                  : JSON.stringify(v),
              ),
            ]),
          ),
          { requiredKeys: [] },
        ),
        body: body && method !== 'get' && method !== 'delete' ? this.arbitraryOf(body) : fc.constant(undefined),
      })
      .map(({ path: url, query: q, body: b }) => {
        const search = new URLSearchParams(q as Record<string, string>).toString();
        return { method: method.toUpperCase(), url: `${url}${search ? `?${search}` : ''}`, body: b };
      });
  }
}
