// The first week of a new company, on both databases: sign up, land on today's page, find a customer with Ctrl+K,
// answer from the inbox, and a teammate's mention rings the bell; an address that leads nowhere says so.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  dialects,
  launchBrowser,
  newContext,
  openNav,
  screenshotDir,
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

/** A JSON request as someone signed in (cookie and CSRF token). */
async function call(
  server: RunningServer,
  session: { cookie: string; csrfToken: string },
  method: string,
  path: string,
  body?: unknown,
) {
  const reply = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.text();
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function signInByApi(server: RunningServer, email: string, password: string) {
  const reply = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (reply.status !== 200) throw new Error(`login: ${reply.status} ${await reply.text()}`);
  const { csrfToken } = (await reply.json()) as { csrfToken: string };
  const cookie = String(reply.headers.getSetCookie().find((c) => c.startsWith('atiende_session='))).split(';')[0]!;
  return { cookie, csrfToken };
}

/** Mariana signs in through the sign-in page and lands on today's page. */
async function signInToToday(page: Page, server: RunningServer) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Correo').fill('mariana@maquinados.mx');
  await page.getByLabel('Contraseña').fill('contraseña segura 1');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(/\/today$/);
}

/** The search palette offers a hit whose name matches. */
const offered = (page: Page, name: RegExp) => page.getByRole('option', { name }).first().isVisible();

