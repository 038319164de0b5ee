// Routes of the WhatsApp channel: Meta's webhook (verification and events, signature checked on the raw bytes before
// anything is parsed), connecting a number, its templates, and sending a template in a conversation.
import { createHmac } from 'node:crypto';
import {
  IdParams,
  Inbox,
  Message,
  Ok,
  ReactionWrite,
  TemplateSend,
  WhatsappInboxUpdate,
  WhatsappInboxWrite,
  WhatsappTemplate,
  WhatsappTemplateWrite,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { safeEqual } from '../../../platform/ids.js';
import { parseJsonText } from '../../../platform/json-body.js';
import { getInbox } from '../service.js';
import { reactAsAgent } from './changes.js';
import { type WebhookPayload, WebhookIngest } from './ingest.js';
import { createWhatsappInbox, updateWhatsappInbox, whatsappInbox } from './settings.js';
import { createTemplate, deleteTemplate, listTemplates, sendTemplate } from './templates.js';

/** Meta batches at most a few hundred events in one webhook; anything much larger is not from Meta. */
const WEBHOOK_LIMIT_BYTES = 3 * 1024 * 1024;

export function validSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest('hex');
  return safeEqual(header.slice('sha256='.length), expected);
}

const InboxParams = z.strictObject({ inboxId: z.string().min(1).max(64) });
const VerifyQuery = z.object({
  'hub.mode': z.string().optional(),
  'hub.verify_token': z.string().optional(),
  'hub.challenge': z.string().max(200).optional(),
});

export async function whatsappRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const ingest = new WebhookIngest(ctx.db);

  await app.register(async (scope) => {
    // This scope only: JSON arrives as bytes, because the signature is over the exact bytes Meta sent.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    // The callback URL Meta calls. Numbers connected before it moved keep the old address, which still works
    // (hidden from the API description, where it read like one of /api/webhooks/{id}).
    for (const [path, hide] of [
      ['/api/whatsapp/webhook/:inboxId', false],
      ['/api/webhooks/whatsapp/:inboxId', true],
    ] as const) {
      r.get(
        path,
        {
          schema: {
            hide,
            response: {
              200: z.string().describe('hub.challenge, as text/plain'),
              403: z.string().describe('Forbidden: no such inbox, or not its verify token'),
            },
            tags: ['whatsapp'],
            summary: "Meta's webhook verification: echoes hub.challenge when hub.verify_token matches",
            params: InboxParams,
            querystring: VerifyQuery,
            security: [],
          },
        },
        async (request, reply) => {
          const inbox = await whatsappInbox(ctx, request.params.inboxId);
          const q = request.query;
          if (
            !inbox ||
            q['hub.mode'] !== 'subscribe' ||
            !q['hub.verify_token'] ||
            !safeEqual(q['hub.verify_token'], inbox.settings.verifyToken)
          )
            return reply.status(403).type('text/plain').send('Forbidden');
          return reply.type('text/plain').send(q['hub.challenge'] ?? '');
        },
      );
      r.post(
        path,
        {
          schema: {
            hide,
            response: { 200: Ok },
            tags: ['whatsapp'],
            summary: 'WhatsApp Cloud API events, signed with X-Hub-Signature-256; answered 200 once stored',
            params: InboxParams,
            security: [],
          },
        },
        async (request, reply) => {
          const raw = request.body;
          const inbox = await whatsappInbox(ctx, request.params.inboxId);
          if (!inbox) throw new AppError('not_found');
          if (
            !Buffer.isBuffer(raw) ||
            !validSignature(raw, request.headers['x-hub-signature-256'] as string | undefined, inbox.settings.appSecret)
          ) {
            request.log.warn({ inboxId: inbox.id }, 'WhatsApp webhook with a missing or wrong signature');
            throw new AppError('invalid_signature');
          }
          const payload = parseJsonText(raw.toString('utf8')) as WebhookPayload;
          if (!payload || typeof payload !== 'object' || !Array.isArray(payload.entry))
            throw new AppError('invalid_webhook');
          await ingest.submit({ ctx, inboxId: inbox.id, workspaceId: inbox.workspaceId, payload });
          return reply.send({ ok: true });
        },
      );
    }
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['whatsapp'];
  r.post(
    '/api/inboxes/whatsapp',
    {
      schema: {
        tags,
        summary:
          'Connect a WhatsApp Business number (admin); answers with the webhook URL and verify token to paste in Meta',
        body: WhatsappInboxWrite,
        response: { 201: Inbox },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      const id = await createWhatsappInbox(ctx, auth.workspaceId, actorOf(auth), request.body);
      return reply.status(201).send(await getInbox(ctx, auth.workspaceId, id));
    },
  );
  r.patch(
    '/api/inboxes/:id/whatsapp',
    {
      schema: {
        tags,
        summary: 'Change a WhatsApp inbox: name, ids, or replace a secret (admin)',
        params: IdParams,
        body: WhatsappInboxUpdate,
        response: { 200: Inbox },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await updateWhatsappInbox(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
      return getInbox(ctx, auth.workspaceId, request.params.id);
    },
  );
  r.get(
    '/api/whatsapp-templates',
    {
      schema: {
        tags,
        summary: 'Approved templates of every WhatsApp inbox of the workspace',
        response: { 200: z.array(WhatsappTemplate) },
      },
    },
    async (request) => listTemplates(ctx, authorize(request).workspaceId),
  );
  r.get(
    '/api/inboxes/:id/templates',
    {
      schema: {
        tags,
        summary: 'Approved templates of a WhatsApp inbox',
        params: IdParams,
        response: { 200: z.array(WhatsappTemplate) },
      },
    },
    async (request) => listTemplates(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.post(
    '/api/inboxes/:id/templates',
    {
      schema: {
        tags,
        summary: 'Add a template as approved in Meta (admin)',
        params: IdParams,
        body: WhatsappTemplateWrite,
        response: { 201: WhatsappTemplate },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply
        .status(201)
        .send(await createTemplate(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body));
    },
  );
  r.delete(
    '/api/templates/:id',
    { schema: { tags, summary: 'Remove a template (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await deleteTemplate(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/conversations/:id/template',
    {
      schema: {
        tags,
        summary: 'Send an approved template (allowed outside the 24-hour window) (agent)',
        params: IdParams,
        body: TemplateSend,
        response: { 201: Message },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await sendTemplate(ctx, auth, actorOf(auth), request.params.id, request.body));
    },
  );
  r.put(
    '/api/conversations/:id/messages/:messageId/reaction',
    {
      schema: {
        tags,
        summary:
          'React to a message of a WhatsApp conversation with one emoji (an empty one takes it back), inside the 24-hour window (agent)',
        params: IdParams.extend({ messageId: IdParams.shape.id }),
        body: ReactionWrite,
        response: { 200: Message },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return reactAsAgent(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        request.params.id,
        request.params.messageId,
        request.body.emoji,
      );
    },
  );
}
