// Routes of quick replies.
import { Id, IdParams, Ok, QuickReply, QuickReplyUpdate, QuickReplyWrite, RenderedQuickReply } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { MAX_FILE_BYTES } from '../../platform/storage/files.js';
import { acceptRawFiles, uploadOf } from '../../platform/storage/routes.js';
import * as replies from './service.js';

export async function quickReplyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quick replies'];
  await app.register(async (scope) => {
    acceptRawFiles(scope, MAX_FILE_BYTES);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/quick-replies/:id/attachments',
      {
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary:
            'Keep a file with a quick reply (raw body, name in X-File-Name); it goes along each time the reply is used (agent)',
          params: IdParams,
          response: { 201: QuickReply },
        },
      },
      async (request, reply) => {
        const auth = authorize(request, 'agent');
        return reply.status(201).send(
          await replies.addQuickReplyFile(ctx, auth.workspaceId, actorOf(auth), request.params.id, {
            ...uploadOf(request),
            caption: '',
          }),
        );
      },
    );
  });
  r.delete(
    '/api/quick-replies/:id/attachments/:fileId',
    {
      schema: {
        tags,
        summary: 'Remove a file from a quick reply (agent)',
        params: z.strictObject({ id: Id, fileId: Id }),
        response: { 200: QuickReply },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return replies.removeQuickReplyFile(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        request.params.id,
        request.params.fileId,
      );
    },
  );
  r.get(
    '/api/quick-replies',
    { schema: { tags, summary: 'Every quick reply of the workspace', response: { 200: z.array(QuickReply) } } },
    async (request) => replies.listQuickReplies(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/quick-replies',
    { schema: { tags, summary: 'Add a quick reply (agent)', body: QuickReplyWrite, response: { 201: QuickReply } } },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await replies.createQuickReply(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/quick-replies/:id',
    {
      schema: {
        tags,
        summary: 'Edit a quick reply (agent)',
        params: IdParams,
        body: QuickReplyUpdate,
        response: { 200: QuickReply },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return replies.updateQuickReply(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/quick-replies/:id',
    { schema: { tags, summary: 'Delete a quick reply (agent)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      await replies.deleteQuickReply(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/conversations/:id/quick-replies',
    {
      schema: {
        tags,
        summary:
          "Quick replies that fit this conversation's channel and language, variables filled in; q filters by shortcut",
        params: IdParams,
        querystring: z.strictObject({ q: z.string().max(40).optional() }),
        response: { 200: z.array(RenderedQuickReply) },
      },
    },
    async (request) => replies.quickRepliesFor(ctx, authorize(request), request.params.id, request.query.q),
  );
}
