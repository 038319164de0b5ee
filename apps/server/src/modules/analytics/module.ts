// Service standards: facts of each conversation, the dashboard, drill-down, targets and the weekly summary.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { refreshAllFacts } from './facts.js';
import { analyticsRoutes } from './routes.js';
import { sendDueSummaries } from './summary.js';

export const analyticsModule: ModuleDescriptor = {
  name: 'analytics',
  routes: analyticsRoutes,
  periodic: [
    { name: 'service-facts', everyMs: 15_000, run: refreshAllFacts },
    { name: 'weekly-summaries', everyMs: 60 * 60_000, run: sendDueSummaries },
  ],
};
