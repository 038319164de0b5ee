// Routes of notes on contacts and on companies: read them, and add one (naming a teammate tells them).
import { IdParams, Note, NoteCreate } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { type NoteSubject, addNote, listNotes } from './service.js';

const subjects: { subject: NoteSubject; path: string; tag: string; one: string }[] = [
  { subject: 'contact', path: '/api/contacts/:id/notes', tag: 'contacts', one: 'a contact' },
  { subject: 'company', path: '/api/companies/:id/notes', tag: 'companies', one: 'a company' },
];

export function noteRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const { subject, path, tag, one } of subjects) {
    r.get(
      path,
      { schema: { tags: [tag], summary: `Notes on ${one}`, params: IdParams, response: { 200: z.array(Note) } } },
      async (request) => listNotes(ctx, authorize(request).workspaceId, subject, request.params.id),
    );
    r.post(
      path,
      {
        schema: {
          tags: [tag],
          summary: 'Add a note; @Name mentions a teammate (agent)',
          params: IdParams,
          body: NoteCreate,
          response: { 201: Note },
        },
      },
      async (request, reply) => {
        const auth = authorize(request, 'agent');
        return reply
          .status(201)
          .send(await addNote(ctx, auth, actorOf(auth), subject, request.params.id, request.body.body));
      },
    );
  }
}
