// Journeys 1 and 2: the first visit creates the workspace; the owner invites a teammate, signs out and in,
// resets a forgotten password, switches language, and works on a phone-sized screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, launchBrowser, newContext, startServer, openNav } from './harness.js';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('sqlite'), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const owner = {
  name: 'Mariana Treviño',
  email: 'mariana@facturanorte.mx',
  password: 'contraseña segura 1',
  company: 'Factura Norte',
};

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Correo').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

describe('the first visit and the team', () => {
  it('creates the workspace from the first visit, in Spanish', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForURL(/\/setup$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Bienvenido a Atiende' }).isVisible()).toBe(true);
    // The form names what is wrong before anything is sent.
    await page.getByRole('button', { name: 'Crear espacio de trabajo' }).click();
    await expect.poll(() => page.getByText('Al menos 10 caracteres').count()).toBeGreaterThan(1);
    await page.getByLabel('Nombre de la empresa').fill(owner.company);
    await page.getByLabel('Tu nombre').fill(owner.name);
    await page.getByLabel('Correo').fill(owner.email);
    await page.getByLabel('Contraseña').fill(owner.password);
    await page.getByRole('button', { name: 'Crear espacio de trabajo' }).click();
    await page.waitForURL(/\/today$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Hoy', level: 1 }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await expect.poll(() => page.getByText('No hay conversaciones aquí.').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('En vivo');
    await context.close();
  });

  it('invites an agent by link; the agent joins and sees the inbox', async () => {
    const ownerContext = await newContext(browser);
    const page = await ownerContext.newPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(/\/today$/);
    await openNav(page, 'Equipo', { exact: true });
    await page.getByLabel('Rol').first().click();
    await page.getByRole('option', { name: 'Agente' }).click();
    await page.getByRole('button', { name: 'Crear enlace de invitación' }).click();
    const link = (await page.getByTestId('invite-url').textContent())!;
    expect(link).toContain('/invite/');

    const agentContext = await newContext(browser);
    const agent = await agentContext.newPage();
    await agent.goto(link);
    await expect.poll(() => agent.getByText(`Te invitaron a ${owner.company} como Agente.`).isVisible()).toBe(true);
    await agent.getByLabel('Tu nombre').fill('Luis Garza');
    await agent.getByLabel('Correo').fill('luis@facturanorte.mx');
    await agent.getByLabel('Elige una contraseña').fill('otra contraseña 22');
    await agent.getByRole('button', { name: 'Unirme' }).click();
    await agent.waitForURL(/\/today$/);
    // An agent has no settings beyond their own profile.
    expect(await agent.getByRole('link', { name: 'Equipo', exact: true }).count()).toBe(0);
    // The link worked once.
    const again = await (await newContext(browser)).newPage();
    await again.goto(link);
    await expect.poll(() => again.getByText('Este enlace no es válido o ya venció.').isVisible()).toBe(true);

    await page.reload();
    await expect.poll(() => page.getByText('luis@facturanorte.mx').isVisible()).toBe(true);
    await ownerContext.close();
    await agentContext.close();
  });

  it('signs out, resets a forgotten password with the link from the server log, and signs in again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(/\/today$/);
    await page.getByText('Cerrar sesión').click();
    await page.waitForURL(/\/login$/);

    await signIn(page, owner.email, 'no es mi contraseña');
    await expect.poll(() => page.getByText('El correo o la contraseña no son correctos.').isVisible()).toBe(true);

    await page.getByRole('link', { name: '¿Olvidaste tu contraseña?' }).click();
    // The sign-in page's own "Correo" field is still there for a moment: fill the one of the reset page.
    await page.waitForURL(/\/forgot$/);
    await page.getByRole('heading', { name: 'Restablece tu contraseña' }).waitFor();
    await page.getByLabel('Correo').fill(owner.email);
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    await expect.poll(() => page.getByText(/el enlace va en camino/).isVisible()).toBe(true);
    const line = await expect
      .poll(() => server.log.find((l) => l.includes('resetUrl')))
      .toBeTruthy()
      .then(() => server.log.find((l) => l.includes('resetUrl'))!);
    const resetUrl = (JSON.parse(line) as { resetUrl: string }).resetUrl;

    await page.goto(resetUrl);
    await page.getByRole('textbox', { name: 'Contraseña nueva', exact: true }).fill('mi contraseña nueva 3');
    await page.getByLabel('Repite la contraseña nueva').fill('mi contraseña nueva 3');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect.poll(() => page.getByText(/Tu contraseña cambió/).isVisible()).toBe(true);
    owner.password = 'mi contraseña nueva 3';

    // The same link does not work twice.
    await page.goto(resetUrl);
    await page.getByRole('textbox', { name: 'Contraseña nueva', exact: true }).fill('intento repetido 44');
    await page.getByLabel('Repite la contraseña nueva').fill('intento repetido 44');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect.poll(() => page.getByText('Este enlace no es válido o ya venció.').isVisible()).toBe(true);

    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(/\/today$/);
    await context.close();
  });

  it('switches the interface to English, and it stays English after a reload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(/\/today$/);
    await page.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Inbox' }).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('link', { name: 'Contacts', exact: true }).isVisible()).toBe(true);
    await page.getByText('ES', { exact: true }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Bandeja' }).isVisible()).toBe(true);
    await context.close();
  });

  it('works on a phone-sized screen: the menu folds behind a button', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await signIn(page, owner.email, owner.password);
    await page.waitForURL(/\/today$/);
    // Folded away: the navigation sits off-screen until the menu button is pressed.
    const offScreen = async () => {
      const box = await page.getByRole('link', { name: 'Contactos', exact: true }).boundingBox();
      return !box || box.x + box.width <= 0;
    };
    await expect.poll(offScreen).toBe(true);
    await page.getByRole('button', { name: 'Menú' }).click();
    await expect.poll(offScreen).toBe(false);
    await openNav(page, 'Equipo', { exact: true });
    await page.waitForURL(/\/settings\/team$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Equipo', exact: true }).isVisible()).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await context.close();
  });
});
