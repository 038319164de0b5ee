// The API description (/api/openapi.json) as a generated client wants it: every schema the contract exports is a named
// component (by its export name), every route has an operation id, the server and the licence are said, and a file
// download says what it returns. Checked by a maintained linter in `npm test` (scripts/check-openapi.mjs).
import * as contract from '@atiende/contract';
import { errorStatus } from '@atiende/contract';
import { z } from 'zod';

/** Every error the API answers: a stable code, a message in the caller's language, the fields at fault. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

let registered = false;

/** Names the contract's schemas once per process, so routes refer to them ($ref) instead of repeating them inline. */
export function registerContractSchemas(): void {
  if (registered) return;
  registered = true;
  const schemas: [string, z.ZodType][] = [];
  for (const [name, value] of Object.entries(contract as Record<string, unknown>))
    if (value instanceof z.ZodType) schemas.push([name, value]);
  const names = new Set(schemas.map(([name]) => name));
  for (const [name, schema] of schemas) {
    // Request schemas are published as "<name>Input": "LoginInput" would meet "Login"'s own input form.
    if (name.endsWith('Input') && names.has(name.slice(0, -'Input'.length))) continue;
    // Path and query parameters are listed one by one in OpenAPI, never as a reference.
    if (/(Params|Query)$/.test(name)) continue;
    if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id: name });
  }
}

/** `GET /api/conversations/:id/messages` → `getConversationsByIdMessages`: unique, stable, URL-safe. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part));
  const camel = words
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return `${method.toLowerCase()}${camel}`;
}

/** A route that answers with a file: its type (or types) and what it is. */
export function fileResponse(types: string | string[], description: string) {
  return {
    200: {
      description,
      content: Object.fromEntries(
        (Array.isArray(types) ? types : [types]).map((type) => [
          type,
          { schema: z.any().meta({ type: 'string', format: 'binary' }) },
        ]),
      ),
    },
  };
}

/** The document with only the component schemas its operations reach (directly or through other components). */
export function withoutUnusedSchemas<T extends { paths?: unknown; components?: { schemas?: Record<string, unknown> } }>(
  doc: T,
): T {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(doc.paths);
  return {
    ...doc,
    components: {
      ...doc.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([n]) => used.has(n))),
    },
  };
}
