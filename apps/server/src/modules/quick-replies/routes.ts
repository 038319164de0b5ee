// Routes of quick replies.
import { IdParams, Ok, QuickReply, QuickReplyUpdate, QuickReplyWrite, RenderedQuickReply } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as replies from './service.js';

export function quickReplyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quick replies'];
  r.get('/api/quick-replies', { schema: { tags, summary: 'Every quick reply of the workspace', response: { 200: z.array(QuickReply) } } }, async (request) => replies.listQuickReplies(ctx, authorize(request).workspaceId));
  r.post('/api/quick-replies', { schema: { tags, summary: 'Add a quick reply (agent)', body: QuickReplyWrite, response: { 201: QuickReply } } }, async (request, reply) => {
    const auth = authorize(request, 'agent');
    return reply.status(201).send(await replies.createQuickReply(ctx, auth.workspaceId, actorOf(auth), request.body));
  });
  r.patch('/api/quick-replies/:id', { schema: { tags, summary: 'Edit a quick reply (agent)', params: IdParams, body: QuickReplyUpdate, response: { 200: QuickReply } } }, async (request) => {
    const auth = authorize(request, 'agent');
    return replies.updateQuickReply(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
  });
  r.delete('/api/quick-replies/:id', { schema: { tags, summary: 'Delete a quick reply (agent)', params: IdParams, response: { 200: Ok } } }, async (request) => {
    const auth = authorize(request, 'agent');
    await replies.deleteQuickReply(ctx, auth.workspaceId, actorOf(auth), request.params.id);
    return { ok: true as const };
  });
  r.get('/api/conversations/:id/quick-replies', { schema: { tags, summary: "Quick replies that fit this conversation's channel and language, variables filled in; q filters by shortcut", params: IdParams, querystring: z.strictObject({ q: z.string().max(40).optional() }), response: { 200: z.array(RenderedQuickReply) } } }, async (request) =>
    replies.quickRepliesFor(ctx, authorize(request), request.params.id, request.query.q),
  );
}
