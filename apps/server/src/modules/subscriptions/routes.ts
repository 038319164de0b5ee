// Routes of subscriptions and renewals: anyone reads them and the retention report; agents record, renew and end them;
// admins delete one recorded by mistake.
import {
  IdParams,
  Ok,
  RetentionReport,
  Subscription,
  SubscriptionEnd,
  SubscriptionQuery,
  SubscriptionRenew,
  SubscriptionUpdate,
  SubscriptionWrite,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as subscriptions from './service.js';

export function subscriptionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['subscriptions'];
  r.get(
    '/api/subscriptions',
    {
      schema: {
        tags,
        summary:
          'Subscriptions: active first by renewal date; filter by status, customer, renewals due within N days, or words',
        querystring: SubscriptionQuery,
        response: { 200: z.array(Subscription) },
      },
    },
    async (request) => subscriptions.listSubscriptions(ctx, authorize(request).workspaceId, request.query),
  );
  r.get(
    '/api/subscriptions/report',
    {
      schema: {
        tags,
        summary: 'Churn and retention by month and by cohort, recurring revenue, reasons for not renewing',
        querystring: z.strictObject({ months: z.coerce.number().int().min(1).max(36).default(12) }),
        response: { 200: RetentionReport },
      },
    },
    async (request) => subscriptions.retentionReport(ctx, authorize(request).workspaceId, request.query),
  );
  r.get(
    '/api/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'A subscription with its history (started, renewed, not renewed, changed)',
        params: IdParams,
        response: { 200: Subscription },
      },
    },
    async (request) => subscriptions.getSubscription(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.post(
    '/api/subscriptions',
    {
      schema: {
        tags,
        summary: 'Record a subscription; its owner gets a reminder task the set days before renewal (agent)',
        body: SubscriptionWrite,
        response: { 201: Subscription },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(await subscriptions.createSubscription(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/subscriptions/:id',
    {
      schema: {
        tags,
        summary:
          'Change plan, price, interval, renewal date, reminder or owner, naming the version read (409 edit_conflict otherwise) (agent)',
        params: IdParams,
        body: SubscriptionUpdate,
        response: { 200: Subscription },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return subscriptions.updateSubscription(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/subscriptions/:id/renew',
    {
      schema: {
        tags,
        summary: 'Record a renewal: the next renewal date moves one interval on, with a new reminder (agent)',
        params: IdParams,
        body: SubscriptionRenew,
        response: { 200: Subscription },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return subscriptions.renewSubscription(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/subscriptions/:id/end',
    {
      schema: {
        tags,
        summary: 'Record a non-renewal with its reason; a customer with nothing else active becomes former (agent)',
        params: IdParams,
        body: SubscriptionEnd,
        response: { 200: Subscription },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return subscriptions.endSubscription(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a subscription recorded by mistake, with its history (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await subscriptions.deleteSubscription(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
