// The website chat: the widget's public API, visitors, and the inbox every workspace starts with.
import type { ModuleDescriptor } from '../../../platform/modules.js';
import { webchatRoutes } from './routes.js';
import { provisionWebchatInbox, recordAbandonment } from './service.js';

export const channelsWebchatModule: ModuleDescriptor = {
  name: 'channels/webchat',
  routes: (app, ctx, runtime) => webchatRoutes(app, ctx, runtime.hub),
  jobs: (ctx) =>
    ctx.jobs.register('webchat.abandonment', async (payload) => void (await recordAbandonment(ctx, payload))),
  provision: provisionWebchatInbox,
  gettingStarted: [
    {
      key: 'website_chat',
      // A visitor has written from the site: the snippet is on it and works.
      done: async (t) => Boolean(await t.selectFrom('widget_visitors').select('id').limit(1).executeTakeFirst()),
    },
  ],
};
