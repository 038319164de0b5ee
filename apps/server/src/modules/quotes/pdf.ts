// A quote as a PDF the customer can download, print or forward: the company, the customer, the lines with their
// discounts, the totals with IVA, the validity and the terms. Letter-size pages, standard fonts (no files to ship).
import type { Quote } from '@atiende/contract';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';

const words = {
  es: {
    quote: 'Cotización',
    customer: 'Cliente',
    date: 'Fecha',
    valid: 'Vigente hasta',
    description: 'Descripción',
    quantity: 'Cant.',
    unitPrice: 'Precio unit.',
    discount: 'Desc.',
    amount: 'Importe',
    subtotal: 'Subtotal',
    discountTotal: 'Descuentos',
    tax: 'IVA',
    total: 'Total',
    terms: 'Condiciones',
    accepted: (by: string, at: string) => `Aceptada por ${by} el ${at}`,
    declined: 'Rechazada',
    page: 'Página',
  },
  en: {
    quote: 'Quote',
    customer: 'Customer',
    date: 'Date',
    valid: 'Valid until',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Disc.',
    amount: 'Amount',
    subtotal: 'Subtotal',
    discountTotal: 'Discounts',
    tax: 'IVA',
    total: 'Total',
    terms: 'Terms',
    accepted: (by: string, at: string) => `Accepted by ${by} on ${at}`,
    declined: 'Declined',
    page: 'Page',
  },
};

/** The standard fonts speak WinAnsi: Spanish letters pass; anything else becomes "?" rather than failing the PDF. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function printable(text: string): string {
  return [...text.replace(/\r?\n/g, ' ').replace(/\t/g, ' ')]
    .map((c) => ((c >= ' ' && c <= '~') || (c >= '\u00a0' && c <= '\u00ff') || WIN_ANSI_EXTRA.has(c) ? c : '?'))
    .join('');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(text).split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

export async function quotePdf(quote: Quote, company: string, language: 'es' | 'en'): Promise<Uint8Array> {
  const w = words[language];
  const locale = language === 'en' ? 'en-US' : 'es-MX';
  const amount = (value: number) =>
    printable(value.toLocaleString(locale, { style: 'currency', currency: quote.currency }));
  const day = (iso: string) =>
    new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  const doc = await PDFDocument.create();
  doc.setTitle(`${w.quote} ${quote.reference}`);
  doc.setAuthor(printable(company));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [W, H, M] = [612, 792, 48];
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - M;
  const text = (value: string, x: number, size = 10, font = regular, color = rgb(0.12, 0.16, 0.2)) =>
    page.drawText(printable(value), { x, y, size, font, color });
  const right = (value: string, xRight: number, size = 10, font = regular) =>
    page.drawText(printable(value), { x: xRight - font.widthOfTextAtSize(printable(value), size), y, size, font });
  const ensure = (needed: number) => {
    if (y - needed > M) return;
    page = doc.addPage([W, H]);
    y = H - M;
  };

  text(company, M, 16, bold);
  right(`${w.quote} ${quote.reference}`, W - M, 14, bold);
  y -= 22;
  text(quote.title, M, 12);
  y -= 26;
  const customer = [quote.company?.name, quote.contact?.name].filter(Boolean).join(' · ');
  text(`${w.customer}: ${customer || '-'}`, M);
  right(`${w.date}: ${day(quote.sentAt ?? quote.createdAt)}`, W - M);
  y -= 14;
  right(`${w.valid}: ${day(quote.validUntil)}`, W - M);
  y -= 26;

  // The lines: description wraps; numbers align right.
  const cols = { qty: 360, price: 440, disc: 490, amount: W - M };
  const header = () => {
    page.drawRectangle({ x: M - 4, y: y - 4, width: W - 2 * M + 8, height: 16, color: rgb(0.93, 0.95, 0.97) });
    text(w.description, M, 9, bold);
    right(w.quantity, cols.qty, 9, bold);
    right(w.unitPrice, cols.price, 9, bold);
    right(w.discount, cols.disc, 9, bold);
    right(w.amount, cols.amount, 9, bold);
    y -= 20;
  };
  header();
  for (const line of quote.lines) {
    const described = wrap(line.description, regular, 9, cols.qty - M - 50);
    ensure(described.length * 12 + 6);
    if (y === H - M) header();
    right(`${line.quantity.toLocaleString(locale)} ${line.unit}`, cols.qty, 9);
    right(amount(line.unitPrice), cols.price, 9);
    right(line.discountPercent ? `${line.discountPercent}%` : '', cols.disc, 9);
    right(amount(line.net), cols.amount, 9);
    for (const [i, part] of described.entries()) {
      text(part, M, 9);
      if (i < described.length - 1) y -= 12;
    }
    y -= 18;
  }
  ensure(90);
  y -= 6;
  for (const [label, value, strong] of [
    [w.subtotal, quote.subtotal, false],
    ...(quote.discount ? [[w.discountTotal, -quote.discount, false] as const] : []),
    [w.tax, quote.tax, false],
    [w.total, quote.total, true],
  ] as const) {
    right(label, cols.price, strong ? 11 : 10, strong ? bold : regular);
    right(amount(value), cols.amount, strong ? 11 : 10, strong ? bold : regular);
    y -= strong ? 18 : 15;
  }
  if (quote.terms.trim()) {
    y -= 10;
    ensure(40);
    text(w.terms, M, 10, bold);
    y -= 14;
    for (const paragraph of quote.terms.split(/\n+/)) {
      for (const part of wrap(paragraph, regular, 9, W - 2 * M)) {
        ensure(14);
        text(part, M, 9);
        y -= 12;
      }
    }
  }
  if (quote.status === 'accepted' && quote.acceptedAt) {
    y -= 14;
    ensure(20);
    text(w.accepted(quote.acceptedBy ?? '', day(quote.acceptedAt)), M, 10, bold, rgb(0.08, 0.45, 0.2));
  } else if (quote.status === 'declined') {
    y -= 14;
    ensure(20);
    text(w.declined, M, 10, bold, rgb(0.7, 0.1, 0.1));
  }
  const pages = doc.getPages();
  for (const [i, p] of pages.entries())
    p.drawText(`${w.page} ${i + 1} / ${pages.length}`, {
      x: W - M - 60,
      y: 24,
      size: 8,
      font: regular,
      color: rgb(0.45, 0.5, 0.55),
    });
  return doc.save();
}
