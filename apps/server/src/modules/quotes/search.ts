// Quotes in the one search (Ctrl/Cmd+K): by number (COT-0012), title or customer.
import type { Searcher } from '../../platform/modules.js';
import { listQuotes } from './service.js';

export const quoteSearch: Searcher = {
  kind: 'quote',
  find: async (ctx, auth, q, limit) =>
    (await listQuotes(ctx, auth.workspaceId, { q: q.slice(0, 100), offset: 0, limit })).items.map((quote) => ({
      kind: 'quote',
      id: quote.id,
      title: `${quote.reference} · ${quote.title}`,
      detail: [quote.contact?.name, quote.company?.name].filter(Boolean).join(' · '),
      path: `/quotes?open=${quote.id}`,
    })),
};
