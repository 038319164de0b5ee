// Buyer personas, and how well each contact fits them.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { createPersona } from './service.js';
