// WhatsApp Business (Cloud API): the signed webhook, numbers, templates, sending and media.
import type { ModuleDescriptor } from '../../../platform/modules.js';
import { registerWhatsappJobs } from './delivery.js';
import { whatsappRoutes } from './routes.js';

export const channelsWhatsappModule: ModuleDescriptor = {
  name: 'channels/whatsapp',
  routes: whatsappRoutes,
  jobs: registerWhatsappJobs,
};
