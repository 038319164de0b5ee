// Incidents in the one search (Ctrl/Cmd+K): by the problem as told, its summary or customer.
import type { Searcher } from '../../platform/modules.js';
import { listIncidents } from './service.js';

export const incidentSearch: Searcher = {
  kind: 'incident',
  find: async (ctx, auth, q, limit) =>
    (await listIncidents(ctx, auth.workspaceId, { q, limit })).items.map((i) => ({
      kind: 'incident',
      id: i.id,
      title: `#${i.number} · ${i.summary || i.customerWords.slice(0, 120)}`,
      detail: [i.contact?.name, i.company?.name].filter(Boolean).join(' · '),
      path: `/incidents/${i.id}`,
    })),
};
