// Customer health: a score per active customer with its reasons, and usage readings.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { healthRoutes } from './routes.js';

export const healthModule: ModuleDescriptor = { name: 'health', routes: healthRoutes };
