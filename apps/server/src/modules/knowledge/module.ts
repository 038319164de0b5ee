// The knowledge base and the public help center.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { provisionHelpCenter } from './help-center.js';
import { knowledgeRoutes } from './routes.js';
import { articleSearch } from './search.js';
import { starterArticles } from './starter.js';

export const knowledgeModule: ModuleDescriptor = {
  name: 'knowledge',
  routes: knowledgeRoutes,
  provision: provisionHelpCenter,
  search: [articleSearch],
  starter: starterArticles,
  gettingStarted: [
    {
      key: 'article',
      // Written or edited by someone: the starter articles alone do not count.
      done: async (t) =>
        Boolean(
          await t.selectFrom('articles').select('id').where('updated_by', 'is not', null).limit(1).executeTakeFirst(),
        ),
    },
  ],
};
