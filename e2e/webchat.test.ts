// Journey 3: a visitor on the company's website chats with an agent, live both ways, on SQLite and PostgreSQL.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, launchBrowser, newContext, startServer, startWebsite, openNav } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe.each(dialects)('website chat on %s', (dialect) => {
  it('the visitor writes, the agent sees it live and answers, the visitor sees the answer live and after a reload', async () => {
    const server = await startServer(dialect);
    try {
      const setup = await fetch(`${server.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ownerName: 'Paola Elizondo',
          email: 'paola@facturanorte.mx',
          password: 'contraseña segura 1',
          companyName: 'Factura Norte',
          language: 'es',
        }),
      });
      expect(setup.status).toBe(201);
      // A published privacy notice is linked from the pre-chat form.
      const { csrfToken } = (await setup.json()) as { csrfToken: string };
      const notice = await fetch(`${server.url}/api/privacy/notice`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: String(setup.headers.get('set-cookie')).split(';')[0]!,
          'x-csrf-token': csrfToken,
        },
        body: JSON.stringify({
          body: 'Factura Norte es responsable de tus datos personales.',
          purposes: [{ key: 'service', name: 'Atenderte', kind: 'primary' }],
        }),
      });
      expect(notice.status).toBe(201);

      // The agent signs in and copies the snippet from the settings.
      const agentContext = await newContext(browser);
      const agent = await agentContext.newPage();
      const dialogs: string[] = [];
      agent.on('dialog', (d) => void dialogs.push(d.message()));
      await agent.goto(`${server.url}/login`);
      await agent.getByLabel('Correo').fill('paola@facturanorte.mx');
      await agent.getByLabel('Contraseña').fill('contraseña segura 1');
      await agent.getByRole('button', { name: 'Entrar' }).click();
      await agent.waitForURL(/\/today$/);
      await openNav(agent, 'Chat del sitio web');
      const snippet = (await agent.getByTestId('widget-snippet').textContent())!;
      expect(snippet).toMatch(
        /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-website-token="[\w-]+" async><\/script>$/,
      );
      const website = await startWebsite(snippet);
      await agent.getByRole('link', { name: 'Bandeja' }).click();
      await expect.poll(() => agent.getByTestId('live-state').textContent()).toBe('En vivo');

      // A visitor on the website opens the bubble, leaves name and email, and writes.
      const visitorContext = await newContext(browser);
      const visitor = await visitorContext.newPage();
      visitor.on('dialog', (d) => void dialogs.push(d.message()));
      await visitor.goto(website.url);
      await visitor.getByRole('button', { name: 'Chatea con nosotros' }).click();
      await expect.poll(() => visitor.getByText('Estamos en línea').isVisible()).toBe(true);
      // The host page's CSS does not reach into the widget.
      const fontSize = await visitor
        .getByRole('button', { name: 'Iniciar chat' })
        .evaluate((el) => getComputedStyle(el).fontSize);
      expect(fontSize).not.toBe('40px');
      expect(await visitor.getByRole('link', { name: 'Consúltalo' }).getAttribute('href')).toMatch(
        /\/privacy\/[\w-]+$/,
      );
      await visitor.getByRole('button', { name: 'Iniciar chat' }).click();
      await expect.poll(() => visitor.getByText('Escribe tu nombre, por favor.').isVisible()).toBe(true);
      await visitor.getByLabel('Tu nombre').fill('Rosa Peña');
      await visitor.getByLabel('Tu correo').fill('rosa@lapaloma.mx');
      await visitor.getByRole('button', { name: 'Iniciar chat' }).click();
      await visitor
        .getByPlaceholder('Escribe un mensaje…')
        .fill('Hola, no puedo timbrar mi factura <img src=x onerror=alert(1)>');
      await visitor.getByRole('button', { name: 'Enviar', exact: true }).click();

      // It appears in the agent's inbox without a reload.
      const row = agent.getByTestId('conversation-row').filter({ hasText: 'Rosa Peña' });
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      await row.click();
      await expect
        .poll(() =>
          agent
            .getByTestId('message')
            .filter({ hasText: 'no puedo timbrar mi factura <img src=x onerror=alert(1)>' })
            .count(),
        )
        .toBe(1);
      // Each side sees the other writing.
      await agent.getByPlaceholder('Escribe tu respuesta al cliente…').pressSequentially('Con gusto');
      await expect
        .poll(() => visitor.getByText('Factura Norte está escribiendo…').isVisible(), { timeout: 10_000 })
        .toBe(true);
      await agent.getByPlaceholder('Escribe tu respuesta al cliente…').fill('Con gusto, Rosa. ¿Qué error le aparece?');
      await agent.getByRole('button', { name: 'Enviar' }).click();

      // The visitor sees the answer live, and again after reloading the page.
      await expect
        .poll(() => visitor.getByText('Con gusto, Rosa. ¿Qué error le aparece?').isVisible(), { timeout: 10_000 })
        .toBe(true);
      await visitor.reload();
      await visitor.getByRole('button', { name: 'Chatea con nosotros' }).click();
      await expect.poll(() => visitor.getByText('Con gusto, Rosa. ¿Qué error le aparece?').isVisible()).toBe(true);
      expect(await visitor.getByText('Hola, no puedo timbrar mi factura', { exact: false }).count()).toBe(1);
      expect(await visitor.getByLabel('Tu nombre').count()).toBe(0);

      // The agent's screen keeps up with a second message, too.
      await visitor.getByPlaceholder('Escribe un mensaje…').pressSequentially('Me sale');
      await expect
        .poll(() => agent.getByTestId('typing').textContent(), { timeout: 10_000 })
        .toBe('Rosa Peña está escribiendo…');
      await visitor.getByPlaceholder('Escribe un mensaje…').fill('Me sale CFDI40102');
      await visitor.getByRole('button', { name: 'Enviar', exact: true }).click();
      await expect.poll(() => agent.getByTestId('message').filter({ hasText: 'Me sale CFDI40102' }).count()).toBe(1);
      // Files both ways: the visitor attaches a screenshot, the agent answers with a guide.
      await visitor.locator('input[type=file]').setInputFiles({
        name: 'error-sat.png',
        mimeType: 'image/png',
        buffer: Buffer.from(
          '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6f1d9f50000000049454e44ae426082',
          'hex',
        ),
      });
      await expect
        .poll(() => agent.getByRole('img', { name: 'error-sat.png' }).isVisible(), { timeout: 10_000 })
        .toBe(true);
      await agent.getByPlaceholder('Escribe tu respuesta al cliente…').fill('Sigue esta guía');
      const chooser = agent.waitForEvent('filechooser');
      await agent.getByRole('button', { name: 'Adjuntar archivo' }).click();
      await (
        await chooser
      ).setFiles({ name: 'guia-cfdi.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 guia') });
      await expect.poll(() => visitor.getByText('📎 guia-cfdi.pdf').isVisible(), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => visitor.getByText('Sigue esta guía').isVisible()).toBe(true);
      const download = visitor.waitForEvent('download');
      await visitor.getByText('📎 guia-cfdi.pdf').click();
      expect((await download).suggestedFilename()).toBe('guia-cfdi.pdf');
      // The visitor asks for the conversation by email.
      await visitor.getByRole('button', { name: 'Enviarme esta conversación por correo' }).click();
      await expect.poll(() => visitor.getByText('Va en camino a rosa@lapaloma.mx').isVisible()).toBe(true);

      // With nobody online, the widget says when the team is back (closed now: the next opening in the visitor's own
      // time) or when it usually answers (open, but nobody at the console), and still takes the message.
      await agentContext.close();
      await visitor.reload();
      await visitor.getByRole('button', { name: 'Chatea con nosotros' }).click();
      const token = /data-website-token="([\w-]+)"/.exec(snippet)![1]!;
      const config = await (await fetch(`${server.url}/api/widget/v1/config?websiteToken=${token}`)).json();
      await expect
        .poll(() =>
          visitor
            .getByText(
              config.nextOpenAt ? /Volvemos el .+ \(tu hora\)/ : /Solemos responder: Lunes a viernes 09:00 a 18:00/,
            )
            .isVisible(),
        )
        .toBe(true);
      await expect.poll(() => visitor.getByText(/Ahora no estamos disponibles/).isVisible()).toBe(true);
      await visitor.getByPlaceholder('Escribe un mensaje…').fill('¿Siguen ahí?');
      await visitor.getByRole('button', { name: 'Enviar', exact: true }).click();
      await expect
        .poll(() => visitor.locator('.message:not(.pending)').filter({ hasText: '¿Siguen ahí?' }).count())
        .toBe(1);

      expect(dialogs).toEqual([]);
      await visitorContext.close();
      await website.close();
    } finally {
      await server.stop();
    }
  });
});
