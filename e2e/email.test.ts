// The owner connects the support mailbox; a customer's email shows up in the open inbox by itself, the agent reads
// it (as text, or formatted in a sandboxed frame), answers, and the customer's reply lands in the same conversation.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImapServer, hasDovecot, startImapServer } from '../apps/server/src/testing/imap-server.js';
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

describe.skipIf(!hasDovecot).each(dialects)('email on %s', (dialect) => {
  let server: RunningServer;
  let browser: Browser;
  let imap: ImapServer;
  let smtp: SMTPServer;
  let smtpPort: number;
  const sent: string[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => (sent.push(Buffer.concat(chunks).toString()), callback()));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    imap = await startImapServer('soporte@facturanorte.mx', 'buzon-secreto-1');
    [server, browser] = await Promise.all([
      startServer(dialect, { EMAIL_POLL_SECONDS: '5', MAIL_ALLOW_PRIVATE_HOSTS: '1' }),
      launchBrowser(),
    ]);
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
    await imap?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  });

  it('connects a mailbox, receives an email live, answers it, and threads the reply', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, server.url, 'paola@facturanorte.mx', 'contraseña segura 1');

    await openNav(page, 'Canales');
    await page.getByRole('button', { name: 'Conectar correo' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Dirección a la que escriben los clientes').fill('soporte@facturanorte.mx');
    await dialog.getByLabel('Nombre del remitente (opcional)').fill('Soporte Factura Norte');
    for (const [legend, port, password] of [
      ['Correo entrante (IMAP)', imap.port, imap.password],
      ['Correo saliente (SMTP)', smtpPort, 'smtp-secreto'],
    ] as const) {
      const group = dialog.getByRole('group', { name: legend });
      await group.getByLabel('Servidor').fill(legend.includes('IMAP') ? 'imap mal escrito' : '127.0.0.1');
      await group.getByRole('textbox', { name: 'Puerto' }).fill(String(port));
      await group.getByLabel('TLS desde el inicio (puertos 993 y 465)').uncheck();
      await group.getByLabel('Usuario').fill('soporte@facturanorte.mx');
      await group.getByLabel('Contraseña').fill(password);
    }
    await dialog.getByRole('button', { name: 'Conectar' }).click();
    // A bad server name is named next to its field, and nothing is created.
    await expect.poll(() => dialog.getByText('Un nombre de servidor como imap.ejemplo.com').isVisible()).toBe(true);
    await dialog.getByRole('group', { name: 'Correo entrante (IMAP)' }).getByLabel('Servidor').fill('127.0.0.1');
    await dialog.getByRole('button', { name: 'Conectar' }).click();
    await expect
      .poll(() => page.getByTestId('email-address').textContent())
      .toBe('Soporte Factura Norte <soporte@facturanorte.mx>');
    if (screenshotDir()) await page.screenshot({ path: `${screenshotDir()}/email-settings-${dialect}.png` });

    // The customer writes while the inbox is open: the mailbox is read by itself and the conversation appears.
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('En vivo');
    await imap.deliver(
      [
        'From: Rosa Peña <rosa@lapaloma.mx>',
        'To: soporte@facturanorte.mx',
        'Subject: Factura rechazada por el SAT',
        'Message-ID: <rosa-1@lapaloma.mx>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hola, el SAT rechazó la factura A-1024.',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Hola, el SAT rechazó la factura <b>A-1024</b>.</p><script>parent.document.title="hacked"</script><img src="https://tracker.example/p.gif">',
        '',
        '--b--',
        '',
      ].join('\r\n'),
    );
    await expect
      .poll(() => page.getByTestId('conversation-row').first().textContent(), { timeout: 20_000 })
      .toContain('Factura rechazada por el SAT');
    await page.getByTestId('conversation-row').first().click();
    await expect
      .poll(() => page.getByTestId('email-text').first().textContent())
      .toBe('Hola, el SAT rechazó la factura A-1024.');
    await page.getByRole('button', { name: 'Ver con formato' }).click();
    const frame = page.frameLocator('[data-testid="email-html"]');
    await expect.poll(() => frame.getByText('A-1024').isVisible()).toBe(true);
    expect(await page.title()).not.toBe('hacked');

    await page
      .getByLabel('Escribe tu respuesta al cliente…')
      .fill('Hola Rosa, el RFC del receptor no coincide; ya lo corregimos.');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => sent.length, { timeout: 15_000 }).toBe(1);
    const answer = await simpleParser(sent[0]!);
    expect(answer.subject).toBe('Re: Factura rechazada por el SAT');
    expect(answer.inReplyTo).toBe('<rosa-1@lapaloma.mx>');
    await expect.poll(() => page.getByTestId('delivery').last().getAttribute('data-status')).toBe('sent');

    // Her reply names our Message-ID: it lands in this conversation, live.
    await imap.deliver(
      `From: Rosa Peña <rosa@lapaloma.mx>\r\nTo: soporte@facturanorte.mx\r\nSubject: Re: Factura rechazada por el SAT\r\nMessage-ID: <rosa-2@lapaloma.mx>\r\nIn-Reply-To: ${answer.messageId}\r\nReferences: <rosa-1@lapaloma.mx> ${answer.messageId}\r\n\r\n¡Gracias, ya quedó!\r\n`,
    );
    await expect
      .poll(() => page.getByTestId('email-text').filter({ hasText: '¡Gracias, ya quedó!' }).isVisible(), {
        timeout: 20_000,
      })
      .toBe(true);
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(1);
    if (screenshotDir()) await page.screenshot({ path: `${screenshotDir()}/email-conversation-${dialect}.png` });

    // Writing first, from her profile: a new conversation with its own subject.
    await page.getByTestId('conversation-contact').click();
    await page.getByRole('button', { name: 'Escribir correo' }).click();
    const compose = page.getByRole('dialog');
    await compose.getByLabel('Asunto').fill('Renovación de su plan anual');
    await compose.getByLabel('Mensaje').fill('Hola Rosa, su plan vence el 15 de diciembre.');
    await compose.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => sent.length, { timeout: 15_000 }).toBe(2);
    expect((await simpleParser(sent[1]!)).subject).toBe('Renovación de su plan anual');
    await expect.poll(() => page.getByTestId('conversation-contact').textContent()).toBe('Rosa Peña');
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(2);

    // Her server bounces that mail: the thread says so, the mail shows not delivered, her address is flagged.
    const renewal = await simpleParser(sent[1]!);
    await imap.deliver(
      readFileSync(
        new URL('../apps/server/src/modules/channels/email/fixtures/dsn-postfix-hard.eml', import.meta.url),
        'utf8',
      )
        .replaceAll('{{OUR_MESSAGE_ID}}', renewal.messageId!)
        .replaceAll('rosa@paloma.mx', 'rosa@lapaloma.mx')
        .replace(/\r?\n/g, '\r\n'),
    );
    await expect
      .poll(() => page.getByTestId('notice').textContent(), { timeout: 20_000 })
      .toContain('El correo no se entregó a rosa@lapaloma.mx');
    await expect.poll(() => page.getByTestId('delivery').last().getAttribute('data-status')).toBe('failed');
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(2);
    if (screenshotDir()) await page.screenshot({ path: `${screenshotDir()}/email-bounce-${dialect}.png` });
    await page.getByTestId('conversation-contact').click();
    await expect.poll(() => page.getByTestId('email-bounce').textContent()).toBe('Rebotó');
    await page.getByRole('button', { name: 'Ya funciona' }).click();
    await expect.poll(() => page.getByTestId('email-bounce').count()).toBe(0);
    await context.close();
  });
});
