// Incidents and problems: root causes, steps, recurring problems and their analysis.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { incidentRoutes } from './routes.js';
import { provisionIncidentCategories } from './service.js';
import { incidentSearch } from './search.js';

export const incidentsModule: ModuleDescriptor = {
  name: 'incidents',
  routes: incidentRoutes,
  provision: provisionIncidentCategories,
  search: [incidentSearch],
};
