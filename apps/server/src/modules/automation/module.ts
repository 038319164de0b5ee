// Automation rules: when a business event happens and the conditions hold, their actions run, each run logged.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { automationRoutes } from './routes.js';
import { pruneRuns, queueAutomationRuns, registerAutomationJobs } from './service.js';

export const automationModule: ModuleDescriptor = {
  name: 'automation',
  routes: automationRoutes,
  jobs: registerAutomationJobs,
  onBusinessEvent: queueAutomationRuns,
  periodic: [{ name: 'automation-runs-pruning', everyMs: 60 * 60_000, run: pruneRuns }],
};
