// The knowledge base and the public help center.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { provisionHelpCenter } from './help-center.js';
import { knowledgeRoutes } from './routes.js';
import { articleSearch } from './search.js';

export const knowledgeModule: ModuleDescriptor = {
  name: 'knowledge',
  routes: knowledgeRoutes,
  provision: provisionHelpCenter,
  search: [articleSearch],
};
