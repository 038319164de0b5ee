// The widget's public API: open to any website (CORS), authenticated by the visitor token the widget keeps.
import cors from '@fastify/cors';
import {
  IdParams,
  Inbox,
  Message,
  Ok,
  Visitor,
  WebchatInboxUpdate,
  VisitorCreate,
  VisitorMessageCreate,
  VisitorMessagesQuery,
  WidgetConfig,
  WidgetConfigQuery,
} from '@atiende/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptRawFiles, sendFile, uploadOf } from '../../../platform/storage/routes.js';

/** Visitors are anonymous: their files are capped lower than the team's. */
const VISITOR_FILE_BYTES = 10 * 1024 * 1024;
const VisitorUploadQuery = z.strictObject({
  clientMessageId: z.uuid().optional().describe('Makes a retried upload idempotent'),
});
import type { AppContext } from '../../../platform/context.js';
import { AppError, errorBody } from '../../../platform/errors.js';
import { actorOf, authorize } from '../../../platform/auth/context.js';
import { listInboxes } from '../service.js';
import { requestLanguage } from '../../../platform/language.js';
import { Throttle } from '../../../platform/auth/throttle.js';
import type { RealtimeHub } from '../../../platform/realtime.js';
import * as webchat from './service.js';
import { fileResponse } from '../../../platform/openapi.js';

const visitorToken = (request: FastifyRequest) => {
  const header = request.headers['x-visitor-token'];
  return typeof header === 'string' ? header : undefined;
};

