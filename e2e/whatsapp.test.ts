// The owner connects the company's WhatsApp number; customers write (text and a photo) and the agent answers from the
// inbox, sees the delivery ticks move, and after 24 hours of silence sends an approved template.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GraphStandIn,
  inboundPayload,
  signWebhook,
  startGraphStandIn,
  statusPayload,
} from '../apps/server/src/testing/graph-stand-in.js';
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

const TOKEN = 'EAAG-e2e-token-0123456789';
const SECRET = 'e2e-app-secret-0123456789';
const PHONE_NUMBER_ID = '109876543210987';

let server: RunningServer;
let browser: Browser;
let graph: GraphStandIn;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function webhook(inboxId: string, payload: unknown) {
  const raw = JSON.stringify(payload);
  const response = await fetch(`${server.url}/api/webhooks/whatsapp/${inboxId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(raw, SECRET) },
    body: raw,
  });
  expect(response.status).toBe(200);
}

/** Two days of silence from every customer: the 24-hour window closes. */
async function twoDaysLater() {
  const at = Date.now() - 48 * 3_600_000;
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    await client.query('update conversations set last_incoming_at = $1', [at]);
    await client.end();
    return;
  }
  const db = new Database(join(server.dataDir, 'atiende.sqlite'));
  db.prepare('update conversations set last_incoming_at = ?').run(at);
  db.close();
}

describe.each(dialects)('WhatsApp on %s', (dialect) => {
  beforeAll(async () => {
    graph = await startGraphStandIn(TOKEN);
    server = await startServer(dialect, { WHATSAPP_GRAPH_URL: graph.url });
    await createWorkspace(server, {
      ownerName: 'Paola Elizondo',
      email: 'paola@facturanorte.mx',
      password: 'contraseña segura 1',
      companyName: 'Factura Norte',
      language: 'es',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await graph?.close();
  });

  it('connects a number, receives and answers messages, and uses a template after 24 hours', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'paola@facturanorte.mx', 'contraseña segura 1');

    await openNav(page, 'Canales');
    await page.getByRole('button', { name: 'Conectar WhatsApp' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Identificador del número de teléfono').fill('no es un número');
    await dialog.getByLabel('Token de acceso permanente').fill(TOKEN);
    await dialog.getByLabel('Clave secreta de la app').fill(SECRET);
    await dialog.getByRole('button', { name: 'Conectar' }).click();
    await expect.poll(() => dialog.getByText('Solo dígitos').isVisible()).toBe(true);
    await dialog.getByLabel('Identificador del número de teléfono').fill(PHONE_NUMBER_ID);
    await dialog.getByRole('button', { name: 'Conectar' }).click();
    const webhookUrl = (await page.getByTestId('webhook-url').textContent())!;
    expect(webhookUrl).toMatch(/\/api\/whatsapp\/webhook\/[\w-]+$/);
    const inboxId = webhookUrl.split('/').pop()!;
    const verifyToken = (await page.getByTestId('verify-token').textContent())!;
    const verified = await fetch(`${webhookUrl}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=42`);
    expect(await verified.text()).toBe('42');

    await page.getByLabel('Nombre', { exact: true }).fill('seguimiento_factura');
    await page.getByLabel('Cuerpo').fill('Hola {{1}}, ¿pudiste timbrar la factura {{2}}?');
    await page.getByRole('button', { name: 'Agregar plantilla' }).click();
    await expect.poll(() => page.getByTestId('templates').getByText('seguimiento_factura').isVisible()).toBe(true);

    // A customer writes while the agent has the inbox open: it appears by itself.
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('En vivo');
    graph.media.set('MEDIA-1', { bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), mimeType: 'image/jpeg' });
    await webhook(
      inboxId,
      inboundPayload(PHONE_NUMBER_ID, [
        {
          from: '5218187654321',
          id: 'wamid.E2E1',
          name: 'Luis Garza',
          message: { type: 'text', text: { body: 'No puedo timbrar <b>la factura</b>' } },
        },
        {
          from: '5218187654321',
          id: 'wamid.E2E2',
          name: 'Luis Garza',
          message: { type: 'image', image: { id: 'MEDIA-1', mime_type: 'image/jpeg', caption: 'Este es el error' } },
        },
      ]),
    );
    await expect
      .poll(() => page.getByTestId('conversation-row').first().textContent(), { timeout: 10_000 })
      .toContain('Luis Garza');
    await page.getByTestId('conversation-row').first().click();
    await expect.poll(() => page.getByText('No puedo timbrar <b>la factura</b>').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('img', { name: 'image.jpg' }).isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByLabel('Escribe tu respuesta al cliente…').fill('Hola Luis, revisamos tu certificado.');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => graph.sent.length, { timeout: 10_000 }).toBe(1);
    expect(graph.sent[0]!.body).toMatchObject({
      to: '5218187654321',
      text: { body: 'Hola Luis, revisamos tu certificado.' },
    });
    await expect.poll(() => page.getByTestId('delivery').last().getAttribute('data-status')).toBe('sent');
    await webhook(
      inboxId,
      statusPayload(PHONE_NUMBER_ID, [{ id: 'wamid.STANDIN000001', status: 'read', recipient: '5218187654321' }]),
    );
    await expect.poll(() => page.getByTestId('delivery').last().getAttribute('data-status')).toBe('read');
    // A quote as a PDF: uploaded to Meta and sent as a document.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Adjuntar archivo' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'cotizacion-A123.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 cotizacion'),
    });
    await expect.poll(() => graph.sent.length, { timeout: 10_000 }).toBe(2);
    expect(graph.sent[1]!.body).toMatchObject({ type: 'document', document: { filename: 'cotizacion-A123.pdf' } });
    expect(graph.uploaded.size).toBe(1);

    // The customer reacts to the answer, sends a catalogue order and a colleague's card: each shows for what it is.
    await webhook(
      inboxId,
      inboundPayload(PHONE_NUMBER_ID, [
        {
          from: '5218187654321',
          id: 'wamid.E2E3',
          name: 'Luis Garza',
          message: { type: 'reaction', reaction: { message_id: 'wamid.STANDIN000001', emoji: '👍' } },
        },
        {
          from: '5218187654321',
          id: 'wamid.E2E4',
          name: 'Luis Garza',
          message: {
            type: 'order',
            order: {
              catalog_id: '555',
              text: 'Para el viernes',
              product_items: [
                { product_retailer_id: 'PAQ-100-FOLIOS', quantity: 2, item_price: 450, currency: 'MXN' },
                { product_retailer_id: 'CERT-SELLO', quantity: 1, item_price: 137.5, currency: 'MXN' },
              ],
            },
          },
        },
        {
          from: '5218187654321',
          id: 'wamid.E2E5',
          name: 'Luis Garza',
          message: {
            type: 'contacts',
            contacts: [
              {
                name: { formatted_name: 'Marta Garza', first_name: 'Marta' },
                org: { company: 'Garza Refacciones' },
                phones: [{ phone: '+52 81 2222 3333', wa_id: '5218122223333', type: 'CELL' }],
                emails: [{ email: 'marta@garzarefacciones.mx', type: 'WORK' }],
              },
            ],
          },
        },
      ]),
    );
    await expect.poll(() => page.getByTestId('reactions').first().textContent(), { timeout: 10_000 }).toBe('👍');
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('Total $1,037.50');
    await page.getByTestId('shared-contact').getByRole('button', { name: 'Agregar a contactos' }).click();
    await expect.poll(() => page.getByText('Agregado: abrir el contacto').isVisible()).toBe(true);
    if (screenshotDir()) await page.screenshot({ path: `${screenshotDir()}/whatsapp-types-${dialect}.png` });
    await page.getByTestId('order').getByRole('button', { name: 'Crear cotización' }).click();
    await expect.poll(() => page.url()).toContain('/quotes?open=');
    await expect
      .poll(() => page.getByRole('dialog').getByLabel('Descripción').first().inputValue())
      .toBe('PAQ-100-FOLIOS');
    await page.goBack();

    // Two days later the window is closed: only the template can go.
    await twoDaysLater();
    await page.reload();
    await expect.poll(() => page.getByTestId('template-picker').isVisible()).toBe(true);
    await page.getByRole('combobox', { name: 'Plantilla' }).click();
    await page.getByRole('option', { name: 'seguimiento_factura (es_MX)' }).click();
    await page.getByLabel('{{1}}').fill('Luis');
    await page.getByLabel('{{2}}').fill('A-123');
    await expect
      .poll(() => page.getByTestId('template-preview').textContent())
      .toBe('Hola Luis, ¿pudiste timbrar la factura A-123?');
    await page.getByRole('button', { name: 'Enviar plantilla' }).click();
    await expect.poll(() => graph.sent.length, { timeout: 10_000 }).toBe(3);
    expect(graph.sent[2]!.body).toMatchObject({
      type: 'template',
      template: { name: 'seguimiento_factura', language: { code: 'es_MX' } },
    });
    await context.close();
  });
});
