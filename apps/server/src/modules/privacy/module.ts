// Privacy (LFPDPPP): the notice, consents, ARCO requests, a contact's export, blocking and erasure.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { privacyRoutes } from './routes.js';
import { eraseDueContacts } from './service.js';

export const privacyModule: ModuleDescriptor = {
  name: 'privacy',
  routes: privacyRoutes,
  periodic: [{ name: 'erasures', everyMs: 60 * 60_000, run: eraseDueContacts }],
};
