// Picks the caller's language: the signed-in user's choice, else Accept-Language, else Spanish.
import type { FastifyRequest } from 'fastify';

export type Lang = 'es' | 'en';

export function requestLanguage(request: FastifyRequest): Lang {
  const chosen = request.auth?.user?.language;
  if (chosen === 'es' || chosen === 'en') return chosen;
  return acceptedLanguage(request.headers['accept-language']) ?? 'es';
}

/** The first of Spanish or English an Accept-Language header names, if any. */
export function acceptedLanguage(header: string | undefined): Lang | null {
  for (const part of header?.split(',') ?? []) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'es' || tag === 'en') return tag;
  }
  return null;
}

/** For public pages: the language asked for (?lang=, a form field), else the browser's, else the fallback. */
export function pageLanguage(asked: unknown, header: string | undefined, fallback: Lang): Lang {
  return asked === 'es' || asked === 'en' ? asked : (acceptedLanguage(header) ?? fallback);
}

/** A translated text with its `{{name}}` placeholders filled in (a missing value leaves nothing). */
export function fillText(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => values[key] ?? '');
}