export async function webchatRoutes(app: FastifyInstance, ctx: AppContext, hub: RealtimeHub): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().patch(
    '/api/inboxes/:id/webchat',
    {
      schema: {
        tags: ['inboxes'],
        summary:
          "The website chat's settings: whether new visitors open a deal, and in which pipeline (null: none); its colour, corner, greeting and WhatsApp number (admin)",
        params: IdParams,
        body: WebchatInboxUpdate,
        response: { 200: Inbox },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      if (request.body.leadPipelineId !== undefined)
        await webchat.setLeadPipeline(
          ctx,
          auth.workspaceId,
          actorOf(auth),
          request.params.id,
          request.body.leadPipelineId,
        );
      if (request.body.appearance)
        await webchat.setAppearance(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body.appearance);
      const found = (await listInboxes(ctx, auth.workspaceId)).find((i) => i.id === request.params.id);
      if (!found) throw new AppError('not_found');
      return found;
    },
  );
  const IdentitySecret = z.object({
    secret: z.string().describe('Keep it on your server: it signs which of your signed-in users is chatting'),
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/inboxes/:id/webchat/identity',
    {
      schema: {
        tags: ['inboxes'],
        summary: "The website chat's identity-verification secret; null until one is made (admin)",
        params: IdParams,
        response: { 200: z.object({ secret: IdentitySecret.shape.secret.nullable() }) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return { secret: await webchat.identitySecret(ctx, auth.workspaceId, request.params.id) };
    },
  );
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/inboxes/:id/webchat/identity/rotate',
    {
      schema: {
        tags: ['inboxes'],
        summary:
          'Make the identity-verification secret, or replace it: hashes made with the old one stop working (admin)',
        params: IdParams,
        response: { 200: IdentitySecret },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return { secret: await webchat.renewIdentitySecret(ctx, auth.workspaceId, actorOf(auth), request.params.id) };
    },
  );
  const throttle = new Throttle(ctx.db);
  await app.register(async (scope) => {
    // No cookies cross this boundary: the visitor token travels in a header, so any origin may call.
    await scope.register(cors, {
      origin: true,
      credentials: false,
      allowedHeaders: ['content-type', 'x-visitor-token', 'x-file-name'],
      methods: ['GET', 'POST'],
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['widget'];

    r.get(
      '/api/widget/v1/config',
      {
        schema: {
          tags,
          summary: 'Name, language, online state and usual hours for the widget',
          querystring: WidgetConfigQuery,
          response: { 200: WidgetConfig },
        },
      },
      async (request) => webchat.widgetConfig(ctx, request.query.websiteToken),
    );
    r.post(
      '/api/widget/v1/visitors',
      {
        schema: {
          tags,
          summary:
            'Pre-chat form: identify the visitor; returns the token the widget keeps (limited per address and hour)',
          body: VisitorCreate,
          response: { 201: Visitor },
        },
      },
      async (request, reply) => {
        // The form is open to anyone: each new visitor counts against the address's hourly allowance.
        const key = `widget:visitors:ip:${request.ip}`;
        await throttle.spendHourly(key, ctx.config.widgetVisitorsPerIpPerHour);
        return reply.status(201).send(await webchat.createVisitor(ctx, request.body));
      },
    );
    r.get(
      '/api/widget/v1/messages',
      {
        schema: {
          tags,
          summary: "The visitor's messages (header X-Visitor-Token)",
          querystring: VisitorMessagesQuery,
          response: { 200: z.array(Message) },
        },
      },
      async (request) => {
        const visitor = await webchat.visitorByToken(ctx, visitorToken(request));
        return webchat.visitorMessages(ctx, visitor, request.query.after);
      },
    );
    r.post(
      '/api/widget/v1/messages',
      {
        schema: {
          tags,
          summary: 'The visitor writes (header X-Visitor-Token)',
          body: VisitorMessageCreate,
          response: { 201: Message },
        },
      },
      async (request, reply) => {
        const visitor = await webchat.visitorByToken(ctx, visitorToken(request));
        return reply.status(201).send(await webchat.postVisitorMessage(ctx, visitor, request.body));
      },
    );
    r.get(
      '/api/widget/v1/files/:id',
      {
        schema: {
          response: fileResponse('application/octet-stream', 'The file, with its own type'),
          tags,
          summary: "A file of the visitor's conversation (header X-Visitor-Token)",
          params: IdParams,
        },
      },
      async (request, reply) => {
        const visitor = await webchat.visitorByToken(ctx, visitorToken(request));
        return sendFile(reply, await webchat.visitorFile(ctx, visitor, request.params.id));
      },
    );
    await scope.register(async (files) => {
      acceptRawFiles(files, VISITOR_FILE_BYTES);
      files.withTypeProvider<ZodTypeProvider>().post(
        '/api/widget/v1/attachments',
        {
          bodyLimit: VISITOR_FILE_BYTES,
          schema: {
            tags,
            summary: 'The visitor sends a file (raw body, name in X-File-Name, header X-Visitor-Token)',
            querystring: VisitorUploadQuery,
            response: { 201: Message },
          },
        },
        async (request, reply) => {
          const visitor = await webchat.visitorByToken(ctx, visitorToken(request));
          const upload = { ...uploadOf(request), caption: '' };
          return reply
            .status(201)
            .send(await webchat.postVisitorAttachment(ctx, visitor, upload, request.query.clientMessageId));
        },
      );
    });
    r.post(
      '/api/widget/v1/transcript',
      {
        schema: {
          tags,
          summary: 'Email the visitor their conversation (header X-Visitor-Token)',
          response: { 202: Ok },
        },
      },
      async (request, reply) => {
        const visitor = await webchat.visitorByToken(ctx, visitorToken(request));
        await webchat.mailTranscript(ctx, visitor);
        return reply.status(202).send({ ok: true as const });
      },
    );
    scope.get('/api/widget/v1/ws', { websocket: true, schema: { hide: true } }, async (socket, request) => {
      const token = (request.query as { token?: string }).token;
      try {
        const visitor = await webchat.visitorByToken(ctx, token);
        await webchat.visitorArrived(ctx, visitor);
        hub.addVisitor(
          socket,
          visitor.id,
          visitor.workspaceId,
          () =>
            void webchat
              .visitorLeft(ctx, visitor)
              .catch((err) => request.log.warn({ err }, 'could not note that a visitor left')),
        );
        socket.send(JSON.stringify({ type: 'ready' }));
      } catch {
        socket.send(JSON.stringify(errorBody('unauthenticated', requestLanguage(request))));
        socket.close(4401, 'unauthenticated');
      }
    });
  });
}
