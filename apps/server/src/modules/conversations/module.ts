// Conversations of every channel: the inbox, messages and notes, assignment, merging, snoozing, search, and who may
// see which conversation.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { conversationRoutes } from './routes.js';
import { wakeSnoozed } from './service.js';
import { checkBreaches } from './sla-breaches.js';
import { conversationSearch } from './search.js';

export const conversationsModule: ModuleDescriptor = {
  name: 'conversations',
  routes: conversationRoutes,
  periodic: [
    { name: 'snoozes', everyMs: 30_000, run: wakeSnoozed },
    { name: 'sla-breaches', everyMs: 20_000, run: checkBreaches },
  ],
  search: [conversationSearch],
};
