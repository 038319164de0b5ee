// Contacts (people): profile, identities, tags, timeline, duplicates and export.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { contactRoutes } from './routes.js';
import { unsubscribeRoutes } from './unsubscribe.js';
import { contactSearch } from './search.js';

export const contactsModule: ModuleDescriptor = {
  name: 'contacts',
  routes: (app, ctx) => {
    contactRoutes(app, ctx);
    unsubscribeRoutes(app, ctx);
  },
  search: [contactSearch],
  gettingStarted: [
    {
      key: 'contacts',
      done: async (t) => Boolean(await t.selectFrom('contacts').select('id').limit(1).executeTakeFirst()),
    },
  ],
};
