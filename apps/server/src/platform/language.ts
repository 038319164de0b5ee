// Picks the caller's language: the signed-in user's choice, else Accept-Language, else Spanish.
import type { FastifyRequest } from 'fastify';

export type Lang = 'es' | 'en';

export function requestLanguage(request: FastifyRequest): Lang {
  const chosen = request.auth?.user?.language;
  if (chosen === 'es' || chosen === 'en') return chosen;
  const header = request.headers['accept-language'];
  if (typeof header === 'string') {
    for (const part of header.split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (tag === 'es' || tag === 'en') return tag;
    }
  }
  return 'es';
}
