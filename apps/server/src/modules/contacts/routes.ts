// Routes of contacts: list and search, read, create, edit, and the timeline.
import {
  Contact,
  ContactPage,
  DuplicateGroup,
  MergeInput,
  ContactUpdate,
  ContactWrite,
  CustomerListQuery,
  IdParams,
  TimelinePage,
  TimelineQuery,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize, hasRole } from '../../platform/auth/context.js';
import { AppError } from '../../platform/errors.js';
import type { AppContext } from '../../platform/context.js';
import { tenant } from '../../db/tenant.js';
import { audit } from '../../platform/audit.js';
import { clearBounce, optBackIn } from './deliverability.js';
import { findDuplicates, mergeContacts } from './duplicates.js';
import * as contacts from './service.js';
import { timeline } from './timeline.js';
import { fileResponse } from '../../platform/openapi.js';

export function contactRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];

  r.get(
    '/api/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts by name, with full-text search (q) and filters',
        querystring: CustomerListQuery,
        response: { 200: ContactPage },
      },
    },
    async (request) => {
      const auth = authorize(request, request.query.blocked ? 'admin' : 'viewer');
      return contacts.listContacts(ctx, auth.workspaceId, request.query);
    },
  );
  r.get(
    '/api/contacts/export.csv',
    {
      schema: {
        response: fileResponse('text/csv', 'The contacts as CSV (UTF-8 with BOM, opens in Excel)'),
        tags,
        summary: 'The contacts of a list or segment as CSV (formulas neutralised)',
        querystring: CustomerListQuery.omit({ limit: true, cursor: true }),
      },
    },
    async (request, reply) => {
      const auth = authorize(request);
      if (request.query.blocked) throw new AppError('forbidden');
      const chunks: string[] = [];
      const count = await contacts.exportContactsCsv(ctx, auth.workspaceId, request.query, (chunk) =>
        chunks.push(chunk),
      );
      await audit(
        tenant(ctx.db, auth.workspaceId),
        actorOf(auth),
        'contacts.exported',
        { type: 'contact', id: null },
        { count, filters: request.query },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="contactos-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(`\uFEFF${chunks.join('')}`);
    },
  );
  r.get(
    '/api/contacts/duplicates',
    {
      schema: {
        tags,
        summary: 'Groups of contacts that look like the same person: same email, same phone, or the same name',
        response: { 200: z.array(DuplicateGroup) },
      },
    },
    async (request) => findDuplicates(ctx, authorize(request, 'agent').workspaceId),
  );
  r.post(
    '/api/contacts/merge',
    {
      schema: {
        tags,
        summary:
          'Merge one contact into another, choosing fields; conversations, notes, tags, companies and history all stay (agent)',
        body: MergeInput,
        response: { 200: Contact },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return mergeContacts(ctx, auth.workspaceId, actorOf(auth), request.body);
    },
  );
  r.post(
    '/api/contacts',
    { schema: { tags, summary: 'Create a contact (agent)', body: ContactWrite, response: { 201: Contact } } },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await contacts.createContact(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/contacts/:id',
    {
      schema: {
        tags,
        summary: 'A contact with the whole profile (a contact blocked by a privacy request: owners and admins only)',
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (request) => {
      const auth = authorize(request);
      return contacts.getContact(ctx, auth.workspaceId, request.params.id, {
        includeBlocked: hasRole(auth.role, 'admin'),
      });
    },
  );
  r.patch(
    '/api/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Edit a contact; profile sections merge field by field (agent)',
        params: IdParams,
        body: ContactUpdate,
        response: { 200: Contact },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return contacts.updateContact(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/contacts/:id/email-bounce/clear',
    {
      schema: {
        tags,
        summary:
          'The address that bounced works again (checked with the customer): surveys and sequences may use it (agent)',
        params: IdParams,
        body: z.strictObject({ email: z.string().trim().min(3).max(254) }),
        response: { 200: Contact },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      const contact = await contacts.getContact(ctx, auth.workspaceId, request.params.id);
      const email = request.body.email.toLowerCase();
      if (!contact.emails.some((e) => e.value.toLowerCase() === email))
        throw new AppError('validation_failed', [{ path: 'email', message: 'field.notContactEmail' }]);
      const t = tenant(ctx.db, auth.workspaceId);
      if (await clearBounce(t, email))
        await audit(t, actorOf(auth), 'contact.email_bounce_cleared', { type: 'contact', id: contact.id }, { email });
      return contacts.getContact(ctx, auth.workspaceId, contact.id);
    },
  );
  r.post(
    '/api/contacts/:id/mail-opt-out/clear',
    {
      schema: {
        tags,
        summary:
          'The person asked the team to get automatic mail (surveys, sequences) again after unsubscribing (agent)',
        params: IdParams,
        response: { 200: Contact },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      const t = tenant(ctx.db, auth.workspaceId);
      await contacts.getContact(ctx, auth.workspaceId, request.params.id);
      if (await optBackIn(t, request.params.id))
        await audit(t, actorOf(auth), 'contact.mail_opt_in', { type: 'contact', id: request.params.id });
      return contacts.getContact(ctx, auth.workspaceId, request.params.id);
    },
  );
  r.get(
    '/api/contacts/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Conversations, messages, notes and changes, newest first',
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelinePage },
      },
    },
    async (request) => timeline(ctx, authorize(request), { type: 'contact', id: request.params.id }, request.query),
  );
}
