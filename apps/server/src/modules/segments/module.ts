// Segments: saved rules over contacts, with live counts.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { segmentRoutes } from './routes.js';

export const segmentsModule: ModuleDescriptor = { name: 'segments', routes: segmentRoutes };
