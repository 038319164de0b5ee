// Routes of the customer portal: its pages (/portal/<address>/…), the same for programs as JSON (/api/portal/<address>/…,
// with the portal cookie), and for members the portal's address and the invitations they send to a contact.
import multipart from '@fastify/multipart';
import { fieldMessages, portalMessages } from '@atiende/contract/i18n';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { acceptForms, formText } from '../../platform/html.js';
import { pageLanguage } from '../../platform/language.js';
import { MAX_FILE_BYTES, readFile } from '../../platform/storage/files.js';
import { sendFile } from '../../platform/storage/routes.js';
import { sendPage } from '../../platform/html.js';
import { quotePdf } from '../quotes/index.js';
import { quotePage } from '../quotes/index.js';
import { answerFromForm, sendPdf } from '../quotes/index.js';
import { answerContactQuote, contactQuote, quotesOfContact } from '../quotes/index.js';
import { reissueInvitationLink } from '../surveys/index.js';
import * as pages from './pages.js';
import * as portal from './service.js';

const Slug = z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9-]+$/);
const SlugParams = z.strictObject({ slug: Slug });
const SlugId = z.strictObject({ slug: Slug, id: z.string().min(1).max(64) });
const SlugToken = z.strictObject({ slug: Slug, token: z.string().min(10).max(100) });

const PortalSettings = z.object({ url: z.string(), enabled: z.boolean() });
const PortalInvitation = z.object({
  url: z.string(),
  emailedTo: z.string().nullable().describe('The address the link is mailed to (null: the contact has no email)'),
  mailNotSetUp: z.boolean().describe('This server has no SMTP: nothing is mailed; share the url yourself'),
  expiresAt: z.string(),
});

