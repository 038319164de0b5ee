// Routes of SLA policies.
import { IdParams, Ok, SlaOrder, SlaPolicy, SlaPolicyWrite } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as sla from './service.js';

export function slaRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sla'];
  r.get(
    '/api/sla-policies',
    {
      schema: {
        tags,
        summary: 'Service level policies in the order they are tried (first match wins)',
        response: { 200: z.array(SlaPolicy) },
      },
    },
    async (request) => sla.listPolicies(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/sla-policies',
    {
      schema: { tags, summary: 'Add a policy at the end (admin)', body: SlaPolicyWrite, response: { 201: SlaPolicy } },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await sla.createPolicy(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.put(
    '/api/sla-policies/order',
    {
      schema: {
        tags,
        summary: 'Set the order of every policy (admin)',
        body: SlaOrder,
        response: { 200: z.array(SlaPolicy) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return sla.reorderPolicies(ctx, auth.workspaceId, actorOf(auth), request.body.ids);
    },
  );
  r.put(
    '/api/sla-policies/:id',
    {
      schema: {
        tags,
        summary: 'Replace a policy; conversations already running keep their clocks until they change (admin)',
        params: IdParams,
        body: SlaPolicyWrite,
        response: { 200: SlaPolicy },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return sla.updatePolicy(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/sla-policies/:id',
    { schema: { tags, summary: 'Delete a policy (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await sla.deletePolicy(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
