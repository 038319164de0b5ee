// Routes of the email channel: connecting a mailbox, changing it, and reading it now instead of at the next poll.
import {
  EmailInboxUpdate,
  EmailInboxWrite,
  EmailPollResult,
  EmailSkipped,
  EmailStart,
  IdParams,
  Inbox,
  Message,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, authorize } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { getInbox } from '../service.js';
import { startEmail } from './compose.js';
import { checkMailboxNow } from './imap.js';
import { createEmailInbox, updateEmailInbox } from './settings.js';
import { listSkipped, skippedOriginal } from './skipped.js';
import { z } from 'zod';
import { fileResponse } from '../../../platform/openapi.js';

export function emailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['email'];
  r.post(
    '/api/inboxes/email',
    {
      schema: {
        tags,
        summary: 'Connect a mailbox: read over IMAP, answered over SMTP (admin)',
        body: EmailInboxWrite,
        response: { 201: Inbox },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      const id = await createEmailInbox(ctx, auth.workspaceId, actorOf(auth), request.body);
      return reply.status(201).send(await getInbox(ctx, auth.workspaceId, id));
    },
  );
  r.patch(
    '/api/inboxes/:id/email',
    {
      schema: {
        tags,
        summary: 'Change an email inbox; a password left out stays as it is (admin)',
        params: IdParams,
        body: EmailInboxUpdate,
        response: { 200: Inbox },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await updateEmailInbox(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
      return getInbox(ctx, auth.workspaceId, request.params.id);
    },
  );
  r.post(
    '/api/conversations/email',
    {
      schema: {
        tags,
        summary:
          'Write to a contact first: a new email conversation with its subject, sent from an email inbox (agent)',
        body: EmailStart,
        response: { 201: Message },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await startEmail(ctx, auth, actorOf(auth), request.body));
    },
  );
  r.post(
    '/api/inboxes/:id/email/check',
    {
      schema: {
        tags,
        summary: 'Read the mailbox now; answers with what was fetched and stored, or why it failed (admin)',
        params: IdParams,
        response: { 200: EmailPollResult },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return checkMailboxNow(ctx, auth.workspaceId, request.params.id);
    },
  );
  r.get(
    '/api/inboxes/:id/email/skipped',
    {
      schema: {
        tags,
        summary:
          'Mail the inbox read and stored no message of (reports about no mail of ours, automatic replies with no conversation, mail without sender), newest first (admin)',
        params: IdParams,
        response: { 200: z.array(EmailSkipped) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await getInbox(ctx, auth.workspaceId, request.params.id);
      return listSkipped(ctx, auth.workspaceId, request.params.id);
    },
  );
  r.get(
    '/api/inboxes/:id/email/skipped/:skipId/original',
    {
      schema: {
        response: fileResponse('message/rfc822', 'The mail as it arrived'),
        tags,
        summary: 'The whole mail as it arrived, as an .eml file (admin)',
        params: IdParams.extend({ skipId: IdParams.shape.id }),
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      const raw = await skippedOriginal(ctx, auth.workspaceId, request.params.id, request.params.skipId);
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="correo-${request.params.skipId}.eml"`)
        .header('x-content-type-options', 'nosniff')
        .send(raw);
    },
  );
}
