// Routes of buyer personas.
import { IdParams, Ok, Persona, PersonaFit, PersonaReport, PersonaUpdate, PersonaWrite } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as personas from './service.js';

export function personaRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['personas'];
  r.get(
    '/api/personas',
    { schema: { tags, summary: 'Buyer personas', response: { 200: z.array(Persona) } } },
    async (request) => personas.listPersonas(ctx, authorize(request).workspaceId),
  );
  r.get(
    '/api/personas/report',
    {
      schema: {
        tags,
        summary: 'How many active customers and prospects fit each persona best',
        response: { 200: PersonaReport },
      },
    },
    async (request) => personas.personaReport(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/personas',
    { schema: { tags, summary: 'Define a persona (admin)', body: PersonaWrite, response: { 201: Persona } } },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await personas.createPersona(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/personas/:id',
    {
      schema: {
        tags,
        summary: 'Edit a persona (admin)',
        params: IdParams,
        body: PersonaUpdate,
        response: { 200: Persona },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return personas.updatePersona(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/personas/:id',
    { schema: { tags, summary: 'Delete a persona (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await personas.deletePersona(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/contacts/:id/personas',
    {
      schema: {
        tags,
        summary: 'How well a contact fits each persona, best first, with the reasons',
        params: IdParams,
        response: { 200: z.array(PersonaFit) },
      },
    },
    async (request) => personas.contactFits(ctx, authorize(request).workspaceId, request.params.id),
  );
}
