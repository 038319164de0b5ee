// Subscriptions and renewals, churn and retention.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export {
  addInterval,
  createSubscription,
  endSubscription,
  nearestRenewals,
  renewSubscription,
  subscriptionsOfContact,
} from './service.js';
