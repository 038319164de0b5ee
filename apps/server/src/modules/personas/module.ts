// Buyer personas, and how well each contact fits them.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { personaRoutes } from './routes.js';

export const personasModule: ModuleDescriptor = { name: 'personas', routes: personaRoutes };
