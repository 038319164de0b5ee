// Routes of the sales pipeline: anyone reads pipelines, boards and deals; agents create, change, move and delete
// deals; admins shape the pipelines.
import { Board, BoardQuery, Deal, DealListQuery, DealMove, DealPage, DealUpdate, DealWrite, IdParams, Ok, Pipeline, PipelineReport, PipelineReportQuery, PipelineWrite } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { type AuthContext, actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as deals from './service.js';

/** ownerId=me: the signed-in person's own deals. */
function ownerFilter(auth: AuthContext, ownerId: string | undefined): string | undefined {
  if (ownerId !== 'me') return ownerId;
  if (!auth.user) throw new AppError('forbidden');
  return auth.user.id;
}

export function dealRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deals'];
  r.get('/api/pipelines', { schema: { tags, summary: 'The pipelines with their stages (a workspace starts with one)', response: { 200: z.array(Pipeline) } } }, async (request) => deals.listPipelines(ctx, authorize(request).workspaceId));
  r.post('/api/pipelines', { schema: { tags, summary: 'Create a pipeline with its stages, at least one won and one lost (admin)', body: PipelineWrite, response: { 201: Pipeline } } }, async (request, reply) => {
    const auth = authorize(request, 'admin');
    return reply.status(201).send(await deals.createPipeline(ctx, auth.workspaceId, actorOf(auth), request.body));
  });
  r.put('/api/pipelines/:id', { schema: { tags, summary: 'Rename a pipeline and set its stages in order; a stage with deals cannot be removed (admin)', params: IdParams, body: PipelineWrite, response: { 200: Pipeline } } }, async (request) => {
    const auth = authorize(request, 'admin');
    return deals.updatePipeline(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
  });
  r.delete('/api/pipelines/:id', { schema: { tags, summary: 'Delete a pipeline without deals (admin)', params: IdParams, response: { 200: Ok } } }, async (request) => {
    const auth = authorize(request, 'admin');
    await deals.deletePipeline(ctx, auth.workspaceId, actorOf(auth), request.params.id);
    return { ok: true as const };
  });
  r.get('/api/pipelines/:id/board', { schema: { tags, summary: 'The Kanban board: per stage its count, value, weighted value and first cards', params: IdParams, querystring: BoardQuery, response: { 200: Board } } }, async (request) => {
    const auth = authorize(request);
    return deals.board(ctx, auth.workspaceId, request.params.id, { ...request.query, ownerId: ownerFilter(auth, request.query.ownerId) });
  });
  r.get('/api/pipelines/:id/report', { schema: { tags, summary: 'Conversion by stage and lead source, sales cycle, wins per month, lost reasons (deals created in the period; default the last 365 days)', params: IdParams, querystring: PipelineReportQuery, response: { 200: PipelineReport } } }, async (request) =>
    deals.pipelineReport(ctx, authorize(request).workspaceId, request.params.id, request.query),
  );

  r.get('/api/deals', { schema: { tags, summary: 'Deals, filtered and sorted, a page at a time (sort=board: the order of a stage on the board)', querystring: DealListQuery, response: { 200: DealPage } } }, async (request) => {
    const auth = authorize(request);
    return deals.listDeals(ctx, auth.workspaceId, { ...request.query, ownerId: ownerFilter(auth, request.query.ownerId) });
  });
  r.post('/api/deals', { schema: { tags, summary: 'Create a deal; the owner is the creator unless given (agent)', body: DealWrite, response: { 201: Deal } } }, async (request, reply) => {
    const auth = authorize(request, 'agent');
    return reply.status(201).send(await deals.createDeal(ctx, auth.workspaceId, actorOf(auth), request.body));
  });
  r.get('/api/deals/:id', { schema: { tags, summary: 'One deal', params: IdParams, response: { 200: Deal } } }, async (request) => deals.getDeal(tenant(ctx.db, authorize(request).workspaceId), request.params.id));
  r.patch('/api/deals/:id', { schema: { tags, summary: 'Change a deal, naming the version it was read at (409 edit_conflict if it changed since) (agent)', params: IdParams, body: DealUpdate, response: { 200: Deal } } }, async (request) => {
    const auth = authorize(request, 'agent');
    return deals.updateDeal(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
  });
  r.post('/api/deals/:id/move', { schema: { tags, summary: 'Move a card on the board: to a stage, before another card or at the end (agent)', params: IdParams, body: DealMove, response: { 200: Deal } } }, async (request) => {
    const auth = authorize(request, 'agent');
    return deals.moveDeal(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
  });
  r.delete('/api/deals/:id', { schema: { tags, summary: 'Delete a deal (agent)', params: IdParams, response: { 200: Ok } } }, async (request) => {
    const auth = authorize(request, 'agent');
    await deals.deleteDeal(ctx, auth.workspaceId, actorOf(auth), request.params.id);
    return { ok: true as const };
  });
}
