// Routes of the inbox: list conversations, read and write messages, assign and resolve.
import {
  Conversation,
  ConversationListQuery,
  ConversationPage,
  ConversationUpdate,
  IdParams,
  Message,
  MessageCreate,
  MessageListQuery,
  MessageSearchQuery,
  MessageSearchResult,
  WaitingCounts,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { MAX_FILE_BYTES } from '../../platform/storage/files.js';
import { guardConversationRoutes } from './visibility.js';
import { acceptRawFiles, uploadOf } from '../../platform/storage/routes.js';
import { attachToConversation } from './attachments.js';
import { replyToConversation } from './outgoing.js';
import * as conversations from './service.js';

/** Query of an upload whose body is the file itself; the name travels URI-encoded in X-File-Name. */
const UploadQuery = z.strictObject({
  caption: z.string().trim().max(10_000).default(''),
  private: z.enum(['true', 'false']).default('false').describe('true: the file goes into an internal note'),
});

export async function conversationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Before any route: every route addressed by a conversation or a file, whichever module adds it, is guarded.
  app.addHook('preHandler', guardConversationRoutes(ctx));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['conversations'];
  await app.register(async (scope) => {
    acceptRawFiles(scope, MAX_FILE_BYTES);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/conversations/:id/attachments',
      {
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary:
            'Send a file (raw body, name in X-File-Name) as an answer, or inside an internal note; website chat and email carry files (agent)',
          params: IdParams,
          querystring: UploadQuery,
          response: { 201: Message },
        },
      },
      async (request, reply) => {
        const auth = authorize(request, 'agent');
        const upload = {
          ...uploadOf(request),
          caption: request.query.caption,
          private: request.query.private === 'true',
        };
        return reply.status(201).send(await attachToConversation(ctx, auth, actorOf(auth), request.params.id, upload));
      },
    );
  });

  r.get(
    '/api/conversations/waiting',
    {
      schema: {
        tags,
        summary: 'What waits for me: open conversations of mine, of mine awaiting an answer, and open unassigned ones',
        response: { 200: WaitingCounts },
      },
    },
    async (request) => conversations.waitingCounts(ctx, authorize(request)),
  );
  r.get(
    '/api/conversations',
    {
      schema: {
        tags,
        summary: 'Conversations, most recent activity first, with a cursor',
        querystring: ConversationListQuery,
        response: { 200: ConversationPage },
      },
    },
    async (request) => conversations.listConversations(ctx, authorize(request), request.query),
  );
  r.get(
    '/api/messages/search',
    {
      schema: {
        tags,
        summary: 'Messages and notes containing every word, newest first, with their conversations',
        querystring: MessageSearchQuery,
        response: { 200: z.array(MessageSearchResult) },
      },
    },
    async (request) => conversations.searchMessages(ctx, authorize(request), request.query.q, request.query.limit),
  );
  r.get(
    '/api/conversations/:id',
    { schema: { tags, summary: 'One conversation', params: IdParams, response: { 200: Conversation } } },
    async (request) => conversations.getConversation(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.patch(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Change status (open, pending, snoozed until a time, resolved), assignee or priority (agent)',
        params: IdParams,
        body: ConversationUpdate,
        response: { 200: Conversation },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return conversations.updateConversation(ctx, auth, actorOf(auth), request.params.id, request.body);
    },
  );
  r.get(
    '/api/conversations/:id/related',
    {
      schema: {
        tags,
        summary: "The contact's other conversations (to merge one in)",
        params: IdParams,
        response: { 200: z.array(Conversation) },
      },
    },
    async (request) => conversations.siblingConversations(ctx, authorize(request), request.params.id),
  );
  r.post(
    '/api/conversations/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another conversation of the same contact into this one (agent)',
        params: IdParams,
        body: z.strictObject({ mergeId: z.string().min(1).max(64) }),
        response: { 200: Conversation },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return conversations.mergeConversations(ctx, auth, actorOf(auth), request.params.id, request.body.mergeId);
    },
  );
  r.get(
    '/api/conversations/:id/messages',
    {
      schema: {
        tags,
        summary: 'Messages and internal notes, oldest first; `after` returns only newer ones',
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: z.array(Message) },
      },
    },
    async (request) =>
      conversations.listMessages(ctx, authorize(request).workspaceId, request.params.id, {
        after: request.query.after,
        includePrivate: true,
      }),
  );
  r.post(
    '/api/conversations/:id/messages',
    {
      schema: {
        tags,
        summary: 'Answer the customer, or add an internal note with private: true (agent)',
        params: IdParams,
        body: MessageCreate,
        response: { 201: Message },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(await replyToConversation(ctx, auth, actorOf(auth), request.params.id, request.body));
    },
  );
}
