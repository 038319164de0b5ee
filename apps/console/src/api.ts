// The console's one door to the API: JSON in and out, the CSRF token on every change, typed errors.
import type { ApiErrorBody, ErrorCode } from '@atiende/contract';

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network_error',
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
  /** Field errors as Mantine form errors. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.fields.map((f) => [f.path, f.message]));
  }
}

/** An error to show where there is no form field to put it next to: the message, then each field's problem. */
export function describeError(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError)
    return [error.message, ...error.fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message))].join(' ');
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  raw?: { contentType: string; headers?: Record<string, string> },
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': document.documentElement.lang || 'es',
    ...raw?.headers,
  };
  if (body !== undefined) headers['content-type'] = raw?.contentType ?? 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      document.documentElement.lang === 'en' ? 'No connection to the server.' : 'Sin conexión con el servidor.',
    );
  }
  if (response.ok) return (await response.json()) as T;
  const payload = (await response.json().catch(() => null)) as ApiErrorBody | null;
  throw new ApiError(
    response.status,
    payload?.error.code ?? 'internal_error',
    payload?.error.message ?? response.statusText,
    payload?.error.fields,
  );
}
