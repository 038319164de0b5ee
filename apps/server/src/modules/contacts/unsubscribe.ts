// The way out of a mailing (RFC 8058): mail programs post `List-Unsubscribe=One-Click` to the link by themselves; a
// person who opens it gets a page that asks once and confirms. Either way the contact gets no more automatic mail.
import { unsubscribeMessages } from '@atiende/contract/i18n';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { acceptForms, escapeHtml as e, sendPage } from '../../platform/html.js';
import { acceptedLanguage, fillText } from '../../platform/language.js';
import { shell } from '../../platform/public-page.js';
import { optOut, unsubscribeTarget } from './deliverability.js';

const TokenParams = z.object({ token: z.string().min(10).max(100) });

export function unsubscribeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const page = (language: 'es' | 'en', company: string, title: string, body: string, form = '') =>
    shell(language, title, company, null, `<h1>${e(title)}</h1><p>${e(body)}</p>${form}`);
  app.register(async (scope) => {
    acceptForms(scope);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.get('/u/:token', { schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const language = acceptedLanguage(request.headers['accept-language']) ?? 'es';
      const w = unsubscribeMessages[language];
      const target = await unsubscribeTarget(ctx.db, request.params.token);
      if (!target) return sendPage(reply, page(language, '', w.missingTitle, w.missingBody), { status: 404 });
      const company = { company: target.company };
      if (target.done)
        return sendPage(reply, page(language, target.company, w.doneTitle, fillText(w.doneBody, company)));
      const form = `<form method="post"><button type="submit">${e(w.button)}</button></form>`;
      return sendPage(reply, page(language, target.company, w.title, fillText(w.body, company), form));
    });
    // The one-click post (RFC 8058: body "List-Unsubscribe=One-Click"), and the page's own button.
    r.post('/u/:token', { schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const language = acceptedLanguage(request.headers['accept-language']) ?? 'es';
      const w = unsubscribeMessages[language];
      const target = await unsubscribeTarget(ctx.db, request.params.token);
      if (!target) return sendPage(reply, page(language, '', w.missingTitle, w.missingBody), { status: 404 });
      const t = tenant(ctx.db, target.workspaceId);
      await t.transaction(async (tx) => {
        if (await optOut(tx, target.contactId))
          await audit(tx, { type: 'visitor', id: null }, 'contact.mail_opt_out', {
            type: 'contact',
            id: target.contactId,
          });
      });
      return sendPage(
        reply,
        page(language, target.company, w.doneTitle, fillText(w.doneBody, { company: target.company })),
      );
    });
  });
}
