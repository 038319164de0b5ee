// Routes of the sales pipeline: anyone reads pipelines, boards and deals; agents create, change, move and delete
// deals; admins shape the pipelines.
import {
  Board,
  BoardQuery,
  Deal,
  DealListQuery,
  DealMove,
  DealPage,
  DealUpdate,
  DealWrite,
  IdParams,
  LeadForm,
  LeadFormUpdate,
  LeadFormWrite,
  LeadSubmission,
  LeadSubmitted,
  Ok,
  Pipeline,
  PipelineReport,
  PipelineReportQuery,
  PipelineWrite,
} from '@atiende/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { type AuthContext, actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { acceptForms } from '../../platform/html.js';
import { pageLanguage } from '../../platform/language.js';
import { Throttle } from '../../platform/auth/throttle.js';
import { sendPage } from '../../platform/html.js';
import * as forms from './lead-forms.js';
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
  r.get(
    '/api/pipelines',
    {
      schema: {
        tags,
        summary: 'The pipelines with their stages (a workspace starts with one)',
        response: { 200: z.array(Pipeline) },
      },
    },
    async (request) => deals.listPipelines(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/pipelines',
    {
      schema: {
        tags,
        summary: 'Create a pipeline with its stages, at least one won and one lost (admin)',
        body: PipelineWrite,
        response: { 201: Pipeline },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await deals.createPipeline(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.put(
    '/api/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Rename a pipeline and set its stages in order; a stage with deals cannot be removed (admin)',
        params: IdParams,
        body: PipelineWrite,
        response: { 200: Pipeline },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return deals.updatePipeline(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/pipelines/:id',
    { schema: { tags, summary: 'Delete a pipeline without deals (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await deals.deletePipeline(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/pipelines/:id/board',
    {
      schema: {
        tags,
        summary: 'The Kanban board: per stage its count, value, weighted value and first cards',
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (request) => {
      const auth = authorize(request);
      return deals.board(ctx, auth.workspaceId, request.params.id, {
        ...request.query,
        ownerId: ownerFilter(auth, request.query.ownerId),
      });
    },
  );
  r.get(
    '/api/pipelines/:id/report',
    {
      schema: {
        tags,
        summary:
          'Conversion by stage and lead source, sales cycle, wins per month, lost reasons (deals created in the period; default the last 365 days)',
        params: IdParams,
        querystring: PipelineReportQuery,
        response: { 200: PipelineReport },
      },
    },
    async (request) => deals.pipelineReport(ctx, authorize(request).workspaceId, request.params.id, request.query),
  );

  r.get(
    '/api/deals',
    {
      schema: {
        tags,
        summary: 'Deals, filtered and sorted, a page at a time (sort=board: the order of a stage on the board)',
        querystring: DealListQuery,
        response: { 200: DealPage },
      },
    },
    async (request) => {
      const auth = authorize(request);
      return deals.listDeals(ctx, auth.workspaceId, {
        ...request.query,
        ownerId: ownerFilter(auth, request.query.ownerId),
      });
    },
  );
  r.post(
    '/api/deals',
    {
      schema: {
        tags,
        summary: 'Create a deal; the owner is the creator unless given (agent)',
        body: DealWrite,
        response: { 201: Deal },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await deals.createDeal(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/deals/:id',
    { schema: { tags, summary: 'One deal', params: IdParams, response: { 200: Deal } } },
    async (request) => deals.getDeal(tenant(ctx.db, authorize(request).workspaceId), request.params.id),
  );
  r.patch(
    '/api/deals/:id',
    {
      schema: {
        tags,
        summary: 'Change a deal, naming the version it was read at (409 edit_conflict if it changed since) (agent)',
        params: IdParams,
        body: DealUpdate,
        response: { 200: Deal },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return deals.updateDeal(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/deals/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a card on the board: to a stage, before another card or at the end (agent)',
        params: IdParams,
        body: DealMove,
        response: { 200: Deal },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return deals.moveDeal(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/deals/:id',
    { schema: { tags, summary: 'Delete a deal (agent)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      await deals.deleteDeal(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}

/** Lead forms: admins manage them; anyone may open and send one (the page, or JSON from the company's own site). */
export function leadFormRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deals'];
  r.get(
    '/api/lead-forms',
    {
      schema: {
        tags,
        summary: 'Web forms that capture leads, with their address and embed code',
        response: { 200: z.array(LeadForm) },
      },
    },
    async (request) => forms.listLeadForms(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/lead-forms',
    {
      schema: {
        tags,
        summary: 'Create a lead form for a pipeline (admin)',
        body: LeadFormWrite,
        response: { 201: LeadForm },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await forms.createLeadForm(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/lead-forms/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move to another pipeline, or turn a lead form off (admin)',
        params: IdParams,
        body: LeadFormUpdate,
        response: { 200: LeadForm },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return forms.updateLeadForm(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/lead-forms/:id',
    {
      schema: { tags, summary: 'Delete a lead form; its deals stay (admin)', params: IdParams, response: { 200: Ok } },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await forms.deleteLeadForm(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );

  const throttle = new Throttle(ctx.db);
  // Each address has an hourly allowance per form: a public form must not become a way to flood the pipeline.
  const count = async (token: string, ip: string) => {
    const key = `lead:${token.slice(0, 24)}:ip:${ip}`;
    await throttle.spendHourly(key, ctx.config.leadsPerIpPerHour);
  };
  const Token = z.strictObject({ token: z.string().min(10).max(100) });
  // The company's own site may post here from its pages: no cookies, any origin (the preflight answered here).
  const openCors = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*').header('vary', 'origin');
  r.options('/api/public/lead-forms/:token', { schema: { hide: true, params: Token } }, async (_request, reply) =>
    openCors(reply)
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '86400')
      .status(204)
      .send(),
  );
  r.post(
    '/api/public/lead-forms/:token',
    {
      schema: {
        tags,
        summary:
          'Send a lead form (no sign-in, any origin; limited per address and hour): finds or creates the contact and opens a deal',
        security: [],
        params: Token,
        body: LeadSubmission,
        response: { 201: LeadSubmitted },
      },
    },
    async (request, reply) => {
      openCors(reply);
      const form = await forms.publicForm(ctx, request.params.token);
      await count(request.params.token, request.ip);
      await forms.submitLead(ctx, form, request.body, request.headers.referer);
      return reply.status(201).send({ ok: true as const });
    },
  );
  r.get(
    '/f/:token',
    { schema: { hide: true, params: Token, querystring: z.object({ lang: z.string().max(5).optional() }) } },
    async (request, reply) => {
      try {
        const form = await forms.publicForm(ctx, request.params.token);
        return sendPage(
          reply,
          forms.leadFormPage(
            form,
            pageLanguage(request.query.lang, request.headers['accept-language'], form.language),
            `/f/${request.params.token}`,
          ),
          { framedBy: form.websites },
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found')
          return sendPage(
            reply,
            forms.leadMessagePage(pageLanguage(undefined, request.headers['accept-language'], 'es'), '', 'missing'),
            { status: 404 },
          );
        throw error;
      }
    },
  );
  app.register(async (scope) => {
    acceptForms(scope);
    scope
      .withTypeProvider<ZodTypeProvider>()
      .post('/f/:token', { schema: { hide: true, params: Token } }, async (request, reply) => {
        const raw = (request.body ?? {}) as Record<string, string | string[]>;
        const values = Object.fromEntries(
          ['name', 'email', 'phone', 'company', 'message', 'language'].map((k) => [
            k,
            String([raw[k]].flat()[0] ?? ''),
          ]),
        );
        let language = pageLanguage(values.language, request.headers['accept-language'], 'es');
        let form: Awaited<ReturnType<typeof forms.publicForm>>;
        try {
          form = await forms.publicForm(ctx, request.params.token);
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found')
            return sendPage(reply, forms.leadMessagePage(language, '', 'missing'), { status: 404 });
          throw error;
        }
        language = pageLanguage(values.language, request.headers['accept-language'], form.language);
        const parsed = LeadSubmission.safeParse(
          Object.fromEntries(
            Object.entries({ ...values, language } as Record<string, string>).filter(
              ([k, v]) => v !== '' || k === 'name' || k === 'email',
            ),
          ),
        );
        if (!parsed.success) {
          const errors = Object.fromEntries(
            parsed.error.issues.map((i) => [String(i.path[0]), forms.fieldText(language, i.message)]),
          );
          return sendPage(reply, forms.leadFormPage(form, language, `/f/${request.params.token}`, values, errors), {
            status: 422,
            framedBy: form.websites,
          });
        }
        try {
          await count(request.params.token, request.ip);
        } catch (error) {
          if (error instanceof AppError && error.code === 'too_many_attempts')
            return sendPage(reply, forms.leadMessagePage(language, form.company, 'limited'), {
              status: 429,
              framedBy: form.websites,
            });
          throw error;
        }
        await forms.submitLead(ctx, form, parsed.data, request.headers.referer);
        return sendPage(reply, forms.leadMessagePage(language, form.company, 'thanks'), { framedBy: form.websites });
      });
  });
}
