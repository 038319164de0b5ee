import { Inbox } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { listInboxes } from './service.js';

export function channelRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/inboxes',
    {
      schema: {
        tags: ['channels'],
        summary: 'Inboxes of the workspace; the web chat one carries the website token of the widget snippet',
        response: { 200: z.array(Inbox) },
      },
    },
    async (request) => listInboxes(ctx, authorize(request).workspaceId),
  );
}
