// Calls and visits logged as conversations.
import type { ModuleDescriptor } from '../../../platform/modules.js';
import { phoneRoutes } from './routes.js';

export const channelsPhoneModule: ModuleDescriptor = { name: 'channels/phone', routes: phoneRoutes };
