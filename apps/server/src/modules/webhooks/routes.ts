// Routes of outbound webhooks (admins): the addresses, their secret (shown once), a test event, the delivery log and
// trying a failed delivery again.
import { IdParams, Ok, Webhook, WebhookDelivery, WebhookUpdate, WebhookWrite } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as webhooks from './service.js';

export function webhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  r.get(
    '/api/webhooks',
    { schema: { tags, summary: 'Outbound webhooks (admin)', response: { 200: z.array(Webhook) } } },
    async (request) => webhooks.listWebhooks(ctx, authorize(request, 'admin').workspaceId),
  );
  r.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook; its signing secret is in this answer only (admin)',
        body: WebhookWrite,
        response: { 201: Webhook },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await webhooks.createWebhook(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change the address or events, or turn it off (admin)',
        params: IdParams,
        body: WebhookUpdate,
        response: { 200: Webhook },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return webhooks.updateWebhook(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/webhooks/:id',
    { schema: { tags, summary: 'Delete a webhook and its log (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await webhooks.deleteWebhook(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/webhooks/:id/ping',
    {
      schema: {
        tags,
        summary: 'Send a test event (admin)',
        params: IdParams,
        response: { 200: z.object({ deliveryId: z.string() }) },
      },
    },
    async (request) => webhooks.pingWebhook(ctx, authorize(request, 'admin').workspaceId, request.params.id),
  );
  r.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The last 100 deliveries: event, attempts, answer, error (admin)',
        params: IdParams,
        response: { 200: z.array(WebhookDelivery) },
      },
    },
    async (request) => webhooks.listDeliveries(ctx, authorize(request, 'admin').workspaceId, request.params.id),
  );
  r.post(
    '/api/webhook-deliveries/:id/retry',
    { schema: { tags, summary: 'Try a failed delivery again (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await webhooks.retryDelivery(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
