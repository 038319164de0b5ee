// Email: mailboxes read over IMAP, answers sent over SMTP.
import type { ModuleDescriptor } from '../../../platform/modules.js';
import { registerEmailJobs } from './delivery.js';
import { pollAllMailboxes } from './imap.js';
import { emailRoutes } from './routes.js';

export const channelsEmailModule: ModuleDescriptor = {
  name: 'channels/email',
  routes: emailRoutes,
  jobs: registerEmailJobs,
  periodic: [{ name: 'mailboxes', everyMs: (config) => config.emailPollMs, run: pollAllMailboxes }],
  gettingStarted: [
    {
      key: 'email',
      done: async (t) =>
        Boolean(await t.selectFrom('inboxes').select('id').where('channel', '=', 'email').limit(1).executeTakeFirst()),
    },
  ],
};
