// A salesperson adds a deal met at a fair, drags it across the board to the proposal stage, and loses another with
// its reason; a teammate's change made in between is not overwritten: the form says so and shows theirs. A quote sent
// as a link is accepted on the customer's phone, which wins the deal and starts the welcome sequence; the deal becomes
// a work order with a task in working days, time clocked with a pause, a file in versions and delivery, which the
// customer follows from the portal on a phone.
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
  openNav,
} from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(dialects)('the sales pipeline (%s)', (dialect) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('adds a deal, drags it across the board, loses another, refuses an edit over a teammate’s, and runs the won deal as a work order', async () => {
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
    const [pipeline] = await call('GET', '/api/pipelines');
    await call('POST', '/api/deals', { title: 'Timbrado para Ferretería Luna', pipelineId: pipeline.id, value: 4_800 });

    const context = await newContext(browser);
    const page = await context.newPage();
    // Wide enough for every column: a drag does not start while the board scrolls under the pointer.
    await page.setViewportSize({ width: 2000, height: 1000 });
    await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');
    await page.getByRole('link', { name: 'Embudo de ventas' }).click();
    await expect
      .poll(() => page.getByTestId('stage-Prospecto').getByText('Timbrado para Ferretería Luna').isVisible())
      .toBe(true);

    // A lead from a fair, with its value: IVA shows as an amount.
    await page.getByRole('button', { name: 'Nueva oportunidad' }).click();
    await page.getByLabel('Qué se vende').fill('Plan anual 1,000 facturas');
    await page.getByLabel('Valor antes de impuestos').fill('12500');
    await page.getByLabel('Origen del prospecto').first().click();
    await page.getByRole('option', { name: 'Evento o feria' }).click();
    await page.getByLabel('Evento o detalle').fill('Expo Pyme Monterrey');
    await expect.poll(() => page.getByTestId('deal-tax').textContent()).toContain('2,000');
    await page.getByRole('button', { name: 'Guardar' }).click();
    const card = page.getByTestId('deal-card').filter({ hasText: 'Plan anual 1,000 facturas' });
    await expect.poll(() => card.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('stage-Prospecto').textContent()).toContain('2 oportunidades');

    // Dragged to the proposal stage.
    await card.dragTo(page.getByTestId('stage-Propuesta enviada'));
    await expect
      .poll(() => page.getByTestId('stage-Propuesta enviada').getByText('Plan anual 1,000 facturas').isVisible())
      .toBe(true);
    const deals = await call('GET', `/api/deals?pipelineId=${pipeline.id}`);
    const planned = deals.items.find((d: { title: string }) => d.title === 'Plan anual 1,000 facturas');
    expect(planned.stageId).toBe(pipeline.stages[2].id);
    expect((await call('GET', `/api/deals/${planned.id}`)).source).toBe('event');

    // The other one is lost: the board asks why.
    await page
      .getByTestId('deal-card')
      .filter({ hasText: 'Ferretería Luna' })
      .dragTo(page.getByTestId('stage-Perdida'));
    await page.getByLabel('Por qué se perdió', { exact: true }).fill('Eligió otro proveedor por precio');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('stage-Perdida').getByText('Ferretería Luna').isVisible()).toBe(true);
    const lost = (await call('GET', `/api/deals?status=lost`)).items[0];
    expect((await call('GET', `/api/deals/${lost.id}`)).lostReason).toBe('Eligió otro proveedor por precio');

    // Mariana opens the deal; meanwhile a teammate (through the API) changes its value.
    await page.getByTestId('deal-card').filter({ hasText: 'Plan anual' }).click();
    await page.getByLabel('Notas').fill('Llamar el lunes');
    const current = await call('GET', `/api/deals/${planned.id}`);
    await call('PATCH', `/api/deals/${planned.id}`, { version: current.version, value: 15_000 });
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByText('Otra persona cambió este registro').isVisible()).toBe(true);
    expect(await call('GET', `/api/deals/${planned.id}`)).toMatchObject({ value: 15_000, notes: '' });
    await page.getByRole('button', { name: 'Volver a cargar' }).click();
    await expect.poll(() => page.getByLabel('Valor antes de impuestos').inputValue()).toBe('15,000');

    // An activity on the deal: a call to make.
    await page.getByLabel('Qué hacer').fill('Llamar para cerrar el plan');
    await page.getByRole('button', { name: 'Agregar actividad' }).click();
    await expect
      .poll(() => page.getByTestId('contact-tasks').textContent())
      .toContain('LlamadaLlamar para cerrar el plan');
    expect((await call('GET', `/api/tasks?dealId=${planned.id}`))[0]).toMatchObject({
      kind: 'call',
      title: 'Llamar para cerrar el plan',
    });

    // The list shows both, sorted by value.
    await page.keyboard.press('Escape');
    await page.getByText('Lista', { exact: true }).click();
    await expect.poll(() => page.getByTestId('deal-list').locator('tbody tr').count()).toBe(2);

    // The report: where the leads came from and how they converted.
    await page.getByText('Reporte', { exact: true }).click();
    await expect.poll(() => page.getByTestId('report-sources').textContent()).toContain('Evento o feria');
    await expect
      .poll(() => page.getByTestId('pipeline-report').textContent())
      .toContain('Eligió otro proveedor por precio');

    // From a customer's page: their deals, and a new one with the customer filled in.
    const contact = await call('POST', '/api/contacts', { name: 'Ing. Ramírez' });
    await page.goto(`${server.url}/contacts/${contact.id}`);
    await page.getByRole('tab', { name: 'Oportunidades' }).click();
    await expect.poll(() => page.getByTestId('customer-deals').textContent()).toContain('Todavía sin oportunidades');
    await page.getByTestId('customer-deals').getByRole('button', { name: 'Nueva oportunidad' }).click();
    await page.getByLabel('Qué se vende').fill('Nómina electrónica, 40 empleados');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect
      .poll(() => page.getByTestId('customer-deals').textContent())
      .toContain('Nómina electrónica, 40 empleados');
    expect((await call('GET', `/api/deals?contactId=${contact.id}`)).items[0]).toMatchObject({
      contact: { name: 'Ing. Ramírez' },
    });

    // A web form for the website: a visitor sends it on a phone and the lead is on the board.
    await page.getByRole('link', { name: 'Embudo de ventas' }).click();
    await page.getByRole('button', { name: 'Formularios web' }).click();
    // The dialog is open and settled before it is typed in (a fill during its opening was lost once).
    await expect.poll(() => page.getByText('Todavía sin formularios').isVisible()).toBe(true);
    await page.getByLabel('Nombre del formulario').fill('Solicitud de cotización');
    await expect.poll(() => page.getByRole('button', { name: 'Crear formulario' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Crear formulario' }).click();
    await expect.poll(() => page.getByTestId('lead-forms').textContent()).toContain('<iframe src=');
    const [form] = await call('GET', '/api/lead-forms');
    const phone = await newContext(browser, { phone: true });
    const visitor = await phone.newPage();
    await visitor.goto(form.url);
    await visitor.getByLabel('Nombre').fill('Lucía Garza');
    await visitor.getByLabel('Correo electrónico').fill('lucia@garza.mx');
    await visitor.getByLabel('Empresa (opcional)').fill('Ferretería Garza');
    await visitor.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => visitor.getByText('¡Gracias!').isVisible()).toBe(true);
    await phone.close();
    await page.keyboard.press('Escape');
    await page.getByText('Tablero', { exact: true }).click();
    await page.reload();
    await expect
      .poll(() =>
        page.getByTestId('stage-Prospecto').getByText('Ferretería Garza — Solicitud de cotización').isVisible(),
      )
      .toBe(true);

    // Won, the deal becomes a work order: a task counted in working days (the 14th is a holiday), the timer paused for
    // a setback and resumed, a drawing in two versions, a comment the customer will see, and delivery.
    await call('POST', '/api/holidays', { date: '2026-12-14', name: 'Puente' });
    // After-sale follow-up: a welcome call for every deal won.
    await page.getByRole('link', { name: 'Secuencias' }).click();
    await page.getByRole('button', { name: 'Nueva secuencia' }).click();
    const sequenceDialog = page.getByRole('dialog');
    await sequenceDialog.getByLabel('Nombre', { exact: true }).fill('Bienvenida');
    await sequenceDialog.getByLabel('Tarea o asunto').fill('Llamar para dar la bienvenida');
    await sequenceDialog.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('sequence').textContent()).toContain('Se gana una oportunidad');
    // The deal is for the visitor who sent the web form (a teammate links them through the API).
    const lead = (await call('GET', '/api/contacts?q=garza')).items[0];
    const beforeQuote = await call('GET', `/api/deals/${planned.id}`);
    await call('PATCH', `/api/deals/${planned.id}`, { version: beforeQuote.version, contactId: lead.id });
    await page.getByRole('link', { name: 'Embudo de ventas' }).click();
    // First a quote from the deal, sent as a link for WhatsApp; the customer accepts it on their phone and the deal is won.
    await page.getByTestId('deal-card').filter({ hasText: 'Plan anual' }).click();
    await page.getByTestId('deal-quotes').getByRole('button', { name: 'Nueva cotización' }).click();
    const quoteDialog = page.getByRole('dialog', { name: 'Cotización' });
    await quoteDialog.getByRole('button', { name: 'Agregar concepto' }).click();
    await quoteDialog.getByLabel('Descripción').fill('Plan anual, 1,000 timbres');
    await quoteDialog.getByLabel('Precio unit.').fill('15000');
    await quoteDialog.getByLabel('Desc. %').fill('10');
    await expect.poll(() => quoteDialog.getByTestId('quote-totals').textContent()).toContain('15,660');
    await quoteDialog.getByRole('button', { name: 'Guardar' }).click();
    await quoteDialog.getByRole('button', { name: 'Enlace para WhatsApp' }).click();
    const quoteLink = (await quoteDialog.getByTestId('quote-sent').locator('pre, code').first().textContent())!.trim();
    const buyer = await newContext(browser, { phone: true });
    const quotePage = await buyer.newPage();
    await quotePage.goto(quoteLink);
    await expect.poll(() => quotePage.locator('[data-total]').textContent()).toContain('15,660.00');
    await quotePage.getByLabel('Tu nombre').fill('Lucía Garza');
    await quotePage.getByRole('button', { name: 'Aceptar la cotización' }).click();
    await expect.poll(() => quotePage.getByText('¡Gracias! Cotización aceptada').isVisible()).toBe(true);
    await buyer.close();
    expect(await call('GET', `/api/deals/${planned.id}`)).toMatchObject({ status: 'won', value: 13_500 });
    expect((await call('GET', '/api/sequence-enrollments'))[0]).toMatchObject({
      sequence: 'Bienvenida',
      source: { type: 'deal', id: planned.id },
    });
    await page.reload();
    await page.getByTestId('stage-Ganada').getByText('Plan anual 1,000 facturas').click();
    await page.getByRole('button', { name: 'Abrir proyecto' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'P-0001 · Plan anual 1,000 facturas' }).isVisible())
      .toBe(true);
    await page.getByRole('textbox', { name: 'Tarea', exact: true }).fill('Configurar timbrado');
    await page.getByLabel('Inicia').fill('2026-12-10');
    await page.getByLabel('Días hábiles').fill('5');
    await page.getByLabel('Estimado (h)').fill('2');
    await page.getByRole('button', { name: 'Agregar tarea' }).click();
    await expect.poll(() => page.getByTestId('task-due').textContent()).toContain('17');
    await page.getByRole('button', { name: 'Iniciar cronómetro' }).click();
    await expect
      .poll(() => page.getByTestId('timer-bar').textContent())
      .toContain('Cronómetro en marcha: Configurar timbrado');
    await page.getByTestId('timer-bar').getByRole('button', { name: 'Pausar' }).click();
    await expect.poll(() => page.getByTestId('timer-bar').textContent()).toContain('Cronómetro en pausa');
    await page.getByRole('button', { name: 'Reanudar' }).click();
    await page.getByTestId('timer-bar').getByRole('button', { name: 'Detener' }).click();
    await expect.poll(() => page.getByTestId('timer-bar').count()).toBe(0);
    const [project] = (await call('GET', '/api/projects')).items;
    const spans = await call('GET', `/api/projects/${project.id}/time`);
    expect(spans.map((s: { pauseReason: string | null; endKind: string }) => [s.endKind, s.pauseReason])).toEqual([
      ['stop', null],
      ['pause', 'setback'],
    ]);
    const pdf = (text: string) => ({
      name: 'plano.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(`%PDF-1.7 ${text}`),
    });
    await page.locator('input[type=file]').first().setInputFiles(pdf('uno'));
    await expect.poll(() => page.getByTestId('project-document').textContent()).toContain('v1 · plano.pdf');
    await page.getByTestId('project-document').locator('input[type=file]').setInputFiles(pdf('dos'));
    await expect.poll(() => page.getByTestId('project-document').textContent()).toContain('v2 · plano.pdf');
    await page.getByLabel('Comentario').fill('Quedó listo el certificado de sello digital');
    await page.getByLabel('El cliente lo ve en el portal').check();
    await page.getByRole('button', { name: 'Agregar comentario' }).click();
    await expect
      .poll(() => page.getByTestId('project-timeline-item').first().textContent())
      .toContain('Quedó listo el certificado');
    await page.getByRole('combobox', { name: 'Estado', exact: true }).click();
    await page.getByRole('option', { name: 'Entregado' }).click();
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('project-status').textContent()).toBe('Entregado');
    expect((await call('GET', `/api/projects/${project.id}`)).deliveredAt).not.toBeNull();

    // The customer follows it from the portal on their phone: a one-time link, the drawing approved, a photo sent.
    // The project's customer came with the deal, and is its participant from the start.
    await page
      .getByTestId('project-participant')
      .filter({ hasText: 'Lucía Garza' })
      .getByRole('button', { name: 'Enviar acceso al portal' })
      .click();
    await expect.poll(() => page.getByTestId('portal-invitation').textContent()).toContain('lucia@garza.mx');
    const portalLink = (await page.getByTestId('portal-invitation').locator('pre, code').first().textContent())!.trim();
    const phoneContext = await newContext(browser, { phone: true });
    const portal = await phoneContext.newPage();
    await portal.goto(portalLink);
    await portal.getByRole('button', { name: 'Entrar' }).click();
    await portal.getByRole('link', { name: 'P-0001 · Plan anual 1,000 facturas' }).click();
    await expect.poll(() => portal.locator('[data-status]').textContent()).toBe('Entregado');
    await portal.getByRole('button', { name: 'Aprobar esta versión' }).click();
    await expect.poll(() => portal.getByText('Listo, quedó registrado.').isVisible()).toBe(true);
    await portal.locator('input[type=file]').setInputFiles({
      name: 'sello.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1]),
    });
    await portal.getByRole('button', { name: 'Enviar el archivo' }).click();
    await expect.poll(() => portal.locator('[data-document]').filter({ hasText: 'sello.jpg' }).count()).toBe(1);
    await phoneContext.close();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('project-timeline-item').filter({ hasText: 'Aprobado por el cliente' }).count())
      .toBe(1);
    await expect
      .poll(() => page.getByTestId('project-document').filter({ hasText: 'sello.jpg' }).textContent())
      .toContain('Lucía Garza (cliente)');

    // The firm's ERP hears about every sale: a webhook whose signing secret is shown once.
    await openNav(page, 'Webhooks');
    await page.getByLabel('Dirección (https://…)').fill('https://erp.example.com/atiende');
    await page.getByRole('button', { name: 'Agregar webhook' }).click();
    await expect.poll(() => page.getByTestId('webhook-secret').textContent()).toContain('whsec_');
    expect((await call('GET', '/api/webhooks'))[0]).toMatchObject({
      url: 'https://erp.example.com/atiende',
      events: ['*'],
      enabled: true,
    });
    await context.close();
  });
});
