// Training tracks built from the knowledge base, and their assignments.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { trainingRoutes } from './routes.js';

export const trainingModule: ModuleDescriptor = { name: 'training', routes: trainingRoutes };
