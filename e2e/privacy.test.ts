// The owner looks after customers' privacy: publishes the notice, records a customer's opt-out, logs their
// cancellation request, blocks them (agents stop seeing them) and finally erases them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  createWorkspace,
  launchBrowser,
  newContext,
  signIn,
  startServer,
  openNav,
} from './harness.js';

let server: RunningServer;
let browser: Browser;
let contactId = '';
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('sqlite'), launchBrowser()]);
  const { cookie, csrfToken } = await createWorkspace(server, {
    ownerName: 'Mariana Treviño',
    email: 'mariana@facturanorte.mx',
    password: 'contraseña segura 1',
    companyName: 'Factura Norte',
  });
  const contact = await fetch(`${server.url}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'Rosa Peña', emails: [{ value: 'rosa@paloma.mx' }], status: 'active' }),
  });
  contactId = ((await contact.json()) as { id: string }).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('privacy', () => {
  it('publishes the notice, records an opt-out, and carries out a cancellation in two steps', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');

    // The notice starts from a template naming the company; publishing makes version 1, public without signing in.
    await openNav(page, 'Privacidad');
    await page.getByRole('tab', { name: 'Aviso de privacidad' }).click();
    await expect.poll(() => page.getByLabel('Texto del aviso').inputValue()).toContain('Factura Norte es responsable');
    await page.getByRole('button', { name: 'Publicar como versión 1' }).click();
    await expect.poll(() => page.getByTestId('notice-version').textContent()).toMatch(/^Versión 1/);
    const publicUrl = await page.getByRole('link', { name: 'Página pública para clientes' }).getAttribute('href');
    const publicPage = await context.newPage();
    await publicPage.goto(publicUrl!);
    await expect
      .poll(() => publicPage.getByRole('heading', { level: 1 }).textContent())
      .toBe('Aviso de privacidad · Factura Norte');
    await publicPage.close();

    // The customer says on WhatsApp: no more promotions.
    await page.goto(`${server.url}/contacts/${contactId}`);
    await page.getByRole('tab', { name: 'Privacidad' }).click();
    await page.getByTestId('consent-marketing').getByRole('button', { name: 'Registrar oposición' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Evidencia (opcional)').fill('Mensaje del 24 de noviembre');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await expect.poll(() => page.getByTestId('consent-marketing').getByText('Se opuso').isVisible()).toBe(true);

    // Then asks to be deleted: the request is logged with its legal deadline.
    await page.getByRole('button', { name: 'Registrar solicitud' }).click();
    const request = page.getByRole('dialog');
    await request.getByLabel('Derecho ejercido').click();
    await page.getByRole('option', { name: 'Cancelación' }).click();
    await request.getByLabel('Qué pide').fill('Que borren todos mis datos');
    await request.getByRole('button', { name: 'Registrar solicitud' }).click();
    await expect.poll(() => page.getByTestId('privacy-requests').getByText('Cancelación').isVisible()).toBe(true);

    // Step 1: block. The contact leaves the list; only the privacy actions remain.
    await page.getByRole('button', { name: 'Bloquear (cancelación, paso 1)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bloquear' }).click();
    await expect.poll(() => page.getByTestId('blocked-banner').isVisible()).toBe(true);
    const list = await page.evaluate(async () => (await (await fetch('/api/contacts')).json()) as { total: number });
    expect(list.total).toBe(0);

    // Step 2: erase, after typing the name.
    await page.getByRole('button', { name: 'Suprimir definitivamente (paso 2)' }).click();
    await page.getByTestId('erase-confirm').fill('Rosa');
    await page.getByRole('dialog').getByRole('button', { name: 'Suprimir' }).click();
    await expect.poll(() => page.getByText('Escribe el nombre del contacto tal como aparece').isVisible()).toBe(true);
    await page.getByTestId('erase-confirm').fill('Rosa Peña');
    await page.getByRole('dialog').getByRole('button', { name: 'Suprimir' }).click();
    await page.waitForURL(/\/privacy\/blocked$/);
    await expect.poll(() => page.getByTestId('erased').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No hay contactos bloqueados.').isVisible()).toBe(true);
    const status = await page.evaluate(async (id) => (await fetch(`/api/contacts/${id}`)).status, contactId);
    expect(status).toBe(404);
    await context.close();
  });
});
