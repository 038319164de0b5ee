// Routes of customer health: anyone reads scores and the at-risk list; programs (and agents) send usage readings.
import { CustomerHealth, HealthOverview, HealthQuery, IdParams, UsageReadings } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as health from './service.js';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customer health'];
  r.get(
    '/api/customer-health',
    {
      schema: {
        tags,
        summary:
          'Active customers by health level, and those at or below a score (default 69: not healthy), lowest first, with reasons',
        querystring: HealthQuery,
        response: { 200: HealthOverview },
      },
    },
    async (request) => {
      const auth = authorize(request);
      let ownerId = request.query.ownerId;
      if (ownerId === 'me') {
        if (!auth.user) throw new AppError('forbidden');
        ownerId = auth.user.id;
      }
      return health.healthOverview(ctx, auth.workspaceId, { ...request.query, ownerId });
    },
  );
  r.get(
    '/api/contacts/:id/health',
    {
      schema: {
        tags,
        summary: 'A customer’s health score with its reasons (null when the contact is not an active customer)',
        params: IdParams,
        response: { 200: CustomerHealth.nullable() },
      },
    },
    async (request) => health.contactHealth(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.get(
    '/api/contacts/:id/usage',
    {
      schema: {
        tags,
        summary: 'A customer’s usage readings of the last days (default 120)',
        params: IdParams,
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(730).default(120) }),
        response: { 200: z.array(z.object({ day: z.string(), quantity: z.number() })) },
      },
    },
    async (request) => health.usageOf(ctx, authorize(request).workspaceId, request.params.id, request.query.days),
  );
  r.post(
    '/api/usage-readings',
    {
      schema: {
        tags,
        summary:
          'Send usage readings (one total per contact and day; a day sent again replaces it); all or none are kept (agent)',
        body: UsageReadings,
        response: { 200: z.object({ recorded: z.number().int() }) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return health.recordUsage(ctx, auth.workspaceId, actorOf(auth), request.body.readings);
    },
  );
}
