// The demo workspace: a believable small business to try the product with, opened from the first screen or at start.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { demoPassword, team } from './data.js';
export { openDemoWorkspace } from './service.js';
