// Routes of incidents, problems, their categories and the recurring-problem analysis.
import {
  AnalysisQuery,
  GroupingSuggestions,
  IdParams,
  Incident,
  IncidentCategory,
  IncidentCategoryWrite,
  IncidentListQuery,
  IncidentPage,
  IncidentStepWrite,
  IncidentUpdate,
  IncidentWrite,
  Ok,
  Problem,
  ProblemLink,
  ProblemNotified,
  ProblemNotify,
  ProblemStatus,
  ProblemUpdate,
  ProblemWrite,
  IncidentAnalysis,
  Id,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { requestLanguage } from '../../platform/language.js';
import { groupingSuggestions, incidentAnalysis } from './analysis.js';
import * as problems from './problems.js';
import * as incidents from './service.js';
import { fileResponse } from '../../platform/openapi.js';

export function incidentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];

  r.get(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: "Incidents, newest reported first; q searches summaries, the customer's words and areas",
        querystring: IncidentListQuery,
        response: { 200: IncidentPage },
      },
    },
    async (request) => incidents.listIncidents(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/incidents',
    {
      schema: {
        tags,
        summary:
          "Record an incident; with conversationId the contact, channel, time and customer's words are taken from the conversation (agent)",
        body: IncidentWrite,
        response: { 201: Incident },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await incidents.createIncident(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/incidents/:id',
    { schema: { tags, summary: 'One incident', params: IdParams, response: { 200: Incident } } },
    async (request) => incidents.getIncident(tenant(ctx.db, authorize(request).workspaceId), request.params.id),
  );
  r.patch(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary:
          'Change an incident; status resolved computes the time to resolve, in calendar and business time (agent)',
        params: IdParams,
        body: IncidentUpdate,
        response: { 200: Incident },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return incidents.updateIncident(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/incidents/:id/steps',
    {
      schema: {
        tags,
        summary: 'Add a step taken to an incident (agent)',
        params: IdParams,
        body: IncidentStepWrite,
        response: { 201: Incident },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(
          await incidents.addIncidentStep(
            ctx,
            auth.workspaceId,
            actorOf(auth),
            auth.user?.name ?? null,
            request.params.id,
            request.body.text,
          ),
        );
    },
  );
  r.delete(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary: 'Delete an incident recorded by mistake (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await incidents.deleteIncident(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/incident-categories',
    {
      schema: {
        tags,
        summary: "The workspace's incident categories, with how many incidents each holds",
        response: { 200: z.array(IncidentCategory) },
      },
    },
    async (request) => incidents.listCategories(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/incident-categories',
    {
      schema: {
        tags,
        summary: 'Add an incident category (admin)',
        body: IncidentCategoryWrite,
        response: { 201: IncidentCategory },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await incidents.createCategory(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/incident-categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename or move an incident category (admin)',
        params: IdParams,
        body: IncidentCategoryWrite.partial(),
        response: { 200: IncidentCategory },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return incidents.updateCategory(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/incident-categories/:id',
    {
      schema: {
        tags,
        summary: 'Delete a category no incident uses (admin); one in use is refused with category_in_use',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await incidents.deleteCategory(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/incidents-analysis',
    {
      schema: {
        tags,
        summary:
          'Pareto of categories and root causes, weekly trend, this month against the last, attitude and resolution times (default: the last 365 days)',
        querystring: AnalysisQuery,
        response: { 200: IncidentAnalysis },
      },
    },
    async (request) => incidentAnalysis(ctx, authorize(request).workspaceId, request.query, requestLanguage(request)),
  );
  r.get(
    '/api/incidents-grouping',
    {
      schema: {
        tags,
        summary:
          'Groups of open, unlinked incidents whose summaries say the same thing, with the words they share and a matching open problem',
        response: { 200: GroupingSuggestions },
      },
    },
    async (request) => groupingSuggestions(ctx, authorize(request).workspaceId),
  );

  const ptags = ['problems'];
  r.get(
    '/api/problems',
    {
      schema: {
        tags: ptags,
        summary: 'Problems (recurring causes), newest first',
        querystring: z.strictObject({ status: ProblemStatus.optional() }),
        response: { 200: z.array(Problem) },
      },
    },
    async (request) => problems.listProblems(ctx, authorize(request).workspaceId, request.query.status),
  );
  r.post(
    '/api/problems',
    {
      schema: {
        tags: ptags,
        summary: 'Open a problem, optionally linking incidents (agent)',
        body: ProblemWrite,
        response: { 201: Problem },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await problems.createProblem(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/problems/escalations.csv',
    {
      schema: {
        response: fileResponse('text/csv', 'The escalated problems as CSV'),
        tags: ptags,
        summary: 'Problems escalated to the product team, as CSV for their tracker',
      },
    },
    async (request, reply) => {
      const csv = await problems.escalationsCsv(ctx, authorize(request).workspaceId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="escalations-${new Date().toISOString().slice(0, 10)}.csv"`,
        )
        .send(`\uFEFF${csv}`);
    },
  );
  r.get(
    '/api/problems/:id',
    { schema: { tags: ptags, summary: 'One problem', params: IdParams, response: { 200: Problem } } },
    async (request) => problems.getProblem(tenant(ctx.db, authorize(request).workspaceId), request.params.id),
  );
  r.patch(
    '/api/problems/:id',
    {
      schema: {
        tags: ptags,
        summary: 'Change a problem; solved needs a verification (agent)',
        params: IdParams,
        body: ProblemUpdate,
        response: { 200: Problem },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return problems.updateProblem(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/problems/:id/incidents',
    {
      schema: {
        tags: ptags,
        summary: 'Link incidents to a problem (agent)',
        params: IdParams,
        body: ProblemLink,
        response: { 200: Problem },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return problems.linkProblemIncidents(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        request.params.id,
        request.body.incidentIds,
      );
    },
  );
  r.delete(
    '/api/problems/:id/incidents/:incidentId',
    {
      schema: {
        tags: ptags,
        summary: 'Unlink an incident from a problem (agent)',
        params: z.strictObject({ id: Id, incidentId: Id }),
        response: { 200: Problem },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return problems.unlinkProblemIncident(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        request.params.id,
        request.params.incidentId,
      );
    },
  );
  r.post(
    '/api/problems/:id/notify',
    {
      schema: {
        tags: ptags,
        summary:
          'Tell every customer of a solved problem, once each, in the conversation where they reported it (agent)',
        params: IdParams,
        body: ProblemNotify,
        response: { 200: ProblemNotified },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return problems.notifyProblemCustomers(ctx, auth, actorOf(auth), request.params.id, request.body.message);
    },
  );
  r.delete(
    '/api/problems/:id',
    {
      schema: {
        tags: ptags,
        summary: 'Delete a problem; its incidents stay, unlinked (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await problems.deleteProblem(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}
