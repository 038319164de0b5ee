// Subscriptions and renewals, churn and retention.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { subscriptionRoutes } from './routes.js';

export const subscriptionsModule: ModuleDescriptor = { name: 'subscriptions', routes: subscriptionRoutes };
