import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

async function openDeal(owner: Client) {
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const contact = (
    await owner.post('/api/contacts', { name: 'Ing. Ramírez', emails: [{ value: 'ramirez@maquinados.mx' }] })
  ).body;
  const deal = (
    await owner.post('/api/deals', {
      title: 'Plan Empresarial anual',
      pipelineId: pipeline.id,
      value: 1_000,
      contactId: contact.id,
    })
  ).body;
  return { pipeline, contact, deal };
}
const form = (path: string, body: Record<string, string>) =>
  test.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(body).toString(),
  });

describe('quotes', () => {
  it('are made from the catalogue with discounts and IVA, sent by email, and accepted online, which wins the deal', async () => {
    const owner = await ownerOf(test);
    const { pipeline, contact, deal } = await openDeal(owner);
    const plan = (
      await owner.post('/api/products', {
        sku: 'PLAN-EMP',
        name: 'Plan Empresarial (3,000 timbres)',
        unit: 'año',
        price: 18_500,
        taxRate: 16,
      })
    ).body;
    const training = (await owner.post('/api/products', { name: 'Capacitación en sitio', unit: 'hora', price: 950 }))
      .body;
    expect((await owner.get('/api/products?q=emp')).body.map((p: { id: string }) => p.id)).toEqual([plan.id]);

    const made = await owner.post('/api/quotes', {
      dealId: deal.id,
      validUntil: '2099-12-31',
      terms: 'Pago a 15 días.\nPrecios en MXN.',
      lines: [
        { productId: plan.id, quantity: 1, discountPercent: 10 },
        { productId: training.id, quantity: 4 },
        { description: 'Viáticos a Querétaro', quantity: 1, unitPrice: 1_200.5, taxRate: 0 },
      ],
    });
    expect(made.status).toBe(201);
    const quote = made.body;
    // 18,500 − 10 % = 16,650; 4 × 950 = 3,800; 1,200.50 without IVA.
    expect(quote).toMatchObject({
      reference: 'COT-0001',
      title: 'Plan Empresarial anual',
      status: 'draft',
      contact: { id: contact.id },
      deal: { id: deal.id },
      subtotal: 21_650.5,
      discount: 1_850,
      tax: 3_272,
      total: 24_922.5,
    });
    expect(
      quote.lines.map((l: { description: string; net: number; tax: number }) => [l.description, l.net, l.tax]),
    ).toEqual([
      ['Plan Empresarial (3,000 timbres)', 16_650, 2_664],
      ['Capacitación en sitio', 3_800, 608],
      ['Viáticos a Querétaro', 1_200.5, 0],
    ]);
    const pdf = await owner.get(`/api/quotes/${quote.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(String(pdf.body).startsWith('%PDF-')).toBe(true);

    // A line without words or price, an unknown product: named, nothing saved.
    const bad = await owner.patch(`/api/quotes/${quote.id}`, {
      version: 0,
      lines: [{ quantity: 1 }, { productId: 'nope', quantity: 1 }],
    });
    expect(bad.body.error.fields).toEqual([
      { path: 'lines.0', message: 'Give a description and a unit price, or choose a product' },
      { path: 'lines.1.productId', message: 'No such product in the catalogue' },
      { path: 'lines.1', message: 'Give a description and a unit price, or choose a product' },
    ]);
    expect((await owner.get(`/api/quotes/${quote.id}`)).body.lines).toHaveLength(3);

    const sent = await owner.post(`/api/quotes/${quote.id}/send`, { channel: 'email' });
    // This test server has no SMTP: the mail is queued, and the answer says it cannot leave yet.
    expect(sent.body).toMatchObject({
      emailedTo: 'ramirez@maquinados.mx',
      mailNotSetUp: true,
      quote: { status: 'sent' },
    });
    const mail = JSON.parse(
      (await test.ctx.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').executeTakeFirstOrThrow())
        .payload,
    );
    expect(mail.subject).toBe('Quote COT-0001 from Acme Facturas: Plan Empresarial anual');
    expect(mail.text).toContain(sent.body.url);
    const path = new URL(sent.body.url).pathname;
    const page = await test.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Viáticos a Querétaro');
    expect(page.body).toContain('$24,922.50');
    expect((await test.app.inject({ method: 'GET', url: `${path}/pdf` })).headers['content-type']).toBe(
      'application/pdf',
    );

    // Accepted without a name: asked again; with it, the deal is won at the quote's value.
    expect((await form(`${path}/answer`, { decision: 'accept', name: ' ' })).statusCode).toBe(422);
    const accepted = await form(`${path}/answer`, { decision: 'accept', name: 'Ing. Ramírez' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('Thank you! Quote accepted');
    const won = (await owner.get(`/api/deals/${deal.id}`)).body;
    expect(won).toMatchObject({
      status: 'won',
      stageId: pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id,
      value: 21_650.5,
    });
    expect((await owner.get(`/api/quotes/${quote.id}`)).body).toMatchObject({
      status: 'accepted',
      acceptedBy: 'Ing. Ramírez',
    });
    // Once only, and what was agreed never changes.
    expect((await form(`${path}/answer`, { decision: 'decline', name: 'Otro' })).statusCode).toBe(409);
    expect((await owner.patch(`/api/quotes/${quote.id}`, { version: 2, title: 'Otro' })).body.error.code).toBe(
      'quote_closed',
    );
    expect((await owner.delete(`/api/quotes/${quote.id}`)).body.error.code).toBe('quote_closed');
  });

  it('are declined with a reason, expire after their validity, and stay in their workspace', async () => {
    const owner = await ownerOf(test);
    const { deal } = await openDeal(owner);
    const first = (
      await owner.post('/api/quotes', {
        dealId: deal.id,
        lines: [{ description: 'Soporte premium', quantity: 12, unit: 'mes', unitPrice: 800 }],
      })
    ).body;
    expect((await owner.post(`/api/quotes/${first.id}/send`, { channel: 'link' })).body).toMatchObject({
      emailedTo: null,
      mailNotSetUp: false,
    });
    // Sent again: only the newest link works.
    const again = (await owner.post(`/api/quotes/${first.id}/send`, { channel: 'link' })).body;
    const declined = await test.app.inject({
      method: 'POST',
      url: `/api/public/quotes/${again.url.split('/q/')[1]}/answer`,
      payload: { accept: false, name: 'Ing. Ramírez', reason: 'Presupuesto para el próximo año' },
    });
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'Presupuesto para el próximo año' });
    expect((await owner.get(`/api/deals/${deal.id}`)).body.status).toBe('open');

    const late = (
      await owner.post('/api/quotes', {
        title: 'Cotización vieja',
        validUntil: '2020-01-31',
        lines: [{ description: 'x', quantity: 1, unitPrice: 1 }],
      })
    ).body;
    expect(late.expired).toBe(true);
    const link = (await owner.post(`/api/quotes/${late.id}/send`, { channel: 'link' })).body.url;
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/public/quotes/${link.split('/q/')[1]}/answer`,
          payload: { accept: true, name: 'x' },
        })
      ).json().error.code,
    ).toBe('quote_closed');
    expect((await owner.post(`/api/quotes/${late.id}/send`, { channel: 'email' })).body.error.fields).toEqual([
      { path: 'channel', message: 'This contact has no email address' },
    ]);
    expect((await test.app.inject({ method: 'GET', url: '/q/not-a-real-token-at-all' })).statusCode).toBe(404);

    const viewer = await memberOf(test, owner, 'viewer');
    expect((await viewer.post('/api/quotes', { title: 'x' })).status).toBe(403);
    expect((await viewer.post('/api/products', { name: 'x', price: 1 })).status).toBe(403);
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/quotes/${first.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/quotes/${first.id}/pdf`)).status).toBe(404);
    expect((await stranger.post(`/api/quotes/${first.id}/send`, {})).status).toBe(404);
    expect((await stranger.get('/api/quotes')).body.total).toBe(0);
    expect((await stranger.post('/api/quotes', { dealId: deal.id })).body.error.fields).toEqual([
      { path: 'dealId', message: 'No such deal in this workspace' },
    ]);
  });
});
