// Typed API errors with stable codes, and the one handler that turns any failure into { error: { code, message } }.
import { errorStatus, type ApiErrorBody, type ErrorCode } from '@atiende/contract';
import { errorMessages } from '@atiende/contract/i18n';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
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

export function errorBody(code: ErrorCode, language: 'es' | 'en', fields?: ApiErrorBody['error']['fields']): ApiErrorBody {
  return { error: { code, message: errorMessages[language][code], ...(fields?.length ? { fields } : {}) } };
}

function zodFields(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''),
    message: issue.message,
  }));
}

function classify(error: unknown): { code: ErrorCode; fields?: { path: string; message: string }[] } {
  if (error instanceof AppError) return { code: error.code, fields: error.fields };
  if (error instanceof ZodError) return { code: 'validation_failed', fields: zodFields(error) };
  const fastifyError = error as FastifyError & { validation?: unknown };
  if (fastifyError.validation && fastifyError.validation instanceof Array) {
    const fields = (fastifyError.validation as { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }[]).map(
      (v) => ({ path: (v.params?.issue?.path ?? []).join('.') || (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.'), message: v.message ?? '' }),
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
  return { code: 'internal_error' };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { code, fields } = classify(error);
    const status = errorStatus[code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code }, 'request rejected');
    return reply.status(status).send(errorBody(code, requestLanguage(request), fields));
  });
}
