// Service levels: policies, their clocks on conversations, and breaches.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { checkBreaches } from './breaches.js';
import { slaRoutes } from './routes.js';
import { provisionSlaPolicies } from './service.js';

export const slaModule: ModuleDescriptor = {
  name: 'sla',
  routes: slaRoutes,
  provision: provisionSlaPolicies,
  periodic: [{ name: 'sla-breaches', everyMs: 20_000, run: checkBreaches }],
};
