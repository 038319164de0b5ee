// Follow-up sequences: steps by day after a sale, a delivery, a resolved incident or a customer leaving.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { fill } from './service.js';
