// Projects and work orders: tasks, time, files, participants and their timeline.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { projectRoutes } from './routes.js';
import { projectSearch } from './search.js';

export const projectsModule: ModuleDescriptor = { name: 'projects', routes: projectRoutes, search: [projectSearch] };
