// Routes of the service-standards dashboard, its drill-down, targets, the CSV of the standards and the weekly mail
// (admin: managers read how the service is doing).
import {
  AnalyticsSettings,
  Dashboard,
  DashboardQuery,
  DrillDown,
  DrillDownQuery,
  Ok,
  ServiceTargets,
} from '@atiende/contract';
import { standardWords } from '@atiende/contract/i18n';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { requestLanguage } from '../../platform/language.js';
import { csvLine } from '../../platform/csv.js';
import { serviceDashboard } from './dashboard.js';
import { drillDown } from './drill-down.js';
import { refreshFacts } from './facts.js';
import { sendWeeklySummary } from './summary.js';
import { listTargets, saveTargets } from './targets.js';
import { fileResponse } from '../../platform/openapi.js';

export function analyticsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  r.get(
    '/api/analytics/dashboard',
    {
      schema: {
        tags,
        summary:
          'Every service standard for a period (default the last 30 days) with targets, the period before and weekly trends; per channel, team and agent; backlog, heat map, new customers, satisfaction, outliers (admin)',
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    async (request) =>
      serviceDashboard(ctx, authorize(request, 'admin').workspaceId, request.query, requestLanguage(request)),
  );
  r.get(
    '/api/analytics/dashboard.csv',
    {
      schema: {
        response: fileResponse('text/csv', 'The figures as CSV'),
        tags,
        summary: 'The standards of a period as CSV (admin)',
        querystring: DashboardQuery,
      },
    },
    async (request, reply) => {
      const language = requestLanguage(request);
      const dashboard = await serviceDashboard(ctx, authorize(request, 'admin').workspaceId, request.query, language);
      const header =
        language === 'es'
          ? ['estándar', 'valor', 'unidad', 'meta', 'cumple', 'periodo anterior', 'base']
          : ['standard', 'value', 'unit', 'target', 'met', 'previous period', 'basis'];
      const lines = [
        csvLine(header),
        ...dashboard.standards.map((s) =>
          csvLine([
            standardWords[language][s.key][0],
            s.value,
            s.unit,
            s.target,
            s.met === null ? '' : s.met,
            s.previous,
            s.basis,
          ]),
        ),
      ];
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="service-standards-${dashboard.from.slice(0, 10)}-${dashboard.to.slice(0, 10)}.csv"`,
        )
        .send(`\ufeff${lines.join('\r\n')}\r\n`);
    },
  );
  r.get(
    '/api/analytics/drill-down',
    {
      schema: {
        tags,
        summary: "The conversations behind a standard's figure: those that missed its target, or met it (admin)",
        querystring: DrillDownQuery,
        response: { 200: DrillDown },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await refreshFacts(ctx, auth.workspaceId).catch((err) =>
        ctx.log.warn({ err }, 'refreshing the service facts failed'),
      );
      return drillDown(ctx, auth.workspaceId, request.query);
    },
  );
  r.get(
    '/api/analytics/targets',
    {
      schema: {
        tags,
        summary: "Targets of the standards, per channel ('' for all); defaults where none was set",
        response: { 200: ServiceTargets },
      },
    },
    async (request) => listTargets(ctx, authorize(request).workspaceId),
  );
  r.put(
    '/api/analytics/targets',
    {
      schema: { tags, summary: 'Replace the targets (admin)', body: ServiceTargets, response: { 200: ServiceTargets } },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return saveTargets(ctx, auth.workspaceId, actorOf(auth), request.body);
    },
  );
  r.get(
    '/api/analytics/settings',
    {
      schema: {
        tags,
        summary: 'Whether managers get the weekly summary by email (admin)',
        response: { 200: AnalyticsSettings },
      },
    },
    async (request) => {
      const t = tenant(ctx.db, authorize(request, 'admin').workspaceId);
      const row = await t.selectFrom('analytics_state').select('weekly_summary').executeTakeFirst();
      return { weeklySummary: (row?.weekly_summary ?? 1) === 1 };
    },
  );
  r.put(
    '/api/analytics/settings',
    {
      schema: {
        tags,
        summary: 'Turn the weekly summary on or off (admin)',
        body: AnalyticsSettings,
        response: { 200: AnalyticsSettings },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      const weeklySummary = request.body.weeklySummary ? 1 : 0;
      // The first week counts from now, as when the facts make the row (facts_through 0: they are computed from the start).
      await tenant(ctx.db, auth.workspaceId)
        .insertInto('analytics_state', { facts_through: 0, weekly_summary: weeklySummary, last_summary_at: Date.now() })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ weekly_summary: weeklySummary }))
        .execute();
      return request.body;
    },
  );
  r.post(
    '/api/analytics/summary',
    {
      schema: {
        tags,
        summary: "Mail the last 7 days' summary to the managers now (admin)",
        response: { 200: Ok.extend({ recipients: z.number() }) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return { ok: true as const, recipients: await sendWeeklySummary(ctx, auth.workspaceId) };
    },
  );
}
