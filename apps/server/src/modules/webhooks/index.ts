// Outbound webhooks: business events delivered signed, retried with backoff, with a log.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { queueDelivery } from './service.js';
