// Knowledge-base articles in the one search (Ctrl/Cmd+K), internal ones included: the asker is of the team.
import type { Searcher } from '../../platform/modules.js';
import { listArticles } from './articles.js';

export const articleSearch: Searcher = {
  kind: 'article',
  find: async (ctx, auth, q, limit) =>
    (await listArticles(ctx, auth.workspaceId, { q, limit, offset: 0 })).items.map((a) => ({
      kind: 'article',
      id: a.id,
      title: a.title,
      detail: a.summary.slice(0, 160),
      path: `/knowledge/${a.id}`,
    })),
};
