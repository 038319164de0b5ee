// Importing contacts from CSV and vCard files, with preview, progress and rejected rows.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { scrubImports } from './service.js';
