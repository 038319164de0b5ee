// Routes of custom field definitions (admins define them; everyone reads them to show the values).
import { CustomField, CustomFieldUpdate, CustomFieldWrite, IdParams, Ok } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as fields from './service.js';

export function customFieldRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['custom fields'];
  r.get(
    '/api/custom-fields',
    { schema: { tags, summary: 'Custom fields of contacts and companies', response: { 200: z.array(CustomField) } } },
    async (request) => fields.listCustomFields(tenant(ctx.db, authorize(request).workspaceId)),
  );
  r.post(
    '/api/custom-fields',
    { schema: { tags, summary: 'Add a custom field (admin)', body: CustomFieldWrite, response: { 201: CustomField } } },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await fields.createCustomField(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Rename a custom field or change its choices (admin)',
        params: IdParams,
        body: CustomFieldUpdate,
        response: { 200: CustomField },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return fields.updateCustomField(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Remove a custom field; values already written are kept (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await fields.deleteCustomField(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
