// JSON request bodies: refused before parsing when nested deeper than any request of the API needs, because code that
// walks a parsed body (validation, the NUL check) recurses once per level and a body of 100,000 `[` overflows the stack.
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/** The deepest request the API takes is a few levels (segment rules in groups, a profile's lists): 32 is generous. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `text` opens more than `limit` arrays or objects inside each other. One pass over the characters, strings
 * skipped with their escapes; it does not validate anything else (the parser does).
 */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** JSON.parse for text from outside: too deep or malformed is `invalid_json`. */
export function parseJsonText(text: string): unknown {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) throw new AppError('invalid_json');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_json');
  }
}

/**
 * Replaces Fastify's JSON parser with the same one (`__proto__` and `constructor.prototype` refused) behind the depth
 * check. Scopes that read JSON as bytes (signed webhooks) register their own parser and check depth themselves.
 */
export function installJsonBodies(app: FastifyInstance): void {
  const standard = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new AppError('invalid_json'), undefined);
      return;
    }
    void standard(request, text, done);
  });
}
