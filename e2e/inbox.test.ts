// Working the inbox: the owner sets up a label, a quick reply, a team and a routing rule; a customer's message about an
// invoice is routed to the team and lands assigned to the owner, who labels it and answers with the quick reply.
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
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('sqlite'), launchBrowser()]);
  await createWorkspace(server, {
    ownerName: 'Paola Elizondo',
    email: 'paola@facturanorte.mx',
    password: 'contraseña segura 1',
    companyName: 'Factura Norte',
    language: 'es',
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the inbox', () => {
  it('routes by keyword to a team, assigns round robin, and answers with a quick reply and a label', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'paola@facturanorte.mx', 'contraseña segura 1');

    await openNav(page, 'Etiquetas y respuestas rápidas');
    await page.getByLabel('Nueva etiqueta').fill('factura');
    await page.getByRole('button', { name: 'Agregar' }).first().click();
    await expect.poll(() => page.getByTestId('labels').getByText('factura').isVisible()).toBe(true);
    await page.getByLabel('Atajo').fill('saludo');
    await page.getByLabel('Título').fill('Saludo');
    await page.getByLabel('Texto').fill('Hola {{contact.first_name}}, soy {{agent.first_name}}. Reviso tu factura.');
    await page.getByRole('button', { name: 'Agregar' }).last().click();
    await expect.poll(() => page.getByTestId('quick-replies-table').getByText('/saludo').isVisible()).toBe(true);
    // The greeting sends the invoicing guide along.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Adjuntar un archivo a /saludo' }).click();
    await (
      await chooser
    ).setFiles({ name: 'guia-timbrado.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 guia') });
    await expect
      .poll(() => page.getByTestId('quick-replies-table').getByText('📎 guia-timbrado.pdf').isVisible())
      .toBe(true);

    await openNav(page, 'Espacio de trabajo');
    await page.getByRole('button', { name: `Cargar días de descanso oficiales ${new Date().getFullYear()}` }).click();
    await expect.poll(() => page.getByTestId('holidays').textContent()).toContain('Día de la Revolución');
    await openNav(page, 'Niveles de servicio');
    await expect.poll(() => page.getByTestId('sla-policy').count()).toBe(4);
    await expect.poll(() => page.getByTestId('sla-policy').first().textContent()).toContain('primera respuesta: 2 min');
    await openNav(page, 'Equipos y reparto');
    await page.getByRole('button', { name: 'Nuevo equipo' }).click();
    const teamDialog = page.getByRole('dialog');
    await teamDialog.getByLabel('Nombre').fill('Facturación');
    await teamDialog.getByRole('combobox', { name: 'Integrantes' }).fill('Pao');
    await page.getByRole('option', { name: 'Paola Elizondo' }).click();
    await teamDialog.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('team').textContent()).toContain('Facturación');
    await page.getByRole('button', { name: 'Nueva regla' }).click();
    const ruleDialog = page.getByRole('dialog');
    await ruleDialog.getByLabel('Nombre').fill('Todo lo de facturas');
    const keywords = ruleDialog.getByRole('combobox', { name: 'Palabras en el primer mensaje (cualquiera)' });
    await keywords.fill('timbrar');
    await keywords.press('Enter');
    await ruleDialog.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(() => page.getByTestId('routing-rule').textContent())
      .toContain('Todo lo de facturas → Facturación');

    // The console is open (presence), so Paola is online and available: the conversation comes to her.
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('En vivo');
    const inboxes = await page.evaluate(
      async () => (await (await fetch('/api/inboxes')).json()) as { channel: string; websiteToken: string }[],
    );
    const websiteToken = inboxes.find((i) => i.channel === 'webchat')!.websiteToken;
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
      body: JSON.stringify({ body: 'No puedo timbrar mi factura' }),
    });

    await page.getByRole('combobox', { name: 'Vista' }).click();
    await page.getByRole('option', { name: 'Mías' }).click();
    await expect.poll(() => page.getByTestId('conversation-row').count(), { timeout: 10_000 }).toBe(1);
    // The web chat standard (first answer within 2 minutes of business time) runs on it.
    await expect.poll(() => page.getByTestId('conversation-row').getByTestId('sla-badge').isVisible()).toBe(true);
    await page.getByTestId('conversation-row').click();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Transferir a equipo' }).inputValue())
      .toBe('Facturación');

    await page.getByRole('combobox', { name: 'Etiquetas' }).fill('fac');
    await page.getByRole('option', { name: 'factura' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('conversation-row').textContent()).toContain('factura');

    const reply = page.getByLabel('Escribe tu respuesta al cliente…');
    await reply.fill('/sal');
    await expect.poll(() => page.getByTestId('quick-replies').textContent()).toContain('/saludo');
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue()).toBe('Hola Rosa, soy Paola. Reviso tu factura.');
    await expect.poll(() => page.getByTestId('quick-reply-files').textContent()).toContain('guia-timbrado.pdf');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('message').last().textContent())
      .toContain('Hola Rosa, soy Paola. Reviso tu factura.');
    await expect.poll(() => page.getByTestId('message').last().textContent()).toContain('guia-timbrado.pdf');
    // The service-level filter finds it: answered, so its first-response clock stopped and it is on track.
    await page.getByRole('combobox', { name: 'Nivel de servicio' }).click();
    await page.getByRole('option', { name: 'En tiempo' }).click();
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Nivel de servicio' }).click();
    await page.getByRole('option', { name: 'Meta incumplida' }).click();
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Nivel de servicio' }).click();
    await page.getByRole('option', { name: 'Meta incumplida' }).click();
    // She also calls; the call becomes its own conversation, which is merged back into the chat.
    await page.getByRole('button', { name: 'Registrar llamada o visita' }).click();
    await page.getByRole('dialog').getByLabel('Qué se habló o se hizo').fill('Confirmó que ya timbró');
    await page.getByRole('dialog').getByRole('button', { name: 'Registrar' }).click();
    await expect.poll(() => page.getByTestId('logged-activity').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Fusionar' }).click();
    await page.getByRole('menuitem', { name: /Chat web/ }).click();
    await expect.poll(() => page.getByTestId('message').count()).toBe(3);
    await expect.poll(() => page.getByLabel('Escribe tu respuesta al cliente…').isVisible()).toBe(true);
    // Searching the messages, accents aside.
    await page.getByRole('textbox', { name: 'Buscar en los mensajes…' }).fill('TIMBRAR factura');
    await expect.poll(() => page.getByTestId('search-results').textContent()).toContain('No puedo timbrar mi factura');
    await context.close();
  });
});
