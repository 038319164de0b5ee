// Deals in the one search (Ctrl/Cmd+K): by title, customer or notes.
import type { Searcher } from '../../platform/modules.js';
import { listDeals } from './service.js';

export const dealSearch: Searcher = {
  kind: 'deal',
  find: async (ctx, auth, q, limit) =>
    (await listDeals(ctx, auth.workspaceId, { q: q.slice(0, 100), sort: 'updated', offset: 0, limit })).items.map(
      (d) => ({
        kind: 'deal',
        id: d.id,
        title: d.title,
        detail: [d.contact?.name, d.company?.name].filter(Boolean).join(' · '),
        path: `/deals?open=${d.id}`,
      }),
    ),
};
