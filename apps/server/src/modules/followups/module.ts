// Follow-up sequences: steps by day after a sale, a delivery, a resolved incident or a customer leaving.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { registerFollowupJobs } from './delivery.js';
import { followupRoutes } from './routes.js';
import { enrollOnEvent, runDueFollowups } from './service.js';

export const followupsModule: ModuleDescriptor = {
  name: 'followups',
  routes: followupRoutes,
  jobs: registerFollowupJobs,
  onBusinessEvent: enrollOnEvent,
  periodic: [{ name: 'followups', everyMs: 10_000, run: runDueFollowups }],
};
