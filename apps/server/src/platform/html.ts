// The pages the server writes itself (help center, privacy notice, survey answers, lead forms, the customer portal):
// text put into them is always escaped, and the forms they post come back through one parser.
import type { FastifyInstance } from 'fastify';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A form body as the browser sends it: repeated names (checkboxes) become lists. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const current = out[key];
    out[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return out;
}

/** In this scope, posted HTML forms arrive parsed (64 KB at most). */
export function acceptForms(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, parseForm(String(body))));
}

/** One field of a parsed form, as text ('' when absent). */
export function formText(form: unknown, name: string): string {
  const value = (form as Record<string, string | string[]> | null)?.[name];
  return String([value].flat()[0] ?? '');
}
