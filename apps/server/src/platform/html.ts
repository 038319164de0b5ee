// The pages the server writes itself (help center, privacy notice, survey answers, lead forms, the customer portal):
// text put into them is always escaped, and the forms they post come back through one parser.
import type { FastifyInstance, FastifyReply } from 'fastify';

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
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, parseForm(String(body))),
  );
}

/** One field of a parsed form, as text ('' when absent). */
export function formText(form: unknown, name: string): string {
  const value = (form as Record<string, string | string[]> | null)?.[name];
  return String([value].flat()[0] ?? '');
}

/**
 * A page the server wrote. No page may be framed, except where being embedded is its point (the help center, lead
 * forms), and then only by the company's own sites (`framedBy`, from the workspace's settings).
 */
export function sendPage(
  reply: FastifyReply,
  html: string,
  options: { status?: number; framedBy?: readonly string[] } = {},
) {
  const ancestors = options.framedBy?.length ? options.framedBy.join(' ') : "'none'";
  return reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-cache')
    .send(html);
}
