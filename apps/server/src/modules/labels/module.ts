// Labels of conversations.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { labelRoutes } from './routes.js';
import { starterLabels } from './starter.js';

export const labelsModule: ModuleDescriptor = { name: 'labels', routes: labelRoutes, starter: starterLabels };
