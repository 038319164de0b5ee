// An agent records an incident from a conversation and resolves it; writes a service-process article from a template
// (its diagram drawn in the preview, a broken one shows its error); publishes it; the help center shows it without a
// script and the widget offers it; it is suggested while answering; the analysis draws its Pareto chart; a training
// track built from it is assigned, read and passed.
import type { Browser, Locator } from 'playwright-core';
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
  startWebsite,
} from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function customerWrites(server: RunningServer, session: { cookie: string }, text: string): Promise<void> {
  const inboxes = (await (
    await fetch(`${server.url}/api/inboxes`, { headers: { cookie: session.cookie } })
  ).json()) as { channel: string; websiteToken: string }[];
  const websiteToken = inboxes.find((i) => i.channel === 'webchat')!.websiteToken;
  const visitor = (await (
    await fetch(`${server.url}/api/widget/v1/visitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ websiteToken, name: 'Rosa Peña', email: 'rosa@paloma.mx' }),
    })
  ).json()) as { visitorToken: string };
  const sent = await fetch(`${server.url}/api/widget/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken },
    body: JSON.stringify({ body: text }),
  });
  if (sent.status !== 201) throw new Error(`visitor message failed: ${sent.status}`);
}

describe.each(dialects)('incidents and knowledge (%s)', (dialect) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records and resolves an incident, writes and publishes an article with a diagram, and suggests it while answering', async () => {
    const session = await createWorkspace(server, {
      ownerName: 'Mariana Treviño',
      email: 'mariana@facturanorte.mx',
      password: 'contraseña segura 1',
      companyName: 'Factura Norte',
    });
    await customerWrites(server, session, 'No me llega la llamada de soporte por teléfono, llevo dos días esperando');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');

    // From the conversation, in one click: the customer's words are taken from it.
    await page.getByTestId('conversation-row').first().click();
    await page.getByRole('button', { name: 'Registrar incidencia' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Resumen').fill('No recibe la llamada de soporte');
    await form.getByLabel('Causa raíz').click();
    await page.getByRole('option', { name: 'Nuestro servicio al cliente' }).click();
    await form.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/\/incidents\/[\w-]+$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 3 }).textContent())
      .toBe('#1 No recibe la llamada de soporte');
    await expect.poll(() => page.getByText('llevo dos días esperando').isVisible()).toBe(true);
    await page.getByLabel('Agregar un paso').fill('Se agendó la llamada para hoy a las 16:00');
    await page.getByRole('button', { name: 'Agregar', exact: true }).click();
    await expect.poll(() => page.getByTestId('steps').textContent()).toContain('Se agendó la llamada');
    await page.getByRole('button', { name: 'Marcar resuelta' }).click();
    await expect.poll(() => page.getByText('Resuelta', { exact: true }).first().isVisible()).toBe(true);

    // A service process from the template: its block diagram is drawn in the preview.
    await page.getByRole('link', { name: 'Base de conocimiento' }).click();
    // An empty knowledge base says how to start, with its own "New article" beside the page's.
    await expect.poll(() => page.getByTestId('knowledge-empty').isVisible()).toBe(true);
    await page.getByTestId('knowledge-empty').getByRole('link', { name: 'Nuevo artículo' }).click();
    await page.getByRole('button', { name: 'Empezar con una plantilla' }).click();
    await page.getByRole('menuitem', { name: 'Proceso de atención por teléfono' }).click();
    // Drawn, and shown as an image that really decodes (its CSS stays inside it).
    const drawnImages = (where: Locator) =>
      where
        .locator('figure.diagram img.diagram')
        .evaluateAll(
          (imgs) =>
            imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length,
        );
    await expect.poll(() => drawnImages(page.getByTestId('preview')), { timeout: 20_000 }).toBe(1);
    // A broken diagram shows its error, not a blank.
    const body = page.getByLabel('Texto (Markdown)');
    const template = await body.inputValue();
    await body.fill(`${template}\n\`\`\`mermaid\nflowchart LR\n  A -->\n\`\`\`\n`);
    await expect.poll(() => page.getByTestId('diagram-error').count(), { timeout: 20_000 }).toBe(1);
    await body.fill(
      `${template}\n\nSi el cliente no recibe la llamada de soporte, se agenda una nueva llamada el mismo día.`,
    );
    await expect.poll(() => page.getByTestId('diagram-error').count()).toBe(0);
    await page.getByLabel('Visibilidad').first().click();
    await page.getByRole('option', { name: 'Público' }).click();
    await page.getByLabel('Estado').first().click();
    await page.getByRole('option', { name: 'Publicado' }).click();
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(/\/knowledge\/[\w-]+$/);
    await expect.poll(() => drawnImages(page.getByTestId('article-body'))).toBe(1);
    const publicUrl = await page.getByRole('link', { name: /\/help\/factura-norte\// }).getAttribute('href');

    // The help center shows it drawn, with no script at all, and takes feedback.
    const reader = await newContext(browser);
    const help = await reader.newPage();
    const scripts: string[] = [];
    help.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    const response = await help.goto(publicUrl!);
    expect(response?.status()).toBe(200);
    await expect
      .poll(() => help.getByRole('heading', { level: 1 }).textContent())
      .toBe('Proceso de atención por teléfono');
    await expect.poll(() => drawnImages(help.locator('main'))).toBe(1);
    await help.getByRole('button', { name: 'Sí' }).click();
    await expect.poll(() => help.getByText('Gracias por tu opinión.').isVisible()).toBe(true);
    await help.goto(`${server.url}/help/factura-norte`);
    await help.getByRole('searchbox').fill('llamada soporte');
    await help.getByRole('button', { name: 'Buscar' }).click();
    await expect
      .poll(() => help.getByRole('link', { name: 'Proceso de atención por teléfono' }).isVisible())
      .toBe(true);
    expect(scripts).toEqual([]);

    // On the company's website, the chat widget offers the article before the visitor writes.
    const inboxes = (await (
      await fetch(`${server.url}/api/inboxes`, { headers: { cookie: session.cookie } })
    ).json()) as { channel: string; websiteToken: string }[];
    const website = await startWebsite(
      `<script src="${server.url}/widget.js" data-website-token="${inboxes.find((i) => i.channel === 'webchat')!.websiteToken}" async></script>`,
    );
    const visitor = await reader.newPage();
    await visitor.goto(website.url);
    await visitor.getByRole('button', { name: 'Chatea con nosotros' }).click();
    await visitor.getByRole('searchbox', { name: 'Busca en nuestros artículos de ayuda' }).fill('llamada de soporte');
    await expect
      .poll(() => visitor.getByRole('link', { name: 'Proceso de atención por teléfono' }).getAttribute('href'))
      .toBe(publicUrl);
    await website.close();
    if (screenshotDir())
      await help.screenshot({ path: `${screenshotDir()}/help-center-${dialect}.png`, fullPage: true });
    await reader.close();

    // Answering the customer: the article is suggested and inserted into the reply.
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await page.getByTestId('conversation-row').first().click();
    const suggestions = page.getByTestId('article-suggestions');
    await expect.poll(() => suggestions.textContent()).toContain('Proceso de atención por teléfono');
    await suggestions.getByRole('button', { name: 'Insertar' }).first().click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Escribe tu respuesta al cliente…' }).inputValue())
      .toContain('Diagrama de bloques');

    // The analysis draws its Pareto charts.
    await page.getByRole('link', { name: 'Incidencias' }).click();
    await page.getByRole('tab', { name: 'Análisis' }).click();
    await expect
      .poll(() => page.getByTestId('pareto').first().locator('svg.recharts-surface').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('pareto').nth(1).textContent()).toContain('Nuestro servicio al cliente');
    if (screenshotDir())
      await page.screenshot({ path: `${screenshotDir()}/incident-analysis-${dialect}.png`, fullPage: true });

    // The taxonomy is the workspace's own: a category is added; one in use cannot be removed.
    await page.getByRole('tab', { name: 'Categorías' }).click();
    await page.getByLabel('Nueva categoría').fill('Calibración');
    await page.getByRole('button', { name: 'Agregar' }).click();
    await expect.poll(() => page.getByTestId('incident-categories').textContent()).toContain('Calibración');

    // A training track built in the console from the article, assigned to herself, read and passed.
    await page.getByRole('link', { name: 'Formación' }).click();
    await page.getByRole('tab', { name: 'Rutas' }).click();
    await page.getByRole('button', { name: 'Nueva ruta' }).click();
    const builder = page.getByRole('dialog');
    await builder.getByLabel('Nombre').fill('Nuevo agente de soporte');
    await builder.getByRole('button', { name: 'Agregar un artículo' }).click();
    await builder.getByLabel('Artículo').first().click();
    await page.getByRole('option', { name: 'Proceso de atención por teléfono' }).click();
    await builder.getByRole('button', { name: 'Agregar una pregunta' }).click();
    await builder
      .getByRole('textbox', { name: 'Pregunta' })
      .fill('¿Qué se hace si no se resuelve en el primer contacto?');
    await builder.getByLabel('Respuesta 1').fill('Registrar incidencia y acordar fecha');
    await builder.getByLabel('Respuesta 2').fill('Cerrar la conversación');
    await builder.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('track').textContent()).toContain('1 artículo · 1 pregunta');
    await page.getByTestId('track').getByRole('button', { name: 'Asignar' }).click();
    await page.getByRole('dialog').getByLabel('Personas').first().click();
    await page.getByRole('option', { name: 'Mariana Treviño' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Asignar' }).click();
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await page.goto(`${server.url}/inbox`);
    await expect.poll(() => page.getByTestId('training-reminder').textContent()).toContain('Nuevo agente de soporte');
    await page.getByTestId('training-reminder').getByRole('link', { name: 'Nuevo agente de soporte' }).click();
    const track = page.getByTestId('my-track');
    await track.getByRole('button', { name: 'Marcar como leído' }).click();
    await expect.poll(() => track.textContent()).toContain('1 de 1 artículo leído');
    await track.getByRole('radio', { name: 'Registrar incidencia y acordar fecha' }).check();
    await track.getByRole('button', { name: 'Enviar respuestas' }).click();
    await expect.poll(() => page.getByTestId('quiz-result').textContent()).toBe('Aprobaste con 100 %.');
    await page.getByRole('tab', { name: 'Avance' }).click();
    await expect.poll(() => page.getByTestId('training-progress').textContent()).toContain('Aprobada el');
    await context.close();
  });
});
