// The quote page the customer opens from the link: the lines and totals, the PDF, and accept or decline. Plain HTML
// from the server, no script, escaped throughout.
import type { Quote } from '@atiende/contract';
import { quoteMessages } from '@atiende/contract/i18n';
import { escapeHtml as e } from '../../platform/html.js';
import { shell } from '../../platform/public-page.js';

type Lang = 'es' | 'en';
const CSS = `<style>table{width:100%;border-collapse:collapse;background:#fff;border-radius:10px;font-size:14px}th,td{padding:8px;text-align:left;border-bottom:1px solid #e4e7eb}td.n,th.n{text-align:right;white-space:nowrap}
.totals td{border:0}.totals tr:last-child td{font-weight:700;font-size:16px}.muted{color:#616e7c;font-size:14px}.actions{background:#fff;border-radius:10px;padding:12px 14px;margin:14px 0}
input[type=text]{margin:6px 0}.secondary{background:#52606d}</style>`;

export function quotePage(language: Lang, company: string, quote: Quote, base: string, error?: string): string {
  const w = quoteMessages[language];
  const locale = language === 'en' ? 'en-US' : 'es-MX';
  const amount = (v: number) => v.toLocaleString(locale, { style: 'currency', currency: quote.currency });
  const day = (d: string) =>
    new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  const rows = quote.lines
    .map(
      (l) =>
        `<tr><td>${e(l.description)}</td><td class="n">${e(`${l.quantity.toLocaleString(locale)} ${l.unit}`)}</td><td class="n">${e(amount(l.unitPrice))}</td><td class="n">${l.discountPercent ? `${l.discountPercent}%` : ''}</td><td class="n">${e(amount(l.net))}</td></tr>`,
    )
    .join('');
  const totals = `<table class="totals"><tr><td>${e(w.subtotal)}</td><td class="n">${e(amount(quote.subtotal))}</td></tr>${quote.discount ? `<tr><td>${e(w.discounts)}</td><td class="n">-${e(amount(quote.discount))}</td></tr>` : ''}<tr><td>${e(w.tax)}</td><td class="n">${e(amount(quote.tax))}</td></tr><tr><td>${e(w.total)}</td><td class="n" data-total>${e(amount(quote.total))}</td></tr></table>`;
  const open = quote.status === 'sent' && !quote.expired;
  const actions = open
    ? `<form class="actions" method="post" action="${e(`${base}/answer`)}">${error ? `<p class="alert">${e(error)}</p>` : ''}<label for="name">${e(w.yourName)}</label><input type="text" id="name" name="name" maxlength="160" required autocomplete="name"><button type="submit" name="decision" value="accept">${e(w.accept)}</button><label for="reason" class="muted">${e(w.reason)}</label><textarea id="reason" name="reason" maxlength="1000"></textarea><button type="submit" name="decision" value="decline" class="secondary" formnovalidate>${e(w.decline)}</button></form>`
    : quote.status === 'accepted'
      ? `<p class="actions">${e(w.acceptedBody(quote.acceptedBy ?? ''))}</p>`
      : `<p class="actions">${e(quote.status === 'declined' ? w.declinedTitle : w.closedBody)}</p>`;
  return shell(
    language,
    `${w.quote} ${quote.reference}`,
    company,
    null,
    `${CSS}<h1>${e(`${w.quote} ${quote.reference}`)}</h1><p>${e(quote.title)} <span class="muted">${e(w.from(company))}</span></p><p class="muted">${e(w.validUntil(day(quote.validUntil)))}</p><table><tr><th>${e(w.description)}</th><th class="n">${e(w.quantity)}</th><th class="n">${e(w.unitPrice)}</th><th class="n">${e(w.discount)}</th><th class="n">${e(w.amount)}</th></tr>${rows}</table>${totals}${quote.terms ? `<h2>${e(w.terms)}</h2><p class="muted">${e(quote.terms).replace(/\n/g, '<br>')}</p>` : ''}<p><a href="${e(`${base}/pdf`)}">${e(w.pdf)}</a></p>${actions}`,
  );
}

export function quoteMessagePage(
  language: Lang,
  company: string,
  kind: 'accepted' | 'declined' | 'closed' | 'missing',
  by = '',
): string {
  const w = quoteMessages[language];
  const body = kind === 'accepted' ? w.acceptedBody(by) : w[`${kind}Body`];
  return shell(language, w[`${kind}Title`], company, null, `<h1>${e(w[`${kind}Title`])}</h1><p>${e(body)}</p>`);
}