async function shot(page: Page, name: string) {
  const dir = screenshotDir();
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

for (const dialect of dialects) {
  describe(`the first week (${dialect})`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(dialect);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('signs up, lands on today, finds a customer with Ctrl+K, answers, and hears of a mention in the bell', async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForURL(/\/setup$/);
      await page.getByLabel('Nombre de la empresa').fill('Maquinados del Norte');
      await page.getByLabel('Tu nombre').fill('Mariana Treviño');
      await page.getByLabel('Correo').fill('mariana@maquinados.mx');
      await page.getByLabel('Contraseña').fill('contraseña segura 1');
      await page.getByRole('button', { name: 'Crear espacio de trabajo' }).click();

      // Today's page is the first screen, and each empty panel says what it will show.
      await page.waitForURL(/\/today$/);
      await expect.poll(() => page.getByRole('heading', { name: 'Hoy', level: 1 }).isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Nada vence hoy.').isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Ningún cliente está en riesgo.').isVisible()).toBe(true);
      // The checklist of a new workspace, and the starter content chosen at sign-up.
      const checklist = page.getByTestId('getting-started');
      await expect.poll(() => checklist.getByText('0 de 7 hechos').first().isVisible()).toBe(true);
      await shot(page, `first-week-${dialect}-1-today-empty`);

      // A teammate joins by invitation (through the API here).
      const owner = await signInByApi(server, 'mariana@maquinados.mx', 'contraseña segura 1');
      const invitation = await call(server, owner, 'POST', '/api/invitations', { role: 'agent' });
      const token = String(invitation.url).split('/invite/')[1];
      await call(server, { cookie: '', csrfToken: '' }, 'POST', `/api/invitations/by-token/${token}/accept`, {
        name: 'Paola Elizondo',
        email: 'paola@maquinados.mx',
        password: 'otra contraseña 22',
      });
      const paola = await signInByApi(server, 'paola@maquinados.mx', 'otra contraseña 22');
      // A customer writes from the website chat.
      const inboxes = (await call(server, owner, 'GET', '/api/inboxes')) as { channel: string; websiteToken: string }[];
      const websiteToken = inboxes.find((i) => i.channel === 'webchat')!.websiteToken;
      const visitor = (await call(server, { cookie: '', csrfToken: '' }, 'POST', '/api/widget/v1/visitors', {
        websiteToken,
        name: 'Ing. Roberto Garza',
        email: 'roberto@tornosgarza.mx',
      })) as { visitorToken: string };
      const sent = await fetch(`${server.url}/api/widget/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken },
        body: JSON.stringify({ body: 'Necesito cotizar 500 bujes de bronce' }),
      });
      expect(sent.status).toBe(201);
      const [conversation] = (await call(server, owner, 'GET', '/api/conversations')).items as {
        id: string;
        contact: { id: string };
      }[];
      const customer = conversation!.contact;

      // Ctrl+K finds the customer by a word of their name, without accents, and Enter opens the profile.
      await page.keyboard.press('Control+K');
      const box = page.getByRole('combobox', { name: 'Buscar en todo' });
      await box.fill('garza');
      await expect.poll(() => offered(page, /Ing\. Roberto Garza/)).toBe(true);
      await shot(page, `first-week-${dialect}-2-search`);
      await box.press('Enter');
      await page.waitForURL(new RegExp(`/contacts/${customer.id}$`));
      await expect.poll(() => page.getByRole('heading', { name: 'Ing. Roberto Garza' }).isVisible()).toBe(true);

      // The search also finds the conversation by what was said in it.
      await page.getByTestId('search-open').click();
      await box.fill('bujes bronce');
      await expect.poll(() => page.getByText('Conversaciones', { exact: true }).isVisible()).toBe(true);
      await page.keyboard.press('Escape');

      // A teammate mentions me: the bell counts it live; opening it marks it read and goes to the conversation.
      await call(server, paola, 'POST', `/api/conversations/${conversation!.id}/messages`, {
        body: '@Mariana ¿le mandamos la cotización hoy?',
        private: true,
      });
      await expect.poll(() => page.getByTestId('bell').getAttribute('aria-label')).toBe('Avisos, 1 sin leer');
      await page.getByTestId('bell').click();
      const notice = page.getByTestId('notice').filter({ hasText: 'Paola Elizondo te mencionó (Ing. Roberto Garza)' });
      await expect.poll(() => notice.isVisible()).toBe(true);
      await shot(page, `first-week-${dialect}-3-bell`);
      await notice.click();
      await page.waitForURL(new RegExp(`/inbox/${conversation!.id}$`));
      // Beside the thread, the customer: their status and tags are changed there.
      const panel = page.getByTestId('customer-panel');
      await expect.poll(() => panel.getByRole('link', { name: 'Ing. Roberto Garza' }).isVisible()).toBe(true);
      await panel.getByLabel('Etiquetas').fill('bujes');
      await panel.getByLabel('Etiquetas').press('Enter');
      await expect
        .poll(async () => (await call(server, owner, 'GET', `/api/contacts/${customer.id}`)).tags)
        .toEqual(['bujes']);
      await page.getByPlaceholder('Escribe tu respuesta al cliente…').fill('Con gusto, hoy le enviamos la cotización.');
      await page.getByRole('button', { name: 'Enviar', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('messages').getByText('Con gusto, hoy le enviamos la cotización.').isVisible())
        .toBe(true);
      await shot(page, `first-week-${dialect}-4-conversation`);
      // A note names a teammate: "@pao" offers Paola Elizondo, Enter writes the whole name, and she is told.
      await page.getByText('Nota interna', { exact: true }).click();
      const note = page.getByPlaceholder('Solo tu equipo ve las notas…');
      await note.fill('@pao');
      await expect.poll(() => page.getByTestId('mentions').getByText('@Paola Elizondo').isVisible()).toBe(true);
      await note.press('Enter');
      await expect.poll(() => note.inputValue()).toBe('@Paola Elizondo ');
      await note.pressSequentially('¿ya tienes el precio del bronce?');
      await page.getByRole('button', { name: 'Agregar nota' }).click();
      await expect
        .poll(async () => (await call(server, paola, 'GET', '/api/notifications')).items[0]?.excerpt)
        .toBe('@Paola Elizondo ¿ya tienes el precio del bronce?');

      await expect.poll(() => page.getByTestId('bell').getAttribute('aria-label')).toBe('Avisos, ninguno sin leer');

      // Today's page: the checklist ticked what was done (a teammate, a customer from the site's chat); the starter labels are there.
      await page.getByRole('link', { name: 'Hoy' }).click();
      await expect.poll(() => checklist.getByText('3 de 7 hechos').first().isVisible()).toBe(true);
      expect(await checklist.getByTestId('step-contacts').getAttribute('data-done')).toBe('true');
      expect(await checklist.getByTestId('step-team').getAttribute('data-done')).toBe('true');
      expect(await checklist.getByTestId('step-website_chat').getAttribute('data-done')).toBe('true');
      expect(await checklist.getByTestId('step-whatsapp').getAttribute('data-done')).toBe('false');
      const labels = (await call(server, owner, 'GET', '/api/labels')) as { name: string }[];
      expect(labels.map((l) => l.name)).toContain('Pendiente de pago');
      await shot(page, `first-week-${dialect}-5-today`);
      await checklist.getByRole('button', { name: 'Ocultar' }).click();
      await expect.poll(() => checklist.count()).toBe(0);

      // An address that leads nowhere says so and offers the way back.
      await page.goto(`${server.url}/contacts-que-no-existen`);
      await expect.poll(() => page.getByRole('heading', { name: 'Esta página no existe' }).isVisible()).toBe(true);
      await page.getByRole('link', { name: 'Ir a Hoy' }).click();
      await page.waitForURL(/\/today$/);
      await context.close();
    });

    it('configures the website chat (colour, corner, greeting, WhatsApp) and sees it on a page', async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signInToToday(page, server);
      await openNav(page, 'Chat del sitio web');
      const look = page.getByTestId('widget-appearance');
      await look.getByLabel('Color').fill('#e8590c');
      await look.getByText('Abajo a la izquierda').click();
      await look.getByLabel('Saludo en español').fill('¡Hola! Somos Maquinados del Norte, ¿qué pieza necesitas?');
      await look.getByLabel('Número de WhatsApp para «Escríbenos por WhatsApp»').fill('81 1234 5678');
      await expect
        .poll(() => page.getByTestId('widget-preview').textContent())
        .toContain('¡Hola! Somos Maquinados del Norte');
      await look.getByRole('button', { name: 'Guardar el aspecto' }).click();
      await expect.poll(() => look.getByText('Guardado', { exact: false }).isVisible()).toBe(true);
      await shot(page, `first-week-${dialect}-7-widget-settings`);
      const snippet = (await page.getByTestId('widget-snippet').textContent())!;
      const website = await startWebsite(snippet);
      try {
        const visitor = await (await newContext(browser)).newPage();
        await visitor.goto(website.url);
        const bubble = visitor.getByRole('button', { name: 'Chatea con nosotros' });
        await expect.poll(async () => (await bubble.boundingBox())?.x ?? 9999).toBeLessThan(100);
        expect(await bubble.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(232, 89, 12)');
        await bubble.click();
        await expect
          .poll(() => visitor.getByText('¡Hola! Somos Maquinados del Norte, ¿qué pieza necesitas?').isVisible())
          .toBe(true);
        expect(await visitor.getByRole('link', { name: 'Escríbenos por WhatsApp' }).getAttribute('href')).toBe(
          'https://wa.me/528112345678',
        );
        await shot(visitor, `first-week-${dialect}-8-widget-on-site`);
      } finally {
        await website.close();
      }
      await context.close();
    });

    it('on a phone: today, the search and the bell fit one hand', async () => {
      const context = await newContext(browser, { phone: true });
      const page = await context.newPage();
      await signInToToday(page, server);
      await expect.poll(() => page.getByRole('heading', { name: 'Hoy', level: 1 }).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, `first-week-${dialect}-5-phone-today`);
      await page.getByTestId('search-open').click();
      await page.getByRole('combobox', { name: 'Buscar en todo' }).fill('roberto');
      await expect.poll(() => offered(page, /Ing\. Roberto Garza/)).toBe(true);
      await shot(page, `first-week-${dialect}-6-phone-search`);
      // The inbox on a phone: conversations first, the filters folded behind one button.
      await page.keyboard.press('Escape');
      await page.goto(`${server.url}/inbox`);
      await expect.poll(() => page.getByTestId('inbox-more-filters').isVisible()).toBe(true);
      await expect.poll(() => page.getByPlaceholder('Etiqueta', { exact: true }).isVisible()).toBe(false);
      await page.getByTestId('inbox-more-filters').click();
      await expect.poll(() => page.getByPlaceholder('Etiqueta', { exact: true }).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await context.close();
    });
  });
}
