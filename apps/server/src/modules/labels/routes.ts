// Routes of labels.
import { IdParams, Label, LabelWrite, Ok } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as labels from './service.js';

export function labelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['labels'];
  r.get(
    '/api/labels',
    {
      schema: {
        tags,
        summary: 'Labels with how many open conversations carry each',
        response: { 200: z.array(Label) },
      },
    },
    async (request) => labels.listLabels(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/labels',
    { schema: { tags, summary: 'Create a label (agent)', body: LabelWrite, response: { 201: Label } } },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await labels.createLabel(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.delete(
    '/api/labels/:id',
    {
      schema: {
        tags,
        summary: 'Delete a label; conversations lose it (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await labels.deleteLabel(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
