// WhatsApp Business (Cloud API): the signed webhook, numbers, templates, sending and media.
import type { ModuleDescriptor } from '../../../platform/modules.js';
import { registerWhatsappJobs } from './delivery.js';
import { whatsappRoutes } from './routes.js';

export const channelsWhatsappModule: ModuleDescriptor = {
  name: 'channels/whatsapp',
  routes: whatsappRoutes,
  jobs: registerWhatsappJobs,
  gettingStarted: [
    {
      key: 'whatsapp',
      done: async (t) =>
        Boolean(
          await t.selectFrom('inboxes').select('id').where('channel', '=', 'whatsapp').limit(1).executeTakeFirst(),
        ),
    },
  ],
};
