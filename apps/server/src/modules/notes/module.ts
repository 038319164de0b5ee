// Notes on contacts and companies, with @mentions that tell the teammates named.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { noteRoutes } from './routes.js';

export const notesModule: ModuleDescriptor = { name: 'notes', routes: noteRoutes };
