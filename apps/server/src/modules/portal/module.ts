// The customer portal: sign-in links and the customer's projects, conversations, incidents, surveys and quotes.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { portalRoutes } from './routes.js';

export const portalModule: ModuleDescriptor = { name: 'portal', routes: portalRoutes };
