// Customer health: a score per active customer with its reasons, and usage readings.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { healthRoutes } from './routes.js';
import { mergeUsage } from './service.js';

export const healthModule: ModuleDescriptor = {
  name: 'health',
  routes: healthRoutes,
  // Two records of one person: the readings of the one merged away count for the one kept.
  onBusinessEvent: async (_ctx, t, event) => {
    if (event.name === 'contact.merged') await mergeUsage(t, event.data.contact.id, event.data.contact.mergedId);
  },
};
