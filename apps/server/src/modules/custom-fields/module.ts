// Custom fields of contacts and companies.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { customFieldRoutes } from './routes.js';

export const customFieldsModule: ModuleDescriptor = { name: 'custom-fields', routes: customFieldRoutes };
