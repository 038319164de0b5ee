// Automation rules: when a business event happens and the conditions hold, their actions run, each run logged.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { createRule } from './service.js';
