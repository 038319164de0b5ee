// Routes of privacy: the notice (and its public page), consents, ARCO requests, a contact's export, block and erase.
import {
  BlockInput,
  ConsentWrite,
  ContactPrivacy,
  EraseInput,
  IdParams,
  Ok,
  PrivacyNotice,
  PrivacyNoticeVersion,
  PrivacyNoticeWrite,
  PrivacyRequest,
  PrivacyRequestQuery,
  PrivacyRequestUpdate,
  PrivacyRequestWrite,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize, hasRole } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeHtml } from '../../platform/html.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { getContact } from '../contacts/index.js';
import { exportContactZip } from './export.js';
import { sendPage } from '../../platform/html.js';
import { currentNotice, noticeVersions, publishNotice } from '../consent/index.js';
import * as privacy from './service.js';
import { fileResponse } from '../../platform/openapi.js';

const VersionParams = z.strictObject({ version: z.coerce.number().int().positive() });
const WorkspaceParams = z.strictObject({ workspaceId: z.string().min(1).max(64) });

export function privacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];

  r.get(
    '/api/privacy/notice',
    {
      schema: {
        tags,
        summary: 'The current privacy notice (null until one is published)',
        response: { 200: PrivacyNotice.nullable() },
      },
    },
    async (request) => currentNotice(ctx, authorize(request).workspaceId),
  );
  r.get(
    '/api/privacy/notice/versions',
    {
      schema: {
        tags,
        summary: 'Every published version of the notice, newest first',
        response: { 200: z.array(PrivacyNoticeVersion) },
      },
    },
    async (request) => noticeVersions(ctx, authorize(request).workspaceId),
  );
  r.get(
    '/api/privacy/notice/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version of the notice, as it was published',
        params: VersionParams,
        response: { 200: PrivacyNotice },
      },
    },
    async (request) => {
      const notice = await currentNotice(ctx, authorize(request).workspaceId, request.params.version);
      if (!notice) throw new AppError('not_found');
      return notice;
    },
  );
  r.post(
    '/api/privacy/notice',
    {
      schema: {
        tags,
        summary: 'Publish a new version of the notice; earlier versions stay as they were (admin)',
        body: PrivacyNoticeWrite,
        response: { 201: PrivacyNotice },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await publishNotice(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );

  r.get(
    '/api/privacy/requests',
    {
      schema: {
        tags,
        summary: 'ARCO requests, the nearest deadline first (admin)',
        querystring: PrivacyRequestQuery,
        response: { 200: z.array(PrivacyRequest) },
      },
    },
    async (request) => privacy.listRequests(ctx, authorize(request, 'admin').workspaceId, request.query),
  );
  r.post(
    '/api/privacy/requests',
    {
      schema: {
        tags,
        summary: 'Log an ARCO request as it arrived; the legal deadline is computed (agent)',
        body: PrivacyRequestWrite,
        response: { 201: PrivacyRequest },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await privacy.createRequest(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.patch(
    '/api/privacy/requests/:id',
    {
      schema: {
        tags,
        summary: 'Move a request along, answer or reject it with the reasons (admin)',
        params: IdParams,
        body: PrivacyRequestUpdate,
        response: { 200: PrivacyRequest },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return privacy.updateRequest(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );

  r.get(
    '/api/contacts/:id/privacy',
    {
      schema: {
        tags,
        summary: "A contact's consents by purpose, their history, ARCO requests and block state",
        params: IdParams,
        response: { 200: ContactPrivacy },
      },
    },
    async (request) => {
      const auth = authorize(request);
      await getContact(ctx, auth.workspaceId, request.params.id, { includeBlocked: hasRole(auth.role, 'admin') });
      return privacy.contactPrivacy(ctx, auth.workspaceId, request.params.id);
    },
  );
  r.post(
    '/api/contacts/:id/consents',
    {
      schema: {
        tags,
        summary: 'Record that the contact gave or withdrew consent (opt-out) for a purpose (agent)',
        params: IdParams,
        body: ConsentWrite,
        response: { 200: ContactPrivacy },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      await getContact(ctx, auth.workspaceId, request.params.id, { includeBlocked: hasRole(auth.role, 'admin') });
      return privacy.recordConsent(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.get(
    '/api/contacts/:id/privacy/export.zip',
    {
      schema: {
        response: fileResponse('application/zip', 'Everything kept about the person, as a ZIP'),
        tags,
        summary: 'Everything held about the contact, as a ZIP of JSON files (right of access; admin)',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      const { fileName, zip } = await exportContactZip(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(zip));
    },
  );
  r.post(
    '/api/contacts/:id/privacy/block',
    {
      schema: {
        tags,
        summary:
          'Cancellation, step one: block the contact (hidden from agents, segments, automations and channels) (admin)',
        params: IdParams,
        body: BlockInput,
        response: { 200: ContactPrivacy },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return privacy.blockContact(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.post(
    '/api/contacts/:id/privacy/unblock',
    {
      schema: {
        tags,
        summary: 'Lift a block placed by mistake or on a withdrawn request (admin)',
        params: IdParams,
        response: { 200: ContactPrivacy },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return privacy.unblockContact(ctx, auth.workspaceId, actorOf(auth), request.params.id);
    },
  );
  r.post(
    '/api/contacts/:id/privacy/erase',
    {
      schema: {
        tags,
        summary: 'Cancellation, step two: erase a blocked contact for good from rows, kept files and search (admin)',
        params: IdParams,
        body: EraseInput,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await privacy.eraseContact(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  // The notice is public: customers read it before they write, from the widget or any link the company shares.
  r.get(
    '/api/public/privacy/:workspaceId',
    {
      schema: {
        tags,
        summary: 'The current privacy notice of a workspace, without signing in',
        params: WorkspaceParams,
        security: [],
        response: { 200: PrivacyNotice },
      },
    },
    async (request) => {
      const notice = await currentNotice(ctx, request.params.workspaceId);
      if (!notice) throw new AppError('not_found');
      return notice;
    },
  );
  r.get('/privacy/:workspaceId', { schema: { hide: true, params: WorkspaceParams } }, async (request, reply) => {
    const notice = await currentNotice(ctx, request.params.workspaceId);
    const settings = notice ? await loadWorkspaceSettings(ctx, request.params.workspaceId) : null;
    if (!notice || !settings) return sendPage(reply, noticePage('Atiende', null, 'es'), { status: 404 });
    // The company's own sites may show their notice in a frame, as they may the help center.
    return sendPage(reply, noticePage(settings.name, notice, settings.language), { framedBy: settings.websites });
  });
}

const pageWords = {
  es: {
    title: 'Aviso de privacidad',
    version: 'Versión',
    published: 'publicada el',
    purposes: 'Finalidades',
    primary: 'necesaria para la relación',
    secondary: 'opcional: puedes oponerte',
    missing: 'Este aviso no existe.',
  },
  en: {
    title: 'Privacy notice',
    version: 'Version',
    published: 'published on',
    purposes: 'Purposes',
    primary: 'needed for the relationship',
    secondary: 'optional: you may opt out',
    missing: 'There is no such notice.',
  },
};

/** A plain, printable page; every word of the notice is escaped text. */
function noticePage(company: string, notice: PrivacyNotice | null, language: 'es' | 'en'): string {
  const w = pageWords[language];
  const body = notice
    ? `<h1>${escapeHtml(w.title)} · ${escapeHtml(company)}</h1>
<p class="meta">${w.version} ${notice.version}, ${w.published} ${notice.publishedAt.slice(0, 10)}</p>
${notice.body
  .split(/\n\s*\n/)
  .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
  .join('\n')}
<h2>${w.purposes}</h2>
<ul>${notice.purposes.map((p) => `<li>${escapeHtml(p.name)} <span class="meta">(${p.kind === 'primary' ? w.primary : w.secondary})</span></li>`).join('')}</ul>`
    : `<h1>${w.missing}</h1>`;
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(w.title)} · ${escapeHtml(company)}</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}.meta{color:#666;font-size:.9em}h1{font-size:1.6rem}</style></head><body>${body}</body></html>`;
}
