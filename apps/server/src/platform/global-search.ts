// The one search (Ctrl/Cmd+K): each module says how its records are found (ModuleDescriptor.search) and this route
// asks them all at once, within what the asker may see, keeping each kind's best few, kinds in the contract's order (people first, articles last).
import { SearchKind, SearchQuery, SearchResult } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authorize } from './auth/context.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { Searcher } from './modules.js';

function wantedKinds(list: string | undefined): Set<SearchKind> | null {
  if (!list?.trim()) return null;
  const kinds = new Set<SearchKind>();
  for (const word of list.split(',').map((k) => k.trim())) {
    const kind = SearchKind.safeParse(word);
    if (!kind.success) throw new AppError('validation_failed', [{ path: 'kinds', message: 'field.invalidOption' }]);
    kinds.add(kind.data);
  }
  return kinds;
}

export function globalSearchRoutes(app: FastifyInstance, ctx: AppContext, searchers: Searcher[]): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Everything that matches, a few of each kind: customers, companies, conversations, deals, quotes…',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (request) => {
      const auth = authorize(request);
      const { q, limit } = request.query;
      const kinds = wantedKinds(request.query.kinds);
      const asked = searchers
        .filter((s) => !kinds || kinds.has(s.kind))
        .sort((a, b) => SearchKind.options.indexOf(a.kind) - SearchKind.options.indexOf(b.kind));
      const found = await Promise.all(asked.map((s) => s.find(ctx, auth, q, limit)));
      return { query: q, hits: found.flatMap((hits) => hits.slice(0, limit)) };
    },
  );
}
