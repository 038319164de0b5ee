// Tasks of the team about customers, with reminders when they fall due.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { taskRoutes } from './routes.js';
import { remindDueTasks } from './service.js';

export const tasksModule: ModuleDescriptor = {
  name: 'tasks',
  routes: taskRoutes,
  periodic: [{ name: 'task-reminders', everyMs: 60_000, run: remindDueTasks }],
};
