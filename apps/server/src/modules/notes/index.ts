// Notes on contacts and companies, with @mentions that tell the teammates named.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { deleteNotesOf, insertNotes, notesOf } from './service.js';
