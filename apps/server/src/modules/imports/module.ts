// Importing contacts from CSV and vCard files, with preview, progress and rejected rows.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { importRoutes } from './routes.js';
import { runImport } from './service.js';

export const importsModule: ModuleDescriptor = {
  name: 'imports',
  routes: importRoutes,
  jobs: (ctx) => ctx.jobs.register('contacts.import', (payload) => runImport(ctx, payload)),
};
