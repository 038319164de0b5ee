// Companies (organisations): their profile, people, notes and timeline.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { companyRoutes } from './routes.js';
import { companySearch } from './search.js';

export const companiesModule: ModuleDescriptor = { name: 'companies', routes: companyRoutes, search: [companySearch] };
