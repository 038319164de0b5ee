// Logging a call or a visit (agents).
import { ActivityLog, Message } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, authorize } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { logActivity } from './service.js';

export function phoneRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/activities',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Log a phone call or a visit with a contact: it becomes a conversation with its times (agent)',
        body: ActivityLog,
        response: { 201: Message },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await logActivity(ctx, auth, actorOf(auth), request.body));
    },
  );
}
