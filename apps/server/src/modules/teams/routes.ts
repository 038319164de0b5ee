// Routes of teams, routing rules and agents' availability.
import {
  Availability,
  IdParams,
  Ok,
  RoutingOrder,
  RoutingRule,
  RoutingRuleWrite,
  Team,
  TeamUpdate,
  TeamWrite,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as teams from './service.js';

export function teamRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];
  r.get(
    '/api/teams',
    {
      schema: {
        tags,
        summary: 'Teams with their members, capacity, load and availability',
        response: { 200: z.array(Team) },
      },
    },
    async (request) => teams.listTeams(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/teams',
    { schema: { tags, summary: 'Create a team (admin)', body: TeamWrite, response: { 201: Team } } },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await teams.createTeam(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/teams/:id',
    {
      schema: {
        tags,
        summary: 'Change a team, its members or their capacity (admin)',
        params: IdParams,
        body: TeamUpdate,
        response: { 200: Team },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return teams.updateTeam(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/teams/:id',
    {
      schema: {
        tags,
        summary: 'Delete a team; its conversations stay, without team (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await teams.deleteTeam(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.put(
    '/api/me/availability',
    {
      schema: {
        tags,
        summary: 'Available for new conversations, or away (round robin skips those away)',
        body: Availability,
        response: { 200: Availability },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      if (!auth.user) throw new AppError('forbidden');
      await teams.setAvailability(ctx, auth.workspaceId, auth.user.id, request.body.availability);
      return request.body;
    },
  );

  r.get(
    '/api/routing-rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the order they are tried (first match wins)',
        response: { 200: z.array(RoutingRule) },
      },
    },
    async (request) => teams.listRules(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/routing-rules',
    {
      schema: {
        tags,
        summary: 'Add a rule at the end (admin)',
        body: RoutingRuleWrite,
        response: { 201: RoutingRule },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await teams.createRule(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.put(
    '/api/routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Replace a rule (admin)',
        params: IdParams,
        body: RoutingRuleWrite,
        response: { 200: RoutingRule },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return teams.updateRule(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/routing-rules/:id',
    { schema: { tags, summary: 'Delete a rule (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await teams.deleteRule(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.put(
    '/api/routing-rules/order',
    {
      schema: {
        tags,
        summary: 'Set the order of every rule (admin)',
        body: RoutingOrder,
        response: { 200: z.array(RoutingRule) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return teams.reorderRules(ctx, auth.workspaceId, actorOf(auth), request.body.ids);
    },
  );
}
