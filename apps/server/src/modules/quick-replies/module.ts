// Quick replies with variables and files.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { quickReplyRoutes } from './routes.js';
import { starterQuickReplies } from './starter.js';

export const quickRepliesModule: ModuleDescriptor = {
  name: 'quick-replies',
  routes: quickReplyRoutes,
  starter: starterQuickReplies,
};
