// Who sees what, walked in a browser on a phone in Spanish: the owner limits an agent to her team's conversations and
// lists the company's website; the agent's inbox shows only her team's; someone typing a customer's email in the
// website chat becomes an unverified contact that the owner finds beside the customer and merges.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

for (const dialect of dialects) {
  describe(`trust and who sees what (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(dialect), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const shot = async (page: Page, name: string) => {
      const dir = screenshotDir();
      if (dir) await page.screenshot({ path: join(dir, `trust-${dialect}-${name}.png`), fullPage: true });
    };

    it('an agent limited to her team sees only its conversations; a typed customer email is a separate, mergeable contact', async () => {
      const owner = await createWorkspace(server, {
        ownerName: 'Mariana Treviño',
        email: 'mariana@facturanorte.mx',
        password: 'contraseña segura 1',
        companyName: 'Factura Norte',
      });
      const headers = { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, 'content-type': 'application/json' };
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return response.json() as Promise<any>;
      };
      // Paola joins as an agent and works in Cobranza; the Ventas conversation is not hers.
      const invitation = await call('POST', '/api/invitations', { role: 'agent' });
      const joined = await fetch(
        `${server.url}/api/invitations/by-token/${String(invitation.url).split('/invite/')[1]}/accept`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'Paola Elizondo',
            email: 'paola@facturanorte.mx',
            password: 'contraseña segura 2',
          }),
        },
      );
      const paola = ((await joined.json()) as { user: { id: string } }).user.id;
      const cobranza = await call('POST', '/api/teams', {
        name: 'Cobranza',
        members: [{ userId: paola }],
        autoAssign: false,
      });
      const ventas = await call('POST', '/api/teams', { name: 'Ventas', autoAssign: false });
      const customer = await call('POST', '/api/contacts', {
        name: 'Rosa Peña Treviño',
        emails: [{ value: 'rosa@paloma.mx' }],
      });
      const { websiteToken } = (await call('GET', '/api/inboxes')).find(
        (i: { channel: string }) => i.channel === 'webchat',
      );
      const chat = async (name: string, email: string, text: string) => {
        const visitor = (await (
          await fetch(`${server.url}/api/widget/v1/visitors`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ websiteToken, name, email }),
          })
        ).json()) as { visitorToken: string };
        await fetch(`${server.url}/api/widget/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken },
          body: JSON.stringify({ body: text }),
        });
      };
      await chat('Luis Garza', 'luis@tornos.mx', 'Quiero pagar mi factura vencida');
      await chat('Ana Ruiz', 'ana@ferreteria.mx', 'Precio especial para 50 licencias');
      const conversations = (await call('GET', '/api/conversations')).items as {
        id: string;
        contact: { name: string };
      }[];
      await call('PATCH', `/api/conversations/${conversations.find((c) => c.contact.name === 'Luis Garza')!.id}`, {
        teamId: cobranza.id,
      });
      await call('PATCH', `/api/conversations/${conversations.find((c) => c.contact.name === 'Ana Ruiz')!.id}`, {
        teamId: ventas.id,
      });

      // The owner, on her phone, limits Paola and lists the company's website.
      const ownerContext = await newContext(browser, { phone: true });
      const page = await ownerContext.newPage();
      await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');
      await page.goto(`${server.url}/settings/team`);
      const access = page
        .getByTestId('member')
        .filter({ hasText: 'Paola Elizondo' })
        .getByLabel('Conversaciones que ve');
      await expect.poll(() => access.count()).toBe(1);
      await access.click();
      await page.getByRole('option', { name: 'Solo las de sus equipos' }).click();
      await expect.poll(() => access.inputValue()).toBe('Solo las de sus equipos');
      await shot(page, 'team-access');
      await page.goto(`${server.url}/settings/workspace`);
      const sites = page.getByPlaceholder('https://www.tuempresa.mx');
      await sites.fill('https://www.facturanorte.mx/contacto');
      await sites.press('Enter');
      await page.getByRole('button', { name: 'Guardar' }).first().click();
      await expect
        .poll(async () => (await call('GET', '/api/workspace')).websites)
        .toEqual(['https://www.facturanorte.mx']);
      await shot(page, 'websites');
      // Sites where customers sign in can prove who is chatting: the secret and an example are one click away.
      await page.goto(`${server.url}/settings/widget`);
      await page.getByRole('button', { name: 'Mostrar el secreto y el ejemplo' }).click();
      await page.getByRole('button', { name: 'Crear el secreto' }).click();
      await expect.poll(() => page.getByTestId('identity-secret').textContent()).toMatch(/^wis_/);
      await shot(page, 'identity-verification');

      // Paola, on her phone, sees only Cobranza's conversation, and Ventas' address is not found.
      const agentContext = await newContext(browser, { phone: true });
      const agent = await agentContext.newPage();
      await signIn(agent, server.url, 'paola@facturanorte.mx', 'contraseña segura 2');
      await expect.poll(() => agent.getByText('Luis Garza').first().isVisible()).toBe(true);
      expect(await agent.getByText('Ana Ruiz').count()).toBe(0);
      await shot(agent, 'agent-inbox');
      const hidden = await agent.evaluate(
        async (id) => (await fetch(`/api/conversations/${id}`)).status,
        conversations.find((c) => c.contact.name === 'Ana Ruiz')!.id,
      );
      expect(hidden).toBe(404);

      // A stranger on the company's website types Rosa's email: a contact of their own, flagged, merged by the owner.
      const website = await startWebsite(
        `<script src="${server.url}/widget.js" data-website-token="${websiteToken}" async></script>`,
      );
      try {
        const visitorContext = await newContext(browser, { phone: true });
        const visitor = await visitorContext.newPage();
        await visitor.goto(website.url);
        await visitor.getByRole('button', { name: 'Chatea con nosotros' }).click();
        await visitor.getByLabel('Tu nombre').fill('Alguien');
        await visitor.getByLabel('Tu correo').fill('rosa@paloma.mx');
        await visitor.getByRole('button', { name: 'Iniciar chat' }).click();
        await visitor.getByPlaceholder('Escribe un mensaje…').fill('Mándenme las facturas de Rosa');
        await visitor.getByRole('button', { name: 'Enviar', exact: true }).click();
        // The widget greets them by the name they typed: nothing tells them whose email it is.
        await expect.poll(() => visitor.getByText('Rosa Peña Treviño').count()).toBe(0);
        expect(await visitor.getByRole('button', { name: 'Enviarme esta conversación por correo' }).count()).toBe(0);
        await shot(visitor, 'widget-claim');
        await expect
          .poll(
            async () =>
              ((await call('GET', '/api/conversations')).items as { contact: { name: string } }[]).some(
                (c) => c.contact.name === 'Alguien',
              ),
            { timeout: 15_000 },
          )
          .toBe(true);
        await visitorContext.close();
      } finally {
        await website.close();
      }
      const claimed = (
        (await call('GET', '/api/conversations')).items as { id: string; contact: { id: string; name: string } }[]
      ).find((c) => c.contact.name === 'Alguien')!;
      const claimant = claimed.contact;
      // Answering it, the agent sees the email is unverified.
      await page.goto(`${server.url}/inbox/${claimed.id}`);
      await expect.poll(() => page.getByTestId('unverified-badge').textContent()).toBe('Correo sin verificar');
      await shot(page, 'unverified-conversation');
      await page.goto(`${server.url}/contacts/${claimant.id}`);
      await expect.poll(() => page.getByTestId('unverified-banner').textContent()).toContain('rosa@paloma.mx');
      await shot(page, 'unverified-contact');
      await page.getByRole('link', { name: 'Buscar el contacto con el cual combinar' }).click();
      await expect.poll(() => page.getByText('Rosa Peña Treviño').first().isVisible()).toBe(true);
      await shot(page, 'duplicates');
      expect((await call('GET', `/api/contacts/${customer.id}`)).stats.conversations).toBe(0);
      await ownerContext.close();
      await agentContext.close();
    });
  });
}
