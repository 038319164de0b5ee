// Tasks of the team about customers, with reminders when they fall due.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { closeTask, createTask, rescheduleTask } from './service.js';
