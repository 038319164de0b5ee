// Typed API errors with stable codes, and the one handler that turns any failure into { error: { code, message } }.
import { errorStatus, type ApiErrorBody, type ErrorCode } from '@atiende/contract';
import { errorMessages, fieldMessages } from '@atiende/contract/i18n';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, z } from 'zod';
import { requestLanguage } from './language.js';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(code);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export function errorBody(
  code: ErrorCode,
  language: 'es' | 'en',
  fields?: ApiErrorBody['error']['fields'],
): ApiErrorBody {
  return { error: { code, message: errorMessages[language][code], ...(fields?.length ? { fields } : {}) } };
}

type Issue = ZodError['issues'][number];
export type FieldProblem = { path: string; message: string };
const locales = { es: z.locales.es(), en: z.locales.en() };

/** A field problem in the caller's language: our own rules by their key, zod's by its locale. */
function describeIssue(issue: Issue, language: 'es' | 'en'): FieldProblem {
  const path = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
  const own = fieldMessages[language][issue.message];
  if (own) return { path, message: own };
  const localized = locales[language].localeError(issue as never);
  const message = typeof localized === 'string' ? localized : (localized?.message ?? issue.message);
  return { path, message };
}

/**
 * The database cannot be reached or cannot write right now (PostgreSQL restarting or a connection cut, a full disk,
 * an I/O error, a lock held too long): the request failed as a whole and may be tried again, so it is a 503, which
 * tells senders such as WhatsApp's webhooks to deliver again later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/^(08|57P0)/.test(code) || ['53100', '53200', '53300'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOSPC', 'EIO'].includes(code)) return true;
  if (/^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY|PROTOCOL|ABORT_ROLLBACK)/.test(code)) return true;
  return /Connection terminated|connection error|timeout exceeded when trying to connect|terminating connection|database system is (starting up|shutting down)/i.test(
    message,
  );
}

function classify(error: unknown, language: 'es' | 'en'): { code: ErrorCode; fields?: FieldProblem[] } {
  if (error instanceof AppError)
    return {
      code: error.code,
      fields: error.fields?.map((f) => ({ path: f.path, message: fieldMessages[language][f.message] ?? f.message })),
    };
  if (error instanceof ZodError)
    return { code: 'validation_failed', fields: error.issues.map((i) => describeIssue(i, language)) };
  const fastifyError = error as FastifyError & { validation?: unknown };
  if (fastifyError.validation && fastifyError.validation instanceof Array) {
    // fastify-type-provider-zod flattens each zod issue into { keyword: code, instancePath, message, params: rest }.
    const fields = (
      fastifyError.validation as {
        keyword: string;
        instancePath: string;
        message?: string;
        params?: Record<string, unknown>;
      }[]
    ).map((v) =>
      describeIssue(
        {
          ...v.params,
          code: v.keyword,
          message: v.message ?? '',
          path: v.instancePath.split('/').filter(Boolean),
        } as unknown as Issue,
        language,
      ),
    );
    return { code: 'validation_failed', fields };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'invalid_json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'body_too_large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type' };
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return { code: 'invalid_json' };
  if (fastifyError.statusCode === 429) return { code: 'too_many_attempts' };
  if (isDatabaseUnavailable(error)) return { code: 'service_unavailable' };
  return { code: 'internal_error' };
}

const isPlain = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) &&
  typeof value === 'object' &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/** Where a NUL character hides in a parsed request part (strings, arrays and plain objects; not raw file bytes). */
function nulAt(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (isPlain(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000') ? [...path, key].join('.') : nulAt(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  // Text never holds a NUL character (PostgreSQL refuses it outright, a page could not show it): a request carrying one
  // in its path, query or body is refused before any route looks at it, the same on both databases.
  app.addHook('preValidation', async (request) => {
    // The path and query parsers make objects of a prototype of their own: their entries are read as a plain object's.
    const dictionary = (part: unknown) =>
      part && typeof part === 'object' ? Object.fromEntries(Object.entries(part)) : part;
    for (const part of [dictionary(request.params), dictionary(request.query), request.body]) {
      const path = nulAt(part);
      if (path !== null) throw new AppError('validation_failed', [{ path, message: 'field.nulCharacter' }]);
    }
  });
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const language = requestLanguage(request);
    const { code, fields } = classify(error, language);
    const status = errorStatus[code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code }, 'request rejected');
    if (code === 'service_unavailable') reply.header('retry-after', '5');
    return reply.status(status).send(errorBody(code, language, fields));
  });
}
