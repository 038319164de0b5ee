// Customer health: a score per active customer with its reasons, and usage readings.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { recordUsage } from './service.js';
