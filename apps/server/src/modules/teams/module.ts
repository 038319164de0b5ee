// Teams, their members and capacity, availability and routing rules.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { teamRoutes } from './routes.js';

export const teamsModule: ModuleDescriptor = { name: 'teams', routes: teamRoutes };
