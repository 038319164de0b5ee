// Routes of segments: saved rule sets over contacts with live counts.
import {
  IdParams,
  Ok,
  Segment,
  SegmentDefinition,
  SegmentPreview,
  SegmentUpdate,
  SegmentWrite,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as segments from './service.js';

export function segmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['segments'];
  r.get(
    '/api/segments',
    { schema: { tags, summary: 'Saved segments with their live counts', response: { 200: z.array(Segment) } } },
    async (request) => segments.listSegments(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/segments/preview',
    {
      schema: {
        tags,
        summary: 'Count and sample the contacts a definition matches, without saving it',
        body: z.strictObject({ definition: SegmentDefinition }),
        response: { 200: SegmentPreview },
      },
    },
    async (request) => segments.previewSegment(ctx, authorize(request).workspaceId, request.body.definition),
  );
  r.post(
    '/api/segments',
    { schema: { tags, summary: 'Save a segment (agent)', body: SegmentWrite, response: { 201: Segment } } },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await segments.createSegment(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: 'A segment with its live count; its contacts are GET /api/contacts?segment=id',
        params: IdParams,
        response: { 200: Segment },
      },
    },
    async (request) => segments.getSegment(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.patch(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: 'Edit a segment (agent)',
        params: IdParams,
        body: SegmentUpdate,
        response: { 200: Segment },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return segments.updateSegment(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/segments/:id',
    { schema: { tags, summary: 'Delete a segment (agent)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      await segments.deleteSegment(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
