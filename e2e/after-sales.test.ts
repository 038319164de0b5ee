// After the sale: the manager records a customer's yearly plan, which renews within the month; records the renewal,
// and another customer's non-renewal with its reason (the customer becomes former, the report names the reason);
// sees the customer with open incidents on the at-risk list with the reason; and sets an automation rule that labels
// every customer message about invoices, which runs when a visitor writes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  createWorkspace,
  dialects,
  launchBrowser,
  newContext,
  screenshotDir,
  signIn,
  startServer,
  openNav,
} from './harness.js';
import { workspaceDay as day } from '../apps/server/src/testing/dates.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('renewals, customer health and automation (%s)', (dialect) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records a renewal and a non-renewal, lists customers at risk, and labels messages by a rule', async () => {
    const session = await createWorkspace(server, {
      ownerName: 'Mariana Treviño',
      email: 'mariana@facturanorte.mx',
      password: 'contraseña segura 1',
      companyName: 'Factura Norte',
    });
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${server.url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })
      ).json() as Promise<any>;
    const lucia = await call('POST', '/api/contacts', { name: 'Lucía Garza', status: 'active' });
    const hector = await call('POST', '/api/contacts', { name: 'Héctor Salazar', status: 'active' });
    await call('POST', '/api/incidents', { summary: 'No timbra facturas', contactId: hector.id, channel: 'phone' });
    await call('POST', '/api/incidents', { summary: 'Certificado vencido', contactId: hector.id, channel: 'phone' });
    const hectors = await call('POST', '/api/subscriptions', {
      contactId: hector.id,
      plan: 'Plan Básico anual',
      price: 2_400,
      startedOn: day(-300),
    });

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');

    // A yearly plan that started almost a year ago: it renews within the month.
    await page.getByRole('link', { name: 'Renovaciones' }).click();
    await page.getByRole('button', { name: 'Nueva suscripción' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Cliente').fill('Lucía');
    await page.getByRole('option', { name: 'Lucía Garza' }).click();
    await dialog.getByLabel('Plan').fill('Plan Pyme anual');
    await dialog.getByLabel('Precio').fill('4800');
    await dialog.getByLabel('Inicio').fill(day(-350));
    await dialog.getByRole('button', { name: 'Guardar' }).click();
    const row = page.getByTestId('subscriptions').getByRole('row').filter({ hasText: 'Lucía Garza' });
    await expect.poll(() => row.textContent()).toContain('$4,800.00 al año');
    expect(await row.textContent()).toContain('en 15 días');

    // The customer renewed: next year's date, and the history says so.
    await row.click();
    await page.getByTestId('subscription-detail').getByRole('button', { name: 'Renovó', exact: true }).click();
    await page.getByTestId('renew-form').getByRole('button', { name: 'Renovó', exact: true }).click();
    await expect.poll(async () => (await call('GET', `/api/subscriptions?contactId=${lucia.id}`))[0].version).toBe(1);
    expect((await call('GET', `/api/subscriptions?contactId=${lucia.id}`))[0].daysToRenewal).toBe(380);
    // The history names the renewal (beside the button of the next one).
    await expect
      .poll(() => page.getByTestId('subscription-detail').getByText('Renovó', { exact: true }).count())
      .toBe(2);
    await page.getByRole('button', { name: 'Cerrar', exact: true }).click();

    // Héctor will not renew: the reason is required; he becomes a former customer.
    await page.getByText('Todas', { exact: true }).click();
    await page.getByTestId('subscriptions').getByRole('row').filter({ hasText: 'Héctor Salazar' }).click();
    await page.getByTestId('subscription-detail').getByRole('button', { name: 'No renovó', exact: true }).click();
    const endForm = page.getByTestId('end-form');
    await endForm.getByLabel('Por qué no renovó').fill('Precio: encontró un proveedor más barato');
    await endForm.getByRole('button', { name: 'No renovó', exact: true }).click();
    await expect.poll(() => page.getByTestId('subscription-detail').textContent()).toContain('Terminada');
    await expect.poll(async () => (await call('GET', `/api/contacts/${hector.id}`)).status).toBe('former');
    expect((await call('GET', `/api/subscriptions/${hectors.id}`)).endReason).toBe(
      'Precio: encontró un proveedor más barato',
    );
    await page.getByRole('button', { name: 'Cerrar', exact: true }).click();
    await page.getByText('Bajas y retención', { exact: true }).click();
    await expect
      .poll(() => page.getByTestId('retention-report').textContent())
      .toContain('Precio: encontró un proveedor más barato');
    if (screenshotDir()) await page.screenshot({ path: `${screenshotDir()}/retention-${dialect}.png`, fullPage: true });

    // Customer health: Lucía, never contacted and renewing in a year, is listed with the reason shown.
    await call('POST', '/api/usage-readings', {
      readings: [
        { contactId: lucia.id, day: day(-60), quantity: 90 },
        { contactId: lucia.id, day: day(-3), quantity: 2 },
      ],
    });
    await page.getByRole('link', { name: 'Salud de clientes' }).click();
    const list = page.getByTestId('health-list');
    await expect.poll(() => list.textContent()).toContain('Lucía Garza');
    expect(await list.textContent()).toContain('Uso 93 % menor (-20)');

    // A rule: every customer message about invoices gets the billing label.
    await call('POST', '/api/labels', { name: 'Facturación', color: 'teal' });
    await openNav(page, 'Automatización');
    await page.getByRole('button', { name: 'Nueva regla' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel('Nombre').fill('Facturas a Facturación');
    await editor.getByRole('button', { name: 'Agregar condición' }).click();
    await editor.getByTestId('automation-condition').getByLabel('Valor').fill('factura');
    await editor.getByTestId('automation-action').getByLabel('Entonces').click();
    await page.getByRole('option', { name: 'Agregar una etiqueta' }).click();
    await editor.getByTestId('automation-action').getByLabel('Etiqueta').click();
    await page.getByRole('option', { name: 'Facturación' }).click();
    await editor.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(() => page.getByTestId('automation-rule').textContent())
      .toContain('Texto del mensaje contiene factura');

    const inboxes = await call('GET', '/api/inboxes');
    const websiteToken = inboxes.find((i: { channel: string }) => i.channel === 'webchat').websiteToken;
    const visitor = await (
      await fetch(`${server.url}/api/widget/v1/visitors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ websiteToken, name: 'Rosa Peña', email: 'rosa@paloma.mx' }),
      })
    ).json();
    await fetch(`${server.url}/api/widget/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken },
      body: JSON.stringify({ body: 'No me llega la FACTURA de octubre' }),
    });
    await expect
      .poll(
        async () => (await call('GET', '/api/conversations')).items[0]?.labels.map((l: { name: string }) => l.name),
        { timeout: 15_000 },
      )
      .toEqual(['Facturación']);
    await page.getByTestId('automation-rule').getByRole('button', { name: 'Ejecuciones' }).click();
    await expect.poll(() => page.getByTestId('automation-runs').textContent()).toContain('Agregar una etiqueta: Hecho');
    await context.close();
  });
});
