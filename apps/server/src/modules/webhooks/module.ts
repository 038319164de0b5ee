// Outbound webhooks: business events delivered signed, retried with backoff, with a log.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { webhookRoutes } from './routes.js';
import { queueWebhookDeliveries, registerWebhookJobs } from './service.js';

export const webhooksModule: ModuleDescriptor = {
  name: 'webhooks',
  routes: webhookRoutes,
  jobs: registerWebhookJobs,
  onBusinessEvent: queueWebhookDeliveries,
};