export function portalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['portal'];

  // ── For members ──
  r.get(
    '/api/portal/settings',
    {
      schema: {
        tags,
        summary: "The customer portal's address, and whether it is on",
        response: { 200: PortalSettings },
      },
    },
    async (request) => portal.portalSettings(ctx, authorize(request).workspaceId),
  );
  r.patch(
    '/api/portal/settings',
    {
      schema: {
        tags,
        summary: 'Turn the customer portal on or off; off, every customer is signed out (admin)',
        body: z.strictObject({ enabled: z.boolean() }),
        response: { 200: PortalSettings },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return portal.setPortalEnabled(ctx, auth.workspaceId, actorOf(auth), request.body.enabled);
    },
  );
  r.post(
    '/api/portal/invitations',
    {
      schema: {
        tags,
        summary:
          'Send a contact a one-time link into the portal (to their email when they have one; also returned to share by chat) (agent)',
        body: z.strictObject({ contactId: z.string().min(1).max(64) }),
        response: { 201: PortalInvitation },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(await portal.inviteContact(ctx, auth.workspaceId, actorOf(auth), request.body.contactId));
    },
  );

  // ── For customers ──
  const cookieOf = (request: FastifyRequest) => request.cookies[portal.PORTAL_COOKIE];
  const base = (slug: string) => `/portal/${slug}`;
  /** The signed-in customer of this portal, or a redirect to its sign-in page. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply, slug: string) => {
    const visitor = await portal.visitorOf(ctx, slug, cookieOf(request));
    if (!visitor) void reply.redirect(base(slug), 303);
    return visitor;
  };
  const languageOf = (request: FastifyRequest, fallback: 'es' | 'en') =>
    pageLanguage((request.query as { lang?: string } | undefined)?.lang, request.headers['accept-language'], fallback);
  /** A portal page that failed: a missing portal or record is a page in the customer's words, not a JSON error. */
  const guarded = async (request: FastifyRequest, reply: FastifyReply, slug: string, work: () => Promise<unknown>) => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const company = await portal.portalBySlug(ctx, slug).catch(() => null);
      const language = languageOf(request, company?.language ?? 'es');
      if (error.code === 'too_many_attempts')
        return sendPage(reply, pages.messagePage(language, company?.company ?? '', 'limited', base(slug)), {
          status: 429,
        });
      if (error.code === 'token_invalid')
        return sendPage(reply, pages.messagePage(language, company?.company ?? '', 'badLink', base(slug)), {
          status: 400,
        });
      if (error.code === 'not_found' && !company)
        return sendPage(reply, pages.messagePage(language, '', 'missing'), { status: 404 });
      if (error.code === 'not_found')
        return sendPage(reply, pages.messagePage(language, company!.company, 'notFound', `${base(slug)}/home`), {
          status: 404,
        });
      throw error;
    }
  };
  // The portal's forms post only to themselves: a post from another site is refused even before SameSite cookies.
  const sameOrigin = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    // "null" is what a sandboxed frame or a data: page sends: never one of our own pages.
    if (!origin || origin === new URL(ctx.config.publicUrl).origin) return;
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      // A malformed Origin is no origin of ours.
    }
    if (host !== request.headers.host) throw new AppError('csrf_failed');
  };
  const Lang = z.object({ lang: z.string().max(5).optional() }).passthrough();

  r.get('/portal/:slug', { schema: { hide: true, params: SlugParams, querystring: Lang } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const found = await portal.portalBySlug(ctx, request.params.slug);
      if (await portal.visitorOf(ctx, request.params.slug, cookieOf(request)))
        return reply.redirect(`${base(request.params.slug)}/home`, 303);
      const language = languageOf(request, found.language);
      return sendPage(
        reply,
        pages.signInPage(
          language,
          found.company,
          `${base(request.params.slug)}/login`,
          `${base(request.params.slug)}?lang=${language === 'es' ? 'en' : 'es'}`,
        ),
      );
    }),
  );
  r.get(
    '/portal/:slug/enter/:token',
    { schema: { hide: true, params: SlugToken, querystring: Lang } },
    async (request, reply) =>
      guarded(request, reply, request.params.slug, async () => {
        const found = await portal.portalBySlug(ctx, request.params.slug);
        return sendPage(
          reply,
          pages.enterPage(
            languageOf(request, found.language),
            found.company,
            `${base(request.params.slug)}/enter/${request.params.token}`,
          ),
        );
      }),
  );
  r.get('/portal/:slug/home', { schema: { hide: true, params: SlugParams } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const visitor = await signedIn(request, reply, request.params.slug);
      if (!visitor) return reply;
      return sendPage(reply, pages.homePage(visitor, await portal.overview(ctx, visitor), base(request.params.slug)));
    }),
  );
  r.get(
    '/portal/:slug/projects/:id',
    {
      schema: {
        hide: true,
        params: SlugId,
        querystring: z.object({ ok: z.string().optional(), error: z.string().max(40).optional() }),
      },
    },
    async (request, reply) =>
      guarded(request, reply, request.params.slug, async () => {
        const visitor = await signedIn(request, reply, request.params.slug);
        if (!visitor) return reply;
        const project = await portal.portalProject(ctx, visitor, request.params.id);
        const w = portalMessages[visitor.language];
        const error =
          request.query.error === 'file'
            ? w.fileRejected
            : request.query.error === 'empty'
              ? w.emptyComment
              : undefined;
        return sendPage(
          reply,
          pages.projectPage(visitor, project, base(request.params.slug), { ok: request.query.ok === '1', error }),
        );
      }),
  );
  r.get('/portal/:slug/files/:id', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const visitor = await signedIn(request, reply, request.params.slug);
      if (!visitor) return reply;
      const fileId = await portal.portalFileId(ctx, visitor, request.params.id);
      return sendFile(reply, await readFile(tenant(ctx.db, visitor.workspaceId), fileId));
    }),
  );
  r.get('/portal/:slug/conversations/:id', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const visitor = await signedIn(request, reply, request.params.slug);
      if (!visitor) return reply;
      return sendPage(
        reply,
        pages.conversationPage(
          visitor,
          await portal.portalConversation(ctx, visitor, request.params.id),
          base(request.params.slug),
        ),
      );
    }),
  );
  r.get('/portal/:slug/quotes/:id', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const visitor = await signedIn(request, reply, request.params.slug);
      if (!visitor) return reply;
      // Shown here, answered here: the link the customer was emailed keeps working (nothing changes on a GET).
      const quote = await contactQuote(ctx, tenant(ctx.db, visitor.workspaceId), visitor.contactId, request.params.id);
      return sendPage(
        reply,
        quotePage(visitor.language, visitor.company, quote, `${base(request.params.slug)}/quotes/${quote.id}`),
      );
    }),
  );
  r.get('/portal/:slug/quotes/:id/pdf', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const visitor = await signedIn(request, reply, request.params.slug);
      if (!visitor) return reply;
      const quote = (await quotesOfContact(ctx, tenant(ctx.db, visitor.workspaceId), visitor.contactId)).find(
        (q) => q.id === request.params.id,
      );
      if (!quote) throw new AppError('not_found');
      return sendPdf(reply, await quotePdf(quote, visitor.company, visitor.language), quote.reference);
    }),
  );
  r.get('/portal/:slug/surveys/:id', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
    guarded(request, reply, request.params.slug, async () => {
      const visitor = await signedIn(request, reply, request.params.slug);
      if (!visitor) return reply;
      return reply.redirect(
        await reissueInvitationLink(ctx, tenant(ctx.db, visitor.workspaceId), visitor.contactId, request.params.id),
        303,
      );
    }),
  );

  app.register(async (scope) => {
    acceptForms(scope);
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post('/portal/:slug/login', { schema: { hide: true, params: SlugParams } }, async (request, reply) =>
      guarded(request, reply, request.params.slug, async () => {
        sameOrigin(request);
        const found = await portal.portalBySlug(ctx, request.params.slug);
        const language = pageLanguage(
          formText(request.body, 'language'),
          request.headers['accept-language'],
          found.language,
        );
        const email = formText(request.body, 'email').trim();
        if (!z.email().max(254).safeParse(email).success) {
          return sendPage(
            reply,
            pages.signInPage(
              language,
              found.company,
              `${base(request.params.slug)}/login`,
              `${base(request.params.slug)}?lang=${language === 'es' ? 'en' : 'es'}`,
              fieldMessages[language]['field.invalidEmail'],
            ),
            { status: 422 },
          );
        }
        await portal.requestLink(ctx, request.params.slug, email, request.ip);
        // The same page whether or not the email is known; without SMTP it says the link cannot come by mail.
        const kind = ctx.mailer.configured ? 'sent' : 'noMail';
        return sendPage(reply, pages.messagePage(language, found.company, kind, base(request.params.slug)));
      }),
    );
    s.post('/portal/:slug/enter/:token', { schema: { hide: true, params: SlugToken } }, async (request, reply) =>
      guarded(request, reply, request.params.slug, async () => {
        sameOrigin(request);
        const { sessionToken } = await portal.enter(ctx, request.params.slug, request.params.token, request.ip);
        // A new cookie each time: whatever session this browser held before is not carried over.
        reply.setCookie(portal.PORTAL_COOKIE, sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.cookieSecure,
          maxAge: portal.PORTAL_SESSION_TTL_MS / 1000,
        });
        return reply.redirect(`${base(request.params.slug)}/home`, 303);
      }),
    );
    s.post('/portal/:slug/logout', { schema: { hide: true, params: SlugParams } }, async (request, reply) => {
      sameOrigin(request);
      await portal.leave(ctx, cookieOf(request));
      reply.clearCookie(portal.PORTAL_COOKIE, { path: '/' });
      return reply.redirect(base(request.params.slug), 303);
    });
    s.post('/portal/:slug/quotes/:id/answer', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
      guarded(request, reply, request.params.slug, async () => {
        sameOrigin(request);
        const visitor = await signedIn(request, reply, request.params.slug);
        if (!visitor) return reply;
        const t = tenant(ctx.db, visitor.workspaceId);
        const quote = await contactQuote(ctx, t, visitor.contactId, request.params.id);
        const found = {
          language: visitor.language,
          company: visitor.company,
          quote,
          base: `${base(request.params.slug)}/quotes/${quote.id}`,
        };
        return answerFromForm(reply, request.body, found, (input) =>
          answerContactQuote(ctx, t, visitor.contactId, quote.id, input),
        );
      }),
    );
    s.post('/portal/:slug/projects/:id/respond', { schema: { hide: true, params: SlugId } }, async (request, reply) =>
      guarded(request, reply, request.params.slug, async () => {
        sameOrigin(request);
        const visitor = await signedIn(request, reply, request.params.slug);
        if (!visitor) return reply;
        const kind = formText(request.body, 'kind');
        const body = formText(request.body, 'body').trim().slice(0, 10_000);
        const to = `${base(request.params.slug)}/projects/${request.params.id}`;
        if (!['comment', 'approval', 'change_request'].includes(kind))
          throw new AppError('validation_failed', [{ path: 'kind', message: 'field.required' }]);
        // A comment or a change needs words; an approval may go without.
        if (!body && kind !== 'approval') {
          await portal.portalProject(ctx, visitor, request.params.id);
          return reply.redirect(`${to}?error=empty`, 303);
        }
        const documentId = formText(request.body, 'documentId') || null;
        await portal.customerSays(ctx, visitor, request.params.id, {
          kind: kind as 'comment',
          body,
          documentId,
          version: documentId ? Number(formText(request.body, 'version')) : null,
        });
        return reply.redirect(`${to}?ok=1`, 303);
      }),
    );
  });
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 1_000 } });
    scope
      .withTypeProvider<ZodTypeProvider>()
      .post(
        '/portal/:slug/projects/:id/files',
        { bodyLimit: MAX_FILE_BYTES + 64 * 1024, schema: { hide: true, params: SlugId } },
        async (request, reply) =>
          guarded(request, reply, request.params.slug, async () => {
            sameOrigin(request);
            const visitor = await signedIn(request, reply, request.params.slug);
            if (!visitor) return reply;
            const to = `${base(request.params.slug)}/projects/${request.params.id}`;
            const part = await request.file().catch(() => undefined);
            const data = part ? await part.toBuffer().catch(() => null) : null;
            // Too large (the stream is cut at the cap), empty, or not what it claims: the page says so, nothing is kept.
            if (!part || !data || part.file.truncated) return reply.redirect(`${to}?error=file`, 303);
            try {
              await portal.customerUploads(ctx, visitor, request.params.id, {
                name: part.filename,
                contentType: part.mimetype,
                data,
              });
            } catch (error) {
              if (error instanceof AppError && (error.code === 'file_rejected' || error.code === 'file_too_large'))
                return reply.redirect(`${to}?error=file`, 303);
              throw error;
            }
            return reply.redirect(`${to}?ok=1`, 303);
          }),
      );
  });

  // The same for programs, with the portal cookie: JSON of what the pages show.
  r.get(
    '/api/portal/:slug/overview',
    {
      schema: {
        tags,
        summary: "The signed-in customer's projects, conversations, incidents and pending surveys (portal cookie)",
        params: SlugParams,
        response: {
          200: z
            .record(z.string(), z.unknown())
            .describe(
              'projects, conversations, incidents, surveys and quotes of the customer, as the portal shows them',
            ),
        },
      },
    },
    async (request) => {
      const visitor = await portal.visitorOf(ctx, request.params.slug, cookieOf(request));
      if (!visitor) throw new AppError('unauthenticated');
      return portal.overview(ctx, visitor);
    },
  );
  r.get(
    '/api/portal/:slug/projects/:id',
    {
      schema: {
        tags,
        summary: 'One of their projects: progress, tasks, files and the public timeline (portal cookie)',
        params: SlugId,
        response: {
          200: z
            .record(z.string(), z.unknown())
            .describe('reference, title, status, dates, progress, tasks, documents with versions, public timeline'),
        },
      },
    },
    async (request) => {
      const visitor = await portal.visitorOf(ctx, request.params.slug, cookieOf(request));
      if (!visitor) throw new AppError('unauthenticated');
      return portal.portalProject(ctx, visitor, request.params.id);
    },
  );
}
