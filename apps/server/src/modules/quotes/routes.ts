// Routes of quotes and the catalogue: anyone reads; agents make and send quotes; admins keep the catalogue. The
// customer's link opens a page (and a PDF) where they accept or decline, and the same as JSON.
import {
  IdParams,
  Ok,
  Product,
  ProductUpdate,
  ProductWrite,
  Quote,
  QuoteAnswer,
  QuoteListQuery,
  QuotePage,
  QuoteSend,
  QuoteSent,
  QuoteUpdate,
  QuoteWrite,
} from '@atiende/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { acceptForms } from '../../platform/html.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { sendPage } from '../../platform/html.js';
import { quotePdf } from './pdf.js';
import { answerFromForm, sendPdf } from './replies.js';
import { quoteMessagePage, quotePage } from './pages.js';
import * as quotes from './service.js';
import { fileResponse } from '../../platform/openapi.js';

const Token = z.strictObject({ token: z.string().min(10).max(100) });

export function quoteRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quotes'];
  r.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'The catalogue of products and services (all=true: the retired ones too)',
        querystring: z.strictObject({ q: z.string().max(100).optional(), all: z.coerce.boolean().optional() }),
        response: { 200: z.array(Product) },
      },
    },
    async (request) => quotes.listProducts(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'Add a product or service with its price and IVA (admin)',
        body: ProductWrite,
        response: { 201: Product },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await quotes.createProduct(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/products/:id',
    {
      schema: {
        tags,
        summary: 'Change a product, or retire it (active: false); quotes keep what they said (admin)',
        params: IdParams,
        body: ProductUpdate,
        response: { 200: Product },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return quotes.updateProduct(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );

  r.get(
    '/api/quotes',
    {
      schema: {
        tags,
        summary: 'Quotes, most recently changed first',
        querystring: QuoteListQuery,
        response: { 200: QuotePage },
      },
    },
    async (request) => quotes.listQuotes(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/quotes',
    {
      schema: {
        tags,
        summary:
          'Make a quote, from a deal (its title and customer) or on its own; lines from the catalogue or written (agent)',
        body: QuoteWrite,
        response: { 201: Quote },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await quotes.createQuote(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/quotes/:id',
    { schema: { tags, summary: 'One quote with its lines and totals', params: IdParams, response: { 200: Quote } } },
    async (request) => quotes.getQuote(ctx, tenant(ctx.db, authorize(request).workspaceId), request.params.id),
  );
  r.patch(
    '/api/quotes/:id',
    {
      schema: {
        tags,
        summary: 'Change a quote not yet answered, naming its version (lines replace the lines) (agent)',
        params: IdParams,
        body: QuoteUpdate,
        response: { 200: Quote },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return quotes.updateQuote(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/quotes/:id',
    { schema: { tags, summary: 'Delete a quote not yet answered (agent)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      await quotes.deleteQuote(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/quotes/:id/send',
    {
      schema: {
        tags,
        summary:
          'Send the quote: by email to its contact, or only its link to paste in a chat; a new link replaces the earlier one (agent)',
        params: IdParams,
        body: QuoteSend,
        response: { 200: QuoteSent },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return quotes.sendQuote(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body.channel);
    },
  );
  r.get(
    '/api/quotes/:id/pdf',
    {
      schema: {
        response: fileResponse('application/pdf', 'The quote as a PDF'),
        tags,
        summary: 'The quote as a PDF',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const auth = authorize(request);
      const quote = await quotes.getQuote(ctx, tenant(ctx.db, auth.workspaceId), request.params.id);
      const settings = await loadWorkspaceSettings(ctx, auth.workspaceId);
      return sendPdf(
        reply,
        await quotePdf(quote, settings.name, auth.user?.language ?? settings.language),
        quote.reference,
      );
    },
  );

  // The customer's link.
  r.get(
    '/api/public/quotes/:token',
    {
      schema: {
        tags,
        summary: 'The quote a link opens (no sign-in)',
        security: [],
        params: Token,
        response: { 200: Quote },
      },
    },
    async (request) => (await quotes.quoteByToken(ctx, request.params.token)).quote,
  );
  r.post(
    '/api/public/quotes/:token/answer',
    {
      schema: {
        tags,
        summary:
          'Accept (winning the deal) or decline the quote, once, while valid (no sign-in); 409 quote_closed otherwise',
        security: [],
        params: Token,
        body: QuoteAnswer,
        response: { 200: Quote },
      },
    },
    async (request) => quotes.answerQuote(ctx, request.params.token, request.body),
  );
  const missing = async (reply: FastifyReply, work: () => Promise<unknown>) => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        return sendPage(reply, quoteMessagePage('es', '', 'missing'), { status: 404 });
      throw error;
    }
  };
  r.get('/q/:token', { schema: { hide: true, params: Token } }, async (request, reply) =>
    missing(reply, async () => {
      const found = await quotes.quoteByToken(ctx, request.params.token);
      return sendPage(reply, quotePage(found.language, found.company, found.quote, `/q/${request.params.token}`));
    }),
  );
  r.get('/q/:token/pdf', { schema: { hide: true, params: Token } }, async (request, reply) =>
    missing(reply, async () => {
      const found = await quotes.quoteByToken(ctx, request.params.token);
      return sendPdf(reply, await quotePdf(found.quote, found.company, found.language), found.quote.reference);
    }),
  );
  app.register(async (scope) => {
    acceptForms(scope);
    scope
      .withTypeProvider<ZodTypeProvider>()
      .post('/q/:token/answer', { schema: { hide: true, params: Token } }, async (request, reply) =>
        missing(reply, async () => {
          const found = await quotes.quoteByToken(ctx, request.params.token);
          return answerFromForm(reply, request.body, { ...found, base: `/q/${request.params.token}` }, (input) =>
            quotes.answerQuote(ctx, request.params.token, input),
          );
        }),
      );
  });
}
