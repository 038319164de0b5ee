// Routes of surveys: managers build, send and read them (admin); agents make personal links. Respondents answer
// without an account, on server-written pages (/s/…) or through the public JSON API (/api/public/surveys/…).
import {
  IdParams,
  Ok,
  ResultsQuery,
  Survey,
  SurveyFromTemplate,
  SurveyInvitationPage,
  SurveyLink,
  SurveyLinkRequest,
  SurveyPublicForm,
  SurveyResults,
  SurveySend,
  SurveySendResult,
  SurveySubmission,
  SurveySubmitted,
  SurveyTemplate,
  SurveyUpdate,
  SurveyWrite,
} from '@atiende/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { Throttle } from '../../platform/auth/throttle.js';
import { AppError } from '../../platform/errors.js';
import { acceptedLanguage, requestLanguage } from '../../platform/language.js';
import { iso } from '../../platform/time.js';
import { sendPage } from '../../platform/html.js';
import { formPage, messagePage, pick, thanksPage } from './pages.js';
import { acceptForms } from '../../platform/html.js';
import { responsesCsv, surveyResults } from './results.js';
import * as surveys from './service.js';
import { surveyTemplates } from './templates.js';
import { fileResponse } from '../../platform/openapi.js';

type Lang = 'es' | 'en';
const TokenParam = z.strictObject({ token: z.string().min(10).max(120) });

