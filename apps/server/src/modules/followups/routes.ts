// Routes of follow-up sequences: admins shape them; agents enroll contacts by hand, follow and stop enrollments.
import { EnrollRequest, Enrollment, IdParams, Ok, Sequence, SequenceUpdate, SequenceWrite } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as followups from './service.js';

export function followupRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sequences'];
  r.get(
    '/api/sequences',
    {
      schema: {
        tags,
        summary: 'Follow-up sequences with how many enrollments run and finished',
        response: { 200: z.array(Sequence) },
      },
    },
    async (request) => followups.listSequences(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/sequences',
    {
      schema: {
        tags,
        summary:
          'Create a sequence: when it starts (deal won, project delivered, incident resolved, customer lost, by hand) and its steps (admin)',
        body: SequenceWrite,
        response: { 201: Sequence },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await followups.createSequence(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/sequences/:id',
    {
      schema: {
        tags,
        summary: 'Rename, turn off, or change the steps (running enrollments keep theirs) (admin)',
        params: IdParams,
        body: SequenceUpdate,
        response: { 200: Sequence },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return followups.updateSequence(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/sequences/:id',
    {
      schema: {
        tags,
        summary: 'Delete a sequence and its enrollments (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await followups.deleteSequence(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/sequences/:id/enrollments',
    {
      schema: {
        tags,
        summary: 'Enroll contacts (or a segment) in a sequence now (agent)',
        params: IdParams,
        body: EnrollRequest,
        response: { 200: z.object({ enrolled: z.number().int(), skipped: z.number().int() }) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return followups.enrollContacts(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.get(
    '/api/sequence-enrollments',
    {
      schema: {
        tags,
        summary: 'Enrollments with each step’s due date and outcome (newest first)',
        querystring: z.strictObject({
          sequenceId: z.string().max(64).optional(),
          contactId: z.string().max(64).optional(),
        }),
        response: { 200: z.array(Enrollment) },
      },
    },
    async (request) => followups.listEnrollments(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/sequence-enrollments/:id/stop',
    {
      schema: {
        tags,
        summary: 'Stop an enrollment: its pending steps are skipped (agent)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      await followups.stopEnrollment(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
