// Service levels: policies, their clocks on conversations, and finding breaches (conversations tell people of them).
import type { ModuleDescriptor } from '../../platform/modules.js';
import { slaRoutes } from './routes.js';
import { provisionSlaPolicies } from './service.js';

export const slaModule: ModuleDescriptor = {
  name: 'sla',
  routes: slaRoutes,
  provision: provisionSlaPolicies,
};
