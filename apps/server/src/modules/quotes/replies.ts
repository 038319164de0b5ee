// What the customer's quote link answers with besides the page: the PDF, and the page after they accept or decline
// from the form (the portal's copy of a quote answers the same way).
import type { Quote } from '@atiende/contract';
import { quoteMessages } from '@atiende/contract/i18n';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { formText, sendPage } from '../../platform/html.js';
import { quoteMessagePage, quotePage } from './pages.js';
import type { QuoteAnswerInput } from './service.js';

export function sendPdf(reply: FastifyReply, pdf: Uint8Array, reference: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${reference}.pdf"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-cache')
    .send(Buffer.from(pdf));
}

/** The quote page's accept/decline form, answered through the link or in the customer portal alike. */
export async function answerFromForm(
  reply: FastifyReply,
  body: unknown,
  found: { language: 'es' | 'en'; company: string; quote: Quote; base: string },
  answer: (input: QuoteAnswerInput) => Promise<unknown>,
) {
  const name = formText(body, 'name').trim().slice(0, 160);
  const accept = formText(body, 'decision') === 'accept';
  if (!name)
    return sendPage(
      reply,
      quotePage(found.language, found.company, found.quote, found.base, quoteMessages[found.language].nameRequired),
      { status: 422 },
    );
  try {
    await answer({ accept, name, reason: formText(body, 'reason').trim().slice(0, 1000) || undefined });
  } catch (error) {
    if (error instanceof AppError && error.code === 'quote_closed')
      return sendPage(reply, quoteMessagePage(found.language, found.company, 'closed'), { status: 409 });
    throw error;
  }
  return sendPage(reply, quoteMessagePage(found.language, found.company, accept ? 'accepted' : 'declined', name));
}
