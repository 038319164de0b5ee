// A person keeps what the company knows about a customer: creates the contact, fills the profile, leaves a note,
// finds the contact again by any of its data, and reads its history.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, createWorkspace, launchBrowser, newContext, signIn, startServer } from './harness.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('sqlite'), launchBrowser()]);
  await createWorkspace(server, {
    ownerName: 'Mariana Treviño',
    email: 'mariana@maquinados.mx',
    password: 'contraseña segura 1',
    companyName: 'Maquinados de Precisión',
    language: 'es',
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('customer knowledge', () => {
  it('creates a contact, fills the profile, adds a note, and finds it again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@maquinados.mx', 'contraseña segura 1');

    await page.getByRole('link', { name: 'Contactos' }).click();
    await page.getByRole('button', { name: 'Nuevo contacto' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nombre').fill('José Peña Ibarra');
    await dialog.getByLabel('Teléfono').fill('123');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    // A bad phone is named next to its field and nothing is created.
    await expect.poll(() => dialog.getByText('Número de teléfono no válido').isVisible()).toBe(true);
    await dialog.getByLabel('Teléfono').fill('044 81 8765 4321');
    await dialog.getByLabel('Correo').fill('jose@tornos.mx');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    await page.waitForURL(/\/contacts\/[\w-]+$/);
    await expect.poll(() => page.getByTestId('contact-name').textContent()).toBe('José Peña Ibarra');
    await expect.poll(() => page.getByText('+528187654321').isVisible()).toBe(true);

    // Contact preferences: preferred channel and hours.
    const preferences = page
      .getByText('4. Preferencias de contacto')
      .locator('xpath=ancestor::div[contains(@class,"Paper")][1]');
    await preferences.getByRole('button', { name: 'Editar' }).click();
    await preferences.getByLabel('Cuándo se le puede contactar').fill('Solo por las mañanas');
    await preferences.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByText('Solo por las mañanas').isVisible()).toBe(true);

    await page.getByRole('tab', { name: 'Notas' }).click();
    await page.getByLabel('Agregar nota').fill('Exige entregas completas: la última vez faltaron piezas');
    await page.getByRole('button', { name: 'Agregar nota' }).click();
    await expect.poll(() => page.getByTestId('note').count()).toBe(1);

    await page.getByRole('tab', { name: 'Historial' }).click();
    await expect
      .poll(() => page.getByTestId('timeline').getByText('Exige entregas completas', { exact: false }).count())
      .toBe(1);

    // Found again without accents, by phone in another format, and by what the note says.
    await page.getByRole('link', { name: 'Contactos' }).click();
    for (const query of ['pena', '81 8765 4321', 'piezas']) {
      await page.getByPlaceholder('Busca por nombre').fill(query);
      await expect.poll(() => page.getByTestId('contact-table').getByText('José Peña Ibarra').count()).toBe(1);
    }
    await page.getByPlaceholder('Busca por nombre').fill('nadie');
    await expect.poll(() => page.getByText('No se encontró nada.').isVisible()).toBe(true);
    await context.close();
  });

  it('builds a segment with rules, sees its live count, saves it and lists its contacts', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@maquinados.mx', 'contraseña segura 1');
    for (const [name, tags] of [
      ['Ana Torres', ['VIP']],
      ['Beto Luna', []],
    ] as const) {
      const created = await page.evaluate(
        async ([n, t]) => {
          const session = await (await fetch('/api/auth/session')).json();
          const r = await fetch('/api/contacts', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
            body: JSON.stringify({ name: n, tags: t, status: 'active' }),
          });
          return r.status;
        },
        [name, tags] as const,
      );
      expect(created).toBe(201);
    }
    await page.getByRole('link', { name: 'Segmentos' }).click();
    await page.getByRole('link', { name: 'Nuevo segmento' }).click();
    await page.getByLabel('Nombre').fill('Clientes VIP');
    const rule = page.getByTestId('segment-rule').first();
    await rule.getByLabel('Campo').click();
    await page.getByRole('option', { name: 'Etiqueta' }).click();
    await rule.getByLabel('Valor').fill('VIP');
    await expect.poll(() => page.getByTestId('segment-count').textContent()).toBe('Ahora mismo: 1 contacto');
    await page.getByRole('button', { name: 'Guardar segmento' }).click();
    await page.waitForURL(/\/segments$/);
    await expect
      .poll(() =>
        page
          .getByTestId('segment')
          .filter({ hasText: 'Clientes VIP' })
          .getByText('1 contacto', { exact: true })
          .isVisible(),
      )
      .toBe(true);
    await page.getByRole('link', { name: 'Ver sus contactos' }).click();
    await expect.poll(() => page.getByTestId('contact-table').locator('tr').count()).toBe(1);
    await expect.poll(() => page.getByTestId('contact-table').getByText('Ana Torres').isVisible()).toBe(true);
    await context.close();
  });

  it('imports an attendance list from a CSV file: maps columns, previews, runs, and offers the rejected rows', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@maquinados.mx', 'contraseña segura 1');
    await page.getByRole('link', { name: 'Contactos' }).click();
    await page.getByRole('link', { name: 'Importar' }).click();
    const csv =
      'Nombre;Correo;Celular;Empresa\nLaura Ríos;laura@talleres.mx;81 2222 3333;Talleres Ríos\nSin Correo Bueno;laura@;;\nMarco Díaz;marco@fundicion.mx;;Fundición Díaz\n';
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'asistentes-expo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => page.getByText('asistentes-expo.csv · 3 filas').isVisible()).toBe(true);
    await page.getByLabel('Origen de estos contactos').fill('Lista de asistentes Expo Pyme 2026');
    // An event's list: a lead (deal) for each person.
    await page.getByLabel('Abrir una oportunidad por persona (lista de asistentes a un evento)').first().click();
    await page.getByRole('option', { name: 'Ventas' }).click();
    // The mapping is kept for next month's list.
    await page.getByLabel('Guardar este mapeo como (opcional)').fill('Lista de asistentes');
    await page.getByRole('button', { name: 'Vista previa' }).click();
    // A bad address does not keep the person out: she comes in without it, and the preview says so.
    await expect.poll(() => page.getByTestId('count-new').textContent()).toBe('3');
    await expect.poll(() => page.getByTestId('count-invalid').textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('partial-rows').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByTestId('import-preview').getByText('Correo no válido: laura@').isVisible())
      .toBe(true);
    await page.getByRole('button', { name: 'Importar 3 filas' }).click();
    await expect
      .poll(() => page.getByText('Listo: 3 nuevos, 0 actualizados, 0 duplicados, 0 inválidos.').isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    const rejected = page.getByRole('link', { name: 'Descargar las filas no importadas (CSV)' });
    expect(await rejected.getAttribute('href')).toMatch(/\/api\/imports\/[\w-]+\/rejected\.csv$/);
    const leads = await page.evaluate(
      async () => (await (await fetch('/api/deals?sort=board')).json()) as { items: { title: string }[] },
    );
    expect(leads.items.map((d) => d.title).sort()).toEqual([
      'Laura Ríos — Lista de asistentes Expo Pyme 2026',
      'Marco Díaz — Lista de asistentes Expo Pyme 2026',
      'Sin Correo Bueno — Lista de asistentes Expo Pyme 2026',
    ]);
    // Next month's file, same columns: mapped as saved.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'asistentes-enero.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect
      .poll(() => page.getByTestId('saved-mapping').textContent())
      .toBe('Mapeado como lo guardó: «Lista de asistentes». Cambie cualquier columna si hace falta.');
    await page.getByRole('link', { name: 'Contactos' }).click();
    await page.getByPlaceholder('Busca por nombre').fill('rios');
    await expect.poll(() => page.getByTestId('contact-table').getByText('Laura Ríos').isVisible()).toBe(true);
    await context.close();
  });

  it('finds two records of the same person and merges them', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@maquinados.mx', 'contraseña segura 1');
    for (const name of ['Óscar Villa', 'Oscar Villa']) {
      expect(
        await page.evaluate(async (n) => {
          const session = await (await fetch('/api/auth/session')).json();
          return (
            await fetch('/api/contacts', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
              body: JSON.stringify({ name: n, emails: [{ value: 'oscar@villa.mx' }] }),
            })
          ).status;
        }, name),
      ).toBe(201);
    }
    await page.getByRole('link', { name: 'Contactos' }).click();
    await page.getByRole('link', { name: 'Duplicados' }).click();
    const group = page.getByTestId('duplicate-group').filter({ hasText: 'oscar@villa.mx' }).first();
    await group.getByRole('button', { name: 'Combinar en el contacto conservado' }).click();
    await expect.poll(() => page.getByText(/Combinados\./).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Contactos' }).click();
    await page.getByPlaceholder('Busca por nombre').fill('villa');
    await expect.poll(() => page.getByTestId('contact-table').locator('tr').count()).toBe(1);
    await context.close();
  });

  it('defines a buyer persona and sees which persona a contact fits, with its score', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@maquinados.mx', 'contraseña segura 1');
    const contactId = await page.evaluate(async () => {
      const session = await (await fetch('/api/auth/session')).json();
      const post = (path: string, body: unknown) =>
        fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify(body),
        }).then((r) => r.json());
      const company = await post('/api/companies', { name: 'Fundición Norte', industry: 'Manufactura', employees: 12 });
      return (
        await post('/api/contacts', {
          name: 'Teresa Fundidora',
          status: 'active',
          companies: [{ companyId: company.id }],
          profile: { preferences: { channels: ['whatsapp'] } },
        })
      ).id as string;
    });
    await page.getByRole('link', { name: 'Personas' }).click();
    await page.getByRole('button', { name: 'Nueva persona' }).click();
    await page.getByLabel('Nombre', { exact: true }).fill('Industrial pequeño');
    const industries = page.getByRole('combobox', { name: 'Giros' });
    await industries.fill('Manufactura');
    await industries.press('Enter');
    await industries.press('Escape');
    await page.getByRole('combobox', { name: 'Canales preferidos' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'WhatsApp' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Guardar persona' }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('persona')
          .filter({ hasText: 'Industrial pequeño' })
          .getByText('1 cliente se parece más a esta')
          .isVisible(),
      )
      .toBe(true);
    await page.goto(`${server.url}/contacts/${contactId}`);
    await expect
      .poll(() => page.getByTestId('persona-fit').textContent())
      .toBe('Buyer persona: Industrial pequeño (100%)');
    await context.close();
  });

  it('logs a phone call from the contact in two clicks; it lands in the inbox with its outcome', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'mariana@maquinados.mx', 'contraseña segura 1');
    await page.getByRole('link', { name: 'Contactos' }).click();
    await page.getByRole('button', { name: 'Nuevo contacto' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nombre').fill('Ing. Tomás Ramírez');
    await dialog.getByLabel('Teléfono').fill('81 8000 1234');
    await dialog.getByRole('button', { name: 'Crear' }).click();
    await page.waitForURL(/\/contacts\/[\w-]+$/);
    await page.getByRole('button', { name: 'Registrar llamada o visita' }).click();
    const log = page.getByRole('dialog');
    await log.getByLabel('Minutos').fill('12');
    await log.getByLabel('Qué se habló o se hizo').fill('Pide cotización de 200 bujes; se envía mañana');
    await log.getByLabel('Resultado').click();
    await page.getByRole('option', { name: 'requiere seguimiento' }).click();
    await log.getByRole('button', { name: 'Registrar' }).click();
    await page.waitForURL(/\/inbox\/[\w-]+$/);
    await expect
      .poll(() => page.getByTestId('logged-activity').textContent())
      .toBe('Llamada · recibida · 12 min · requiere seguimiento');
    await expect
      .poll(() => page.getByTestId('message').getByText('Pide cotización de 200 bujes; se envía mañana').isVisible())
      .toBe(true);
    await context.close();
  });
});