export function surveyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];

  r.get(
    '/api/survey-templates',
    {
      schema: {
        tags,
        summary: 'The ready-to-use surveys, by key',
        response: { 200: z.array(z.object({ key: SurveyTemplate, name: z.string(), questions: z.number() })) },
      },
    },
    async (request) => {
      authorize(request);
      const language = requestLanguage(request);
      return (Object.keys(surveyTemplates) as SurveyTemplate[]).map((key) => ({
        key,
        name: surveyTemplates[key].name[language],
        questions: surveyTemplates[key].definition.sections.reduce((n, s) => n + s.questions.length, 0),
      }));
    },
  );
  r.get(
    '/api/surveys',
    { schema: { tags, summary: 'Surveys, newest first', response: { 200: z.array(Survey) } } },
    async (request) => surveys.listSurveys(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/surveys',
    { schema: { tags, summary: 'Build a survey (admin)', body: SurveyWrite, response: { 201: Survey } } },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await surveys.createSurvey(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.post(
    '/api/surveys/from-template',
    {
      schema: {
        tags,
        summary: 'A new draft survey from a template (admin)',
        body: SurveyFromTemplate,
        response: { 201: Survey },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply
        .status(201)
        .send(
          await surveys.createFromTemplate(
            ctx,
            auth.workspaceId,
            actorOf(auth),
            request.body.template,
            request.body.name,
            requestLanguage(request),
          ),
        );
    },
  );
  r.get(
    '/api/surveys/:id',
    { schema: { tags, summary: 'One survey with its current version', params: IdParams, response: { 200: Survey } } },
    async (request) => surveys.getSurvey(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.patch(
    '/api/surveys/:id',
    {
      schema: {
        tags,
        summary: 'Change a survey; changed questions make a new version, and earlier answers keep theirs (admin)',
        params: IdParams,
        body: SurveyUpdate,
        response: { 200: Survey },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return surveys.updateSurvey(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/surveys/:id',
    {
      schema: {
        tags,
        summary: 'Delete a survey with its invitations and answers (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await surveys.deleteSurvey(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/surveys/:id/send',
    {
      schema: {
        tags,
        summary: 'Invite contacts or a segment by email or WhatsApp; who was left out and why (admin)',
        params: IdParams,
        body: SurveySend,
        response: { 200: SurveySendResult },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return surveys.sendSurvey(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/surveys/:id/links',
    {
      schema: {
        tags,
        summary: 'A one-time link for one contact or conversation, to paste in a message (agent)',
        params: IdParams,
        body: SurveyLinkRequest,
        response: { 201: SurveyLink },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(await surveys.personalLink(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body));
    },
  );
  r.get(
    '/api/surveys/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations, newest first, with their delivery state (admin)',
        params: IdParams,
        querystring: z.strictObject({
          status: z.enum(['scheduled', 'sent', 'failed', 'answered', 'skipped']).optional(),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: SurveyInvitationPage },
      },
    },
    async (request) => {
      const t = tenant(ctx.db, authorize(request, 'admin').workspaceId);
      if (!(await t.selectFrom('surveys').select('id').where('id', '=', request.params.id).executeTakeFirst()))
        throw new AppError('not_found');
      let q = t.selectFrom('survey_invitations').where('survey_invitations.survey_id', '=', request.params.id);
      if (request.query.status) q = q.where('survey_invitations.status', '=', request.query.status);
      const [rows, total] = await Promise.all([
        q
          .leftJoin('contacts', 'contacts.id', 'survey_invitations.contact_id')
          .selectAll('survey_invitations')
          .select(['contacts.name as contactName'])
          .orderBy('survey_invitations.created_at', 'desc')
          .limit(50)
          .offset(request.query.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(total.n),
        items: rows.map((i) => ({
          id: i.id,
          contact: i.contact_id ? { id: i.contact_id, name: i.contactName ?? '' } : null,
          conversationId: i.conversation_id,
          channel: i.channel,
          status: i.status as 'sent',
          sendAt: iso(i.send_at),
          sentAt: iso(i.sent_at),
          answeredAt: iso(i.answered_at),
          expiresAt: iso(i.expires_at),
          error: i.error,
        })),
      };
    },
  );
  r.get(
    '/api/surveys/:id/results',
    {
      schema: {
        tags,
        summary: 'Response rate, CSAT, NPS, CES, a table per question and a cross-tab (admin)',
        params: IdParams,
        querystring: ResultsQuery,
        response: { 200: SurveyResults },
      },
    },
    async (request) =>
      surveyResults(
        ctx,
        authorize(request, 'admin').workspaceId,
        request.params.id,
        request.query,
        requestLanguage(request),
      ),
  );
  r.get(
    '/api/surveys/:id/responses.csv',
    {
      schema: {
        response: fileResponse('text/csv', 'One line per answer'),
        tags,
        summary: 'Every response of the period as CSV (admin)',
        params: IdParams,
        querystring: ResultsQuery.omit({ by: true }),
      },
    },
    async (request, reply) => {
      const csv = await responsesCsv(
        ctx,
        authorize(request, 'admin').workspaceId,
        request.params.id,
        request.query,
        requestLanguage(request),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="survey-${request.params.id}.csv"`)
        .send(`\ufeff${csv}`);
    },
  );

  // ── Respondents ─────────────────────────────────────────────────────────────
  const chosenLanguage = (target: surveys.AnswerTarget, query: unknown, header: string | undefined): Lang => {
    const asked = (query as { lang?: string } | undefined)?.lang;
    if (asked === 'es' || asked === 'en') return asked;
    if (target.invitation) return target.invitation.language;
    return acceptedLanguage(header) ?? target.workspaceLanguage;
  };
  const publicForm = (target: surveys.AnswerTarget, language: Lang) => ({
    title: pick(target.definition.title, language),
    intro: pick(target.definition.intro, language),
    language,
    anonymous: target.anonymous,
    sections: target.definition.sections.map((s) => ({
      title: pick(s.title, language),
      questions: s.questions.map((q) => ({
        id: q.id,
        type: q.type,
        text: pick(q.text, language),
        help: pick(q.help, language),
        required: q.required,
        options: (q.options ?? []).map((o, i) => ({
          id: q.type === 'likert' ? String(i + 1) : o.id,
          label: pick(o.label, language),
        })),
      })),
    })),
  });
  const targetOf = (kind: 'token' | 'open', token: string) =>
    kind === 'token' ? surveys.answerTargetByToken(ctx, token) : surveys.answerTargetByPublicToken(ctx, token);
  // A public link takes anyone's answers: each address has an hourly allowance per survey (a personal link is
  // single-use already).
  const throttle = new Throttle(ctx.db);
  const countAnswer = async (kind: 'token' | 'open', token: string, ip: string) => {
    if (kind !== 'open') return;
    const key = `survey:open:${token.slice(0, 24)}:ip:${ip}`;
    await throttle.spendHourly(key, ctx.config.surveyAnswersPerIpPerHour);
  };

  for (const kind of ['token', 'open'] as const) {
    const base = kind === 'token' ? '/api/public/surveys/:token' : '/api/public/surveys/open/:token';
    r.get(
      base,
      {
        schema: {
          tags,
          summary:
            kind === 'token'
              ? 'The questions behind an invitation link (no sign-in)'
              : "The questions of a survey's public link (no sign-in)",
          security: [],
          params: TokenParam,
          querystring: z.object({ lang: z.enum(['es', 'en']).optional() }),
          response: { 200: SurveyPublicForm },
        },
      },
      async (request) => {
        const target = await targetOf(kind, request.params.token);
        return publicForm(target, chosenLanguage(target, request.query, request.headers['accept-language']));
      },
    );
    r.post(
      base,
      {
        schema: {
          tags,
          summary:
            'Answer: all answers are stored or none; an invitation takes one set (409 survey_answered), expires (410 survey_expired)',
          security: [],
          params: TokenParam,
          body: SurveySubmission,
          response: { 201: SurveySubmitted },
        },
      },
      async (request, reply) => {
        const target = await targetOf(kind, request.params.token);
        const language = request.body.language ?? chosenLanguage(target, undefined, request.headers['accept-language']);
        await countAnswer(kind, request.params.token, request.ip);
        await surveys.submitAnswers(ctx, target, request.body.answers, language);
        return reply.status(201).send({ ok: true as const, thanks: pick(target.definition.thanks, language) });
      },
    );
  }

  // The answer pages: a plain form, so they work on any phone without script.
  const pagePath = (kind: 'token' | 'open', token: string) => (kind === 'token' ? `/s/${token}` : `/s/open/${token}`);
  const refusal = async (reply: FastifyReply, error: unknown, language: Lang) => {
    const code = error instanceof AppError ? error.code : null;
    const kind =
      code === 'survey_answered'
        ? 'answered'
        : code === 'survey_expired'
          ? 'expired'
          : code === 'survey_closed'
            ? 'closed'
            : code === 'not_found'
              ? 'missing'
              : code === 'too_many_attempts'
                ? 'limited'
                : null;
    if (!kind) throw error;
    return sendPage(reply, messagePage(language, '', kind), {
      status: code === 'not_found' ? 404 : code === 'survey_expired' ? 410 : code === 'too_many_attempts' ? 429 : 409,
    });
  };
  const headerLanguage = (header: string | undefined): Lang => acceptedLanguage(header) ?? 'es';
  for (const kind of ['token', 'open'] as const) {
    const path = kind === 'token' ? '/s/:token' : '/s/open/:token';
    r.get(
      path,
      { schema: { hide: true, params: TokenParam, querystring: z.object({ lang: z.string().max(5).optional() }) } },
      async (request, reply) => {
        try {
          const target = await targetOf(kind, request.params.token);
          const language = chosenLanguage(target, request.query, request.headers['accept-language']);
          const html = formPage({
            language,
            company: target.workspaceName,
            definition: target.definition,
            anonymous: target.anonymous,
            action: pagePath(kind, request.params.token),
            langHref: `${pagePath(kind, request.params.token)}?lang=${language === 'es' ? 'en' : 'es'}`,
          });
          return sendPage(reply, html);
        } catch (error) {
          return refusal(reply, error, headerLanguage(request.headers['accept-language']));
        }
      },
    );
  }
  app.register(async (scope) => {
    acceptForms(scope);
    for (const kind of ['token', 'open'] as const) {
      const path = kind === 'token' ? '/s/:token' : '/s/open/:token';
      scope
        .withTypeProvider<ZodTypeProvider>()
        .post(path, { schema: { hide: true, params: TokenParam } }, async (request, reply) => {
          const form = { ...((request.body ?? {}) as Record<string, string | string[]>) };
          const asked = form._lang;
          delete form._lang;
          let language = headerLanguage(request.headers['accept-language']);
          try {
            const target = await targetOf(kind, request.params.token);
            language =
              asked === 'en' || asked === 'es'
                ? asked
                : chosenLanguage(target, undefined, request.headers['accept-language']);
            try {
              await countAnswer(kind, request.params.token, request.ip);
              await surveys.submitAnswers(ctx, target, form, language);
            } catch (error) {
              if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
              // The page comes back with every answer as written and each problem beside its question.
              const errors = Object.fromEntries(
                (error.fields ?? []).map((f) => [f.path.replace(/^answers\./, ''), f.message]),
              );
              const action = pagePath(kind, request.params.token);
              return sendPage(
                reply,
                formPage({
                  language,
                  company: target.workspaceName,
                  definition: target.definition,
                  anonymous: target.anonymous,
                  action,
                  langHref: `${action}?lang=${language === 'es' ? 'en' : 'es'}`,
                  values: form,
                  errors,
                }),
                { status: 422 },
              );
            }
            return sendPage(reply, thanksPage(language, target.workspaceName, target.definition));
          } catch (error) {
            return refusal(reply, error, language);
          }
        });
    }
  });
}
