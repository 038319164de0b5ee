// The inboxes of every channel, as the console lists them.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { channelRoutes } from './routes.js';

export const channelsModule: ModuleDescriptor = { name: 'channels', routes: channelRoutes };
