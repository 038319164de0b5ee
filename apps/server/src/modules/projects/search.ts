// Projects and work orders in the one search (Ctrl/Cmd+K): by reference (OT-0042), title or customer.
import type { Searcher } from '../../platform/modules.js';
import { listProjects } from './service.js';

export const projectSearch: Searcher = {
  kind: 'project',
  find: async (ctx, auth, q, limit) =>
    (await listProjects(ctx, auth.workspaceId, { q: q.slice(0, 100), offset: 0, limit })).items.map((p) => ({
      kind: 'project',
      id: p.id,
      title: `${p.reference} · ${p.title}`,
      detail: [p.contact?.name, p.company?.name].filter(Boolean).join(' · '),
      path: `/projects/${p.id}`,
    })),
};
