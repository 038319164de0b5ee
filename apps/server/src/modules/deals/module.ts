// The sales pipeline: pipelines, deals and their activities, and the web forms that bring leads.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { dealRoutes, leadFormRoutes } from './routes.js';
import { dealSearch } from './search.js';

export const dealsModule: ModuleDescriptor = {
  name: 'deals',
  routes: (app, ctx) => {
    dealRoutes(app, ctx);
    leadFormRoutes(app, ctx);
  },
  search: [dealSearch],
};
