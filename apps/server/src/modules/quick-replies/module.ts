// Quick replies with variables and files.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { quickReplyRoutes } from './routes.js';

export const quickRepliesModule: ModuleDescriptor = { name: 'quick-replies', routes: quickReplyRoutes };
