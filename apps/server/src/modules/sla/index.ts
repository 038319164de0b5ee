// Service levels: policies, their clocks on conversations, and finding breaches (conversations tell people of them).
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { applySla, findBreaches, startNextResponseClock, stopNextResponseClock } from './service.js';
