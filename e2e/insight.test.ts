// An owner builds the post-conversation survey from its template and turns it on; a resolved website chat brings the
// survey to the visitor, who answers it on their phone (a light page with no script); the unhappy answer shows in the
// results with its chart and as a follow-up on the contact; the service-standards dashboard shows the standards with
// their definitions and the conversations behind a figure.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  createWorkspace,
  dialects,
  launchBrowser,
  newContext,
  signIn,
  startServer,
} from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('surveys and service standards (%s)', (dialect) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends the survey after a resolved chat, takes the answer on a phone, and shows results and standards', async () => {
    const session = await createWorkspace(server, {
      ownerName: 'Mariana Treviño',
      email: 'mariana@facturanorte.mx',
      password: 'contraseña segura 1',
      companyName: 'Factura Norte',
    });
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    const inboxes = (await (await fetch(`${server.url}/api/inboxes`, { headers })).json()) as {
      channel: string;
      websiteToken: string;
    }[];
    const websiteToken = inboxes.find((i) => i.channel === 'webchat')!.websiteToken;
    const visitor = (await (
      await fetch(`${server.url}/api/widget/v1/visitors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ websiteToken, name: 'Rosa Peña', email: 'rosa@paloma.mx' }),
      })
    ).json()) as { visitorToken: string };
    const visitorHeaders = { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken };
    const first = (await (
      await fetch(`${server.url}/api/widget/v1/messages`, {
        method: 'POST',
        headers: visitorHeaders,
        body: JSON.stringify({ body: 'No puedo timbrar mis facturas' }),
      })
    ).json()) as { conversationId: string };

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');

    // The survey from its template, with a question reworded, active and sent at once after a resolution.
    await page.getByRole('link', { name: 'Encuestas' }).click();
    await page.getByRole('button', { name: 'Nueva desde una plantilla' }).click();
    await page.getByRole('menuitem', { name: /Satisfacción tras la conversación/ }).click();
    await page.waitForURL(/\/surveys\/[\w-]+$/);
    await page.getByTestId('question-comment').getByLabel('Pregunta (español)').fill('¿Qué podemos mejorar?');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByText('Versión 2.').isVisible()).toBe(true);
    await page.getByLabel('Estado').first().click();
    await page.getByRole('option', { name: 'Activa' }).click();
    await expect.poll(() => page.getByText('Activa', { exact: true }).first().isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'Enviar' }).click();
    await page.getByLabel('Esperar tras la resolución (minutos)').fill('0');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByText('Guardado').isVisible()).toBe(true);

    // The agent answers and resolves the chat.
    await fetch(`${server.url}/api/conversations/${first.conversationId}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: 'Revisa tu certificado de sello digital.', private: false }),
    });
    await fetch(`${server.url}/api/conversations/${first.conversationId}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ status: 'resolved' }),
    });

    // The visitor gets the survey in the chat and answers it on a phone.
    let surveyUrl = '';
    await expect
      .poll(
        async () => {
          const messages = (await (
            await fetch(`${server.url}/api/widget/v1/messages`, { headers: visitorHeaders })
          ).json()) as { kind: string; metadata: { surveyUrl?: string } }[];
          surveyUrl = messages.find((m) => m.kind === 'survey')?.metadata.surveyUrl ?? '';
          return surveyUrl;
        },
        { timeout: 20_000 },
      )
      .not.toBe('');
    const raw = await fetch(surveyUrl);
    expect((await raw.arrayBuffer()).byteLength).toBeLessThan(50 * 1024);
    const phone = await newContext(browser, { phone: true });
    const answer = await phone.newPage();
    const scripts: string[] = [];
    answer.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await answer.goto(surveyUrl);
    await expect.poll(() => answer.getByRole('heading', { name: '¿Cómo te atendimos?' }).isVisible()).toBe(true);
    // Sent without the required answer: it comes back with what was written.
    await answer.getByLabel('¿Qué podemos mejorar?').fill('Que contesten más rápido');
    await answer.getByRole('button', { name: 'Enviar respuestas' }).click();
    await expect.poll(() => answer.getByText('Revisa las respuestas marcadas').isVisible()).toBe(true);
    expect(await answer.getByLabel('¿Qué podemos mejorar?').inputValue()).toBe('Que contesten más rápido');
    await answer.locator('fieldset#q-csat label', { hasText: '2' }).click();
    await answer.getByRole('button', { name: 'Enviar respuestas' }).click();
    await expect.poll(() => answer.getByRole('heading', { name: '¡Gracias!' }).isVisible()).toBe(true);
    expect(scripts).toEqual([]);
    await answer.goto(surveyUrl);
    await expect.poll(() => answer.getByText('Esta encuesta ya fue respondida').isVisible()).toBe(true);
    await phone.close();

    // Results: the table and its chart, the comment with who wrote it.
    await page.getByRole('tab', { name: 'Resultados' }).click();
    const csat = page.getByTestId('result-csat');
    await expect.poll(() => csat.locator('svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('survey-results').textContent()).toContain('0 %');
    await expect.poll(() => page.getByTestId('result-comment').textContent()).toContain('Que contesten más rápido');

    // The follow-up is on the contact.
    await page.getByTestId('result-comment').getByRole('link', { name: 'Rosa Peña' }).click();
    await page.getByRole('tab', { name: 'Seguimientos' }).click();
    await expect.poll(() => page.getByTestId('contact-tasks').textContent()).toContain('Contactar a Rosa Peña');

    // The dashboard: each standard with its definition on hover, and the conversations behind a figure.
    await page.getByRole('link', { name: 'Estándares de servicio' }).click();
    const fcr = page.getByTestId('standard-first_contact_resolution');
    await expect.poll(() => fcr.textContent(), { timeout: 15_000 }).toContain('100 %');
    await fcr.getByText('Resolución al primer contacto').hover();
    await expect.poll(() => page.getByText(/una sola respuesta del equipo/).isVisible()).toBe(true);
    await page.getByTestId('standard-csat').click();
    await expect.poll(() => page.getByTestId('drill-down').textContent()).toContain('Rosa Peña');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('heatmap').isVisible()).toBe(true);
    await context.close();
  });
});
