// Routes of the knowledge base (console and API) and of the public help center.
import {
  Article,
  ArticleListQuery,
  ArticlePage,
  ArticlePreview,
  ArticleSuggestion,
  ArticleTemplate,
  ArticleUpdate,
  ArticleUse,
  ArticleVersion,
  ArticleWrite,
  HelpCenterSettings,
  HelpCenterWrite,
  IdParams,
  KbCategory,
  KbCategoryWrite,
  KnowledgeInsights,
  Ok,
  PublicSearchResult,
  SuggestionQuery,
} from '@atiende/contract';
import { articleTemplates } from '@atiende/contract/i18n';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requestLanguage } from '../../platform/language.js';
import { sendPage } from '../../platform/html.js';
import { acceptRawFiles, sendFile, uploadOf } from '../../platform/storage/routes.js';
import { MAX_FILE_BYTES } from '../../platform/storage/files.js';
import * as articles from './articles.js';
import * as help from './help-center.js';
import { diagramKey, diagramSources, keptDrawings, renderArticle } from './render.js';

export async function knowledgeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['knowledge'];

  r.get(
    '/api/articles',
    {
      schema: {
        tags,
        summary: 'Knowledge articles, by title or ranked by q',
        querystring: ArticleListQuery,
        response: { 200: ArticlePage },
      },
    },
    async (request) => articles.listArticles(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/articles',
    {
      schema: {
        tags,
        summary: 'Write an article (agent); translationOf makes it the other-language version of one',
        body: ArticleWrite,
        response: { 201: Article },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await articles.createArticle(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/articles/:id',
    { schema: { tags, summary: 'One article, with its rendered HTML', params: IdParams, response: { 200: Article } } },
    async (request) => articles.getArticle(ctx, tenant(ctx.db, authorize(request).workspaceId), request.params.id),
  );
  r.patch(
    '/api/articles/:id',
    {
      schema: {
        tags,
        summary: 'Change an article; a new text is a new version (agent)',
        params: IdParams,
        body: ArticleUpdate,
        response: { 200: Article },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return articles.updateArticle(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/articles/:id',
    { schema: { tags, summary: 'Delete an article and its history (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await articles.deleteArticle(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/articles/:id/versions',
    {
      schema: {
        tags,
        summary: 'Every version of an article, newest first',
        params: IdParams,
        response: { 200: z.array(ArticleVersion) },
      },
    },
    async (request) => articles.listVersions(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.post(
    '/api/articles/:id/versions/:version/restore',
    {
      schema: {
        tags,
        summary: 'Bring back an earlier text, as a new version (agent)',
        params: z.strictObject({ id: z.string().min(1).max(64), version: z.coerce.number().int().min(1) }),
        response: { 200: Article },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return articles.restoreVersion(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.params.version);
    },
  );
  r.post(
    '/api/articles/:id/uses',
    {
      schema: {
        tags,
        summary: 'Count a use: the article (or its public link) went into an answer (agent)',
        params: IdParams,
        body: ArticleUse,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      await articles.recordUse(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
      return { ok: true as const };
    },
  );
  await app.register(async (scope) => {
    acceptRawFiles(scope, MAX_FILE_BYTES);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/articles/:id/files',
      {
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary:
            'Keep an image or file with an article (raw body, name in X-File-Name); returns the Markdown to paste (agent)',
          params: IdParams,
          response: {
            201: z.object({
              id: z.string(),
              name: z.string(),
              contentType: z.string(),
              size: z.number(),
              markdown: z.string(),
            }),
          },
        },
      },
      async (request, reply) => {
        const auth = authorize(request, 'agent');
        return reply
          .status(201)
          .send(
            await articles.addArticleFile(ctx, auth.workspaceId, actorOf(auth), request.params.id, uploadOf(request)),
          );
      },
    );
  });
  r.post(
    '/api/articles/preview',
    {
      schema: {
        tags,
        summary:
          'Render Markdown as the article would show it, without saving; lists its diagrams so the console can draw them',
        body: ArticlePreview,
        response: {
          200: z.object({ html: z.string(), diagrams: z.array(z.object({ key: z.string(), source: z.string() })) }),
        },
      },
    },
    async (request) => {
      authorize(request);
      const { body, diagrams } = request.body;
      return {
        html: renderArticle(body, keptDrawings(body, diagrams ?? {}), { language: requestLanguage(request) }),
        diagrams: diagramSources(body).map((source) => ({ key: diagramKey(source), source })),
      };
    },
  );
  r.get(
    '/api/article-templates',
    {
      schema: {
        tags,
        summary: 'Templates: a recurring problem, and a service process per channel',
        querystring: z.strictObject({ language: z.enum(['es', 'en']).optional() }),
        response: { 200: z.array(ArticleTemplate) },
      },
    },
    async (request) => {
      authorize(request);
      return articleTemplates(request.query.language ?? requestLanguage(request));
    },
  );
  r.get(
    '/api/conversations/:id/article-suggestions',
    {
      schema: {
        tags,
        summary: "Articles ranked by the conversation's last customer messages and what the agent is typing",
        params: IdParams,
        querystring: SuggestionQuery,
        response: { 200: z.array(ArticleSuggestion) },
      },
    },
    async (request) =>
      articles.suggestArticles(ctx, authorize(request).workspaceId, request.params.id, request.query.text),
  );
  r.get(
    '/api/knowledge/insights',
    {
      schema: {
        tags,
        summary: 'Searches that found nothing, least helpful and most used articles, reviews due, recent feedback',
        response: { 200: KnowledgeInsights },
      },
    },
    async (request) => articles.knowledgeInsights(ctx, authorize(request).workspaceId),
  );

  r.get(
    '/api/kb-categories',
    {
      schema: {
        tags,
        summary: 'Knowledge categories, with how many articles each holds',
        response: { 200: z.array(KbCategory) },
      },
    },
    async (request) => articles.listKbCategories(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/kb-categories',
    {
      schema: {
        tags,
        summary: 'Add a knowledge category (admin)',
        body: KbCategoryWrite,
        response: { 201: KbCategory },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply
        .status(201)
        .send(await articles.saveKbCategory(ctx, auth.workspaceId, actorOf(auth), null, request.body));
    },
  );
  r.patch(
    '/api/kb-categories/:id',
    {
      schema: {
        tags,
        summary: 'Rename, describe or move a knowledge category (admin)',
        params: IdParams,
        body: KbCategoryWrite.partial(),
        response: { 200: KbCategory },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return articles.saveKbCategory(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/kb-categories/:id',
    {
      schema: {
        tags,
        summary: 'Delete a category without articles (admin); one with articles is refused with category_in_use',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await articles.deleteKbCategory(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/help-center',
    {
      schema: {
        tags,
        summary: "The help center's address, title and whether it is open",
        response: { 200: HelpCenterSettings },
      },
    },
    async (request) => help.helpCenterSettings(ctx, authorize(request).workspaceId),
  );
  r.patch(
    '/api/help-center',
    {
      schema: {
        tags,
        summary: 'Change the help center address or title, or close it (admin)',
        body: HelpCenterWrite,
        response: { 200: HelpCenterSettings },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return help.updateHelpCenter(ctx, auth.workspaceId, actorOf(auth), request.body);
    },
  );

  // ---- Public ----
  const publicSearch = z.strictObject({
    q: z.string().max(200).default(''),
    lang: z.enum(['es', 'en']).optional(),
    record: z
      .enum(['1'])
      .optional()
      .describe(
        'Keep this search for the team (the widget sends it for the last search a visitor made, not for each keystroke)',
      ),
  });
  r.get(
    '/api/public/help/:slug/search',
    {
      schema: {
        tags,
        summary: 'Search the public help center (no sign-in); used by the widget before a visitor writes',
        params: z.strictObject({ slug: z.string().max(80) }),
        querystring: publicSearch,
        security: [],
        response: { 200: PublicSearchResult },
      },
    },
    async (request, reply) => {
      const center = await help.helpCenterBySlug(ctx, request.params.slug);
      if (!center) throw new AppError('not_found');
      reply.header('access-control-allow-origin', '*');
      return help.searchHelpCenter(
        ctx,
        center,
        request.query.q,
        help.readerLanguage(center, request.query.lang, request.headers['accept-language']),
        'widget',
        request.query.record === '1',
      );
    },
  );

  const pageQuery = z
    .object({ lang: z.string().optional(), q: z.string().max(200).optional(), thanks: z.string().optional() })
    .passthrough();
  const center = async (slug: string) => help.helpCenterBySlug(ctx, slug);
  const fallbackLanguage = (header: string | undefined): 'es' | 'en' =>
    (header ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'es';
  r.get(
    '/help/:slug',
    { schema: { hide: true, params: z.object({ slug: z.string().max(80) }), querystring: pageQuery } },
    async (request, reply) => {
      const found = await center(request.params.slug);
      if (!found)
        return sendPage(reply, help.notFoundPage(null, fallbackLanguage(request.headers['accept-language'])), {
          status: 404,
        });
      return sendPage(
        reply,
        await help.homePage(
          ctx,
          found,
          help.readerLanguage(found, request.query.lang, request.headers['accept-language']),
        ),
        { framedBy: found.websites },
      );
    },
  );
  r.get(
    '/help/:slug/search',
    { schema: { hide: true, params: z.object({ slug: z.string().max(80) }), querystring: pageQuery } },
    async (request, reply) => {
      const found = await center(request.params.slug);
      if (!found)
        return sendPage(reply, help.notFoundPage(null, fallbackLanguage(request.headers['accept-language'])), {
          status: 404,
        });
      return sendPage(
        reply,
        await help.searchPage(
          ctx,
          found,
          (request.query.q ?? '').slice(0, 200),
          help.readerLanguage(found, request.query.lang, request.headers['accept-language']),
        ),
        { framedBy: found.websites },
      );
    },
  );
  r.get(
    '/help/:slug/files/:fileId',
    { schema: { hide: true, params: z.object({ slug: z.string().max(80), fileId: z.string().max(64) }) } },
    async (request, reply) => {
      const found = await center(request.params.slug);
      const file = found ? await help.publicFile(ctx, found, request.params.fileId) : undefined;
      if (!file?.data) return reply.status(404).send();
      return sendFile(reply, { name: file.name, content_type: file.content_type, data: Buffer.from(file.data) });
    },
  );
  const articleParams = z.object({ slug: z.string().max(80), lang: z.string().max(5), article: z.string().max(120) });
  r.get(
    '/help/:slug/:lang/:article',
    { schema: { hide: true, params: articleParams, querystring: pageQuery } },
    async (request, reply) => {
      const found = await center(request.params.slug);
      const language = request.params.lang === 'en' ? 'en' : 'es';
      if (!found) return sendPage(reply, help.notFoundPage(null, language), { status: 404 });
      const html = await help.articlePage(
        ctx,
        found,
        request.params.lang,
        request.params.article,
        request.query.thanks === '1',
      );
      return html
        ? sendPage(reply, html, { framedBy: found.websites })
        : sendPage(reply, help.notFoundPage(found, language), { status: 404 });
    },
  );
  // "Was this helpful?" is a plain form, so it works without any script on the page.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8_192 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/help/:slug/:lang/:article/feedback',
      {
        schema: {
          hide: true,
          params: articleParams,
          body: z.object({ helpful: z.enum(['yes', 'no']), comment: z.string().max(1_000).optional() }).passthrough(),
        },
      },
      async (request, reply) => {
        const found = await center(request.params.slug);
        if (
          !found ||
          !(await help.recordFeedback(
            ctx,
            found,
            request.params.lang,
            request.params.article,
            request.body.helpful === 'yes',
            request.body.comment ?? '',
          ))
        )
          return sendPage(reply, help.notFoundPage(found, request.params.lang === 'en' ? 'en' : 'es'), {
            status: 404,
          });
        return reply.redirect(`/help/${found.slug}/${request.params.lang}/${request.params.article}?thanks=1`, 303);
      },
    );
  });
}
