// Companies in the one search (Ctrl/Cmd+K).
import type { Searcher } from '../../platform/modules.js';
import { listCompanies } from './service.js';

export const companySearch: Searcher = {
  kind: 'company',
  find: async (ctx, auth, q, limit) =>
    (await listCompanies(ctx, auth.workspaceId, { q, limit })).items.map((c) => ({
      kind: 'company',
      id: c.id,
      title: c.name,
      detail: c.industry ?? '',
      path: `/companies/${c.id}`,
    })),
};
