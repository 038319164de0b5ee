// Routes of automation rules: anyone reads them and their runs; admins shape them.
import {
  AutomationRule,
  AutomationRuleUpdate,
  AutomationRuleWrite,
  AutomationRun,
  IdParams,
  Ok,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import * as automation from './service.js';

export function automationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['automation'];
  r.get(
    '/api/automation-rules',
    { schema: { tags, summary: 'Automation rules in the order they run', response: { 200: z.array(AutomationRule) } } },
    async (request) => automation.listRules(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/automation-rules',
    {
      schema: {
        tags,
        summary: 'Create a rule: when an event happens, if every condition holds, run the actions in order (admin)',
        body: AutomationRuleWrite,
        response: { 201: AutomationRule },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await automation.createRule(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/automation-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule, or turn it off (admin)',
        params: IdParams,
        body: AutomationRuleUpdate,
        response: { 200: AutomationRule },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return automation.updateRule(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/automation-rules/:id',
    { schema: { tags, summary: 'Delete a rule and its log (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await automation.deleteRule(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/automation-rules/:id/runs',
    {
      schema: {
        tags,
        summary: 'The rule’s last 100 runs with what each action did',
        params: IdParams,
        response: { 200: z.array(AutomationRun) },
      },
    },
    async (request) => automation.listRuns(ctx, authorize(request).workspaceId, request.params.id),
  );
}
