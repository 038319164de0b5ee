// The email channel against real servers: Dovecot for IMAP (the mailbox customers write to) and an smtp-server peer
// for what agents answer. Threads follow our signed Message-IDs, never the subject.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ImapServer, hasDovecot, startImapServer } from '../../../testing/imap-server.js';
import { fixture } from './fixtures/fixture.js';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp } from '../../../testing/harness.js';

if (!hasDovecot) console.warn('!!! SKIPPING email channel tests: no Dovecot (apt-get install dovecot-imapd)');

describe.skipIf(!hasDovecot)('email inbox', () => {
  let imap: ImapServer;
  let smtp: SMTPServer;
  let smtpPort: number;
  let sent: { to: string[]; raw: string }[];
  let reject: string | null;
  let test: TestApp;
  let owner: Client;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username });
      },
      onRcptTo(address, _session, callback) {
        if (reject && address.address === reject)
          return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on(
          'end',
          () => (
            sent.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString() }),
            callback()
          ),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(resolve));
  });
  beforeEach(async () => {
    sent = [];
    reject = null;
    imap = await startImapServer();
    test = await startTestApp({ emailMaxBytes: 200_000 });
    // The local Dovecot and SMTP stand-in are on this machine, as an on-premises mail server would be.
    test.ctx.config.mailAllowPrivateHosts = true;
    owner = await ownerOf(test);
  });
  afterEach(async () => {
    await test.close();
    await imap.close();
  });

  async function connect(password = imap.password) {
    const created = await owner.post('/api/inboxes/email', {
      name: 'Soporte',
      address: 'soporte@acme.test',
      displayName: 'Soporte Acme',
      imap: { host: imap.host, port: imap.port, secure: false, user: imap.user, password },
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: 'soporte@acme.test', password: 'smtp-secret' },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }
  const check = async (inboxId: string) =>
    (await owner.post(`/api/inboxes/${inboxId}/email/check`)).body as {
      fetched: number;
      stored: number;
      error: string | null;
    };
  const mail = (headers: Record<string, string>, body: string) =>
    `${Object.entries({
      From: 'Rosa Peña <rosa@paloma.mx>',
      To: 'soporte@acme.test',
      Date: 'Tue, 01 Dec 2026 10:00:00 -0600',
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=utf-8',
      ...headers,
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`;
  const conversations = async () =>
    (await owner.get('/api/conversations?status=all')).body.items as {
      id: string;
      subject: string | null;
      contact: { name: string; email: string };
    }[];
  const messagesOf = async (id: string) =>
    (await owner.get(`/api/conversations/${id}/messages`)).body as {
      id: string;
      body: string;
      kind: string;
      direction: string;
      senderType: string;
      metadata: Record<string, unknown>;
      attachments: { name: string; contentType: string; url: string }[];
      deliveryStatus: string | null;
      deliveryError: string | null;
    }[];

  it('is connected by an admin only, with every field checked, and never shows its passwords', async () => {
    const agent = await memberOf(test, owner, 'agent');
    expect(
      (
        await agent.post('/api/inboxes/email', {
          name: 'x',
          address: 'a@b.mx',
          imap: { host: 'a.b', port: 143, secure: false, user: 'u', password: 'p' },
          smtp: { host: 'a.b', port: 25, secure: false, user: 'u', password: 'p' },
        })
      ).status,
    ).toBe(403);
    const bad = await owner.post('/api/inboxes/email', {
      name: 'x',
      address: 'not-an-email',
      imap: { host: 'imap example', port: 99999, secure: false, user: 'u', password: 'p' },
      smtp: { host: 'smtp.example.com', port: 587, secure: false, user: 'u' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'address',
      'imap.host',
      'imap.port',
      'smtp.password',
    ]);
    expect((await test.ctx.db.selectFrom('inboxes').select('id').where('channel', '=', 'email').execute()).length).toBe(
      0,
    );
    const id = await connect();
    const listed = (await owner.get('/api/inboxes')).body.find((i: { id: string }) => i.id === id);
    expect(listed.email).toMatchObject({
      address: 'soporte@acme.test',
      imap: { host: '127.0.0.1', hasPassword: true },
      smtp: { hasPassword: true },
    });
    expect(JSON.stringify(listed)).not.toContain(imap.password);
    expect(JSON.stringify(listed)).not.toContain('smtp-secret');
    // Changing the name keeps both passwords.
    const renamed = await owner.patch(`/api/inboxes/${id}/email`, {
      name: 'Soporte técnico',
      smtp: { port: smtpPort },
    });
    expect(renamed.body.email.smtp.hasPassword).toBe(true);
    expect(
      (
        await owner.post('/api/inboxes/email', {
          name: 'Otra',
          address: 'soporte@acme.test',
          imap: { host: 'a.b', port: 143, secure: false, user: 'u', password: 'p' },
          smtp: { host: 'a.b', port: 25, secure: false, user: 'u', password: 'p' },
        })
      ).body.error.fields[0].path,
    ).toBe('address');
    // Another workspace does not see or touch it.
    const other = await ownerOf(test);
    expect((await other.patch(`/api/inboxes/${id}/email`, { name: 'mine' })).status).toBe(404);
    expect((await other.post(`/api/inboxes/${id}/email/check`)).status).toBe(404);
  });

  it('reads new mail into a conversation of the sender, once, however often the mailbox is read', async () => {
    const id = await connect();
    await imap.deliver(
      mail(
        { Subject: 'Factura rechazada', 'Message-ID': '<m1@paloma.mx>' },
        'Hola, el SAT rechazó mi factura 1024.\r\n\r\nRosa',
      ),
    );
    expect(await check(id)).toEqual({ fetched: 1, stored: 1, error: null });
    const [conversation] = await conversations();
    expect(conversation).toMatchObject({
      subject: 'Factura rechazada',
      contact: { name: 'Rosa Peña', email: 'rosa@paloma.mx' },
    });
    const [message] = await messagesOf(conversation!.id);
    expect(message).toMatchObject({
      kind: 'email',
      direction: 'incoming',
      body: 'Hola, el SAT rechazó mi factura 1024.\n\nRosa',
      metadata: { subject: 'Factura rechazada', from: 'rosa@paloma.mx' },
    });
    expect(await check(id)).toEqual({ fetched: 0, stored: 0, error: null });
    // The same mail delivered twice (a second copy in the mailbox) is one message.
    await imap.deliver(
      mail(
        { Subject: 'Factura rechazada', 'Message-ID': '<m1@paloma.mx>' },
        'Hola, el SAT rechazó mi factura 1024.\r\n\r\nRosa',
      ),
    );
    expect(await check(id)).toEqual({ fetched: 1, stored: 0, error: null });
    expect(await messagesOf(conversation!.id)).toHaveLength(1);
    expect(await conversations()).toHaveLength(1);
  });

  it('answers over SMTP with a signed Message-ID, and the reply threads by it, not by subject', async () => {
    const id = await connect();
    await imap.deliver(
      mail({ Subject: 'Factura rechazada', 'Message-ID': '<m1@paloma.mx>' }, 'El SAT rechazó mi factura.'),
    );
    await check(id);
    const [conversation] = await conversations();
    const answer = await owner.post(`/api/conversations/${conversation!.id}/messages`, {
      body: 'Hola Rosa, revisa el RFC del receptor.',
    });
    expect(answer.body.deliveryStatus).toBe('pending');
    await test.ctx.jobs.drain();
    expect(sent).toHaveLength(1);
    const out = await simpleParser(sent[0]!.raw);
    expect(sent[0]!.to).toEqual(['rosa@paloma.mx']);
    expect(out.subject).toBe('Re: Factura rechazada');
    expect(out.from?.value[0]).toMatchObject({ name: 'Soporte Acme', address: 'soporte@acme.test' });
    expect(out.inReplyTo).toBe('<m1@paloma.mx>');
    expect(out.text?.trim()).toBe('Hola Rosa, revisa el RFC del receptor.');
    expect(out.messageId).toMatch(new RegExp(`^<${answer.body.id}\\.[0-9a-f]{24}@acme\\.test>$`));
    expect((await messagesOf(conversation!.id)).find((m) => m.id === answer.body.id)?.deliveryStatus).toBe('sent');

    // Her reply names our Message-ID under another subject: same conversation, quoted history cut.
    await imap.deliver(
      mail(
        {
          Subject: 'otra cosa',
          'Message-ID': '<m2@paloma.mx>',
          'In-Reply-To': out.messageId!,
          References: `<m1@paloma.mx> ${out.messageId}`,
        },
        'Listo, ya salió.\r\n\r\nEl mar, 1 dic 2026 a las 10:05, Soporte Acme escribió:\r\n> Hola Rosa, revisa el RFC del receptor.',
      ),
    );
    // A new mail with the very same subject but no references is a new thread; so is one naming a forged id of ours.
    await imap.deliver(
      mail({ Subject: 'Re: Factura rechazada', 'Message-ID': '<m3@paloma.mx>' }, 'Tengo otra factura con problema.'),
    );
    await imap.deliver(
      mail(
        {
          Subject: 'Hola',
          'Message-ID': '<m4@paloma.mx>',
          'In-Reply-To': out.messageId!.replace(/\.[0-9a-f]{4}/, '.0000'),
        },
        'Intento colarme.',
      ),
    );
    expect(await check(id)).toMatchObject({ stored: 3 });
    const thread = await messagesOf(conversation!.id);
    expect(thread.map((m) => m.body)).toEqual([
      'El SAT rechazó mi factura.',
      'Hola Rosa, revisa el RFC del receptor.',
      'Listo, ya salió.',
    ]);
    expect(thread[2]!.metadata.quoted).toContain('Hola Rosa, revisa el RFC del receptor.');
    expect(await conversations()).toHaveLength(3);

    // An answer with a file carries it, and answers her latest mail.
    const file = await test.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation!.id}/attachments?caption=Cotizaci%C3%B3n`,
      payload: Buffer.from('%PDF-1.4'),
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'application/pdf',
        'x-file-name': 'cotizacion.pdf',
      },
    });
    expect(file.statusCode).toBe(201);
    await test.ctx.jobs.drain();
    const second = await simpleParser(sent[1]!.raw);
    expect(second.inReplyTo).toBe('<m2@paloma.mx>');
    expect(second.text?.trim()).toBe('Cotización');
    expect(second.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['cotizacion.pdf', '%PDF-1.4']]);
  });

  it('flags a sender the mail server could not verify and never threads it into a conversation (spoofed reply)', async () => {
    const id = await connect();
    const passed =
      'mx.acme.test; spf=pass smtp.mailfrom=paloma.mx; dkim=pass header.d=paloma.mx; dmarc=pass header.from=paloma.mx';
    await imap.deliver(
      mail(
        { Subject: 'Factura', 'Message-ID': '<s1@paloma.mx>', 'Authentication-Results': passed },
        'Hola, ¿me mandan la factura?',
      ),
    );
    await check(id);
    const [conversation] = await conversations();
    await owner.post(`/api/conversations/${conversation!.id}/messages`, { body: 'Hola Rosa, aquí está.' });
    await test.ctx.jobs.drain();
    const ours = (await simpleParser(sent.at(-1)!.raw)).messageId!;
    // Somebody who saw our mail writes as Rosa, answering it; their own "pass" header below the server's is ignored.
    await imap.deliver(
      mail(
        {
          Subject: 'Re: Factura',
          'Message-ID': '<s2@evil.example>',
          'In-Reply-To': ours,
          'Authentication-Results':
            'mx.acme.test; spf=fail smtp.mailfrom=paloma.mx; dkim=none; dmarc=fail header.from=paloma.mx',
          'authentication-results': passed,
        },
        'Cambiamos de banco: depositen a la cuenta 0123.',
      ),
    );
    // The real Rosa answers too.
    await imap.deliver(
      mail(
        {
          Subject: 'Re: Factura',
          'Message-ID': '<s3@paloma.mx>',
          'In-Reply-To': ours,
          'Authentication-Results': passed,
        },
        'Gracias, la recibí.',
      ),
    );
    expect(await check(id)).toMatchObject({ stored: 2 });
    expect((await messagesOf(conversation!.id)).map((m) => [m.body, m.metadata.senderUnverified ?? false])).toEqual([
      ['Hola, ¿me mandan la factura?', false],
      ['Hola Rosa, aquí está.', false],
      ['Gracias, la recibí.', false],
    ]);
    const apart = (await conversations()).find((c) => c.id !== conversation!.id)!;
    expect((await messagesOf(apart.id)).map((m) => [m.body, m.metadata.senderUnverified])).toEqual([
      ['Cambiamos de banco: depositen a la cuenta 0123.', true],
    ]);
  });

  it('a stranger naming a customer’s own Message-ID starts a thread of their own; the customer and (if allowed) a colleague join hers', async () => {
    const id = await connect();
    await imap.deliver(
      mail({ Subject: 'Factura rechazada', 'Message-ID': '<m1@paloma.mx>' }, 'El SAT rechazó mi factura.'),
    );
    await check(id);
    const [rosa] = await conversations();
    // Ramón works at the same company as Rosa; Eve does not.
    const company = (await owner.post('/api/companies', { name: 'Zapatería La Paloma' })).body;
    const rosaContact = (await owner.get(`/api/conversations/${rosa!.id}`)).body.contact;
    await owner.patch(`/api/contacts/${rosaContact.id}`, { companies: [{ companyId: company.id }] });
    await owner.post('/api/contacts', {
      name: 'Ramón Peña',
      emails: [{ value: 'ramon@paloma.mx' }],
      companies: [{ companyId: company.id }],
    });
    const reply = (from: string, messageId: string, body: string) =>
      mail(
        {
          From: from,
          Subject: 'Re: Factura rechazada',
          'Message-ID': messageId,
          'In-Reply-To': '<m1@paloma.mx>',
          References: '<m1@paloma.mx>',
        },
        body,
      );
    await imap.deliver(
      reply('Eve <eve@elsewhere.example>', '<e1@elsewhere.example>', 'Soy de la Paloma, mándenme las facturas aquí'),
    );
    await imap.deliver(reply('Rosa Peña <rosa@paloma.mx>', '<m2@paloma.mx>', 'Olvidé el adjunto'));
    await imap.deliver(reply('Ramón Peña <ramon@paloma.mx>', '<r1@paloma.mx>', 'Yo también la necesito'));
    expect(await check(id)).toMatchObject({ stored: 3 });
    const thread = await messagesOf(rosa!.id);
    expect(thread.map((m) => m.metadata.from)).toEqual(['rosa@paloma.mx', 'rosa@paloma.mx', 'ramon@paloma.mx']);
    const all = await conversations();
    expect(all).toHaveLength(2);
    expect(all.find((c) => c.id !== rosa!.id)!.contact.email).toBe('eve@elsewhere.example');
    // The agent's answer in Rosa's thread names only her thread's ids.
    await owner.post(`/api/conversations/${rosa!.id}/messages`, { body: 'Listo, Rosa.' });
    await test.ctx.jobs.drain();
    const out = await simpleParser(sent.at(-1)!.raw);
    expect(JSON.stringify([out.inReplyTo, out.references])).not.toContain('elsewhere.example');
    // An inbox that does not let colleagues join: Ramón's next reply to Rosa's mail opens a thread of its own.
    await owner.patch(`/api/inboxes/${id}/email`, { threadColleagues: false });
    expect((await owner.get('/api/inboxes')).body.find((i: { id: string }) => i.id === id).email.threadColleagues).toBe(
      false,
    );
    await imap.deliver(reply('Ramón Peña <ramon@paloma.mx>', '<r2@paloma.mx>', 'Otra vez yo'));
    await check(id);
    expect(await messagesOf(rosa!.id)).toHaveLength(4);
    expect(await conversations()).toHaveLength(3);
  });

  it('lets an agent write first: a new conversation with its subject, and the reply threads into it', async () => {
    const id = await connect();
    const rosa = (await owner.post('/api/contacts', { name: 'Rosa Peña', emails: [{ value: 'rosa@paloma.mx' }] })).body;
    const noEmail = (await owner.post('/api/contacts', { name: 'Sin Correo' })).body;
    const web = (await owner.get('/api/inboxes')).body.find((i: { channel: string }) => i.channel === 'webchat');
    expect(
      (await owner.post('/api/conversations/email', { contactId: noEmail.id, inboxId: id, subject: 'Hola', body: 'x' }))
        .body.error.fields[0],
    ).toMatchObject({ path: 'contactId' });
    expect(
      (
        await owner.post('/api/conversations/email', {
          contactId: rosa.id,
          inboxId: web.id,
          subject: 'Hola',
          body: 'x',
        })
      ).body.error.fields[0],
    ).toMatchObject({ path: 'inboxId' });
    expect(await conversations()).toHaveLength(0);
    const first = await owner.post('/api/conversations/email', {
      contactId: rosa.id,
      inboxId: id,
      subject: 'Renovación de su plan anual',
      body: 'Hola Rosa, su plan vence el 15 de diciembre.',
    });
    expect(first.status).toBe(201);
    await test.ctx.jobs.drain();
    const out = await simpleParser(sent[0]!.raw);
    expect(out.subject).toBe('Renovación de su plan anual');
    expect(out.inReplyTo).toBeUndefined();
    const [conversation] = await conversations();
    expect(conversation).toMatchObject({
      subject: 'Renovación de su plan anual',
      contact: { email: 'rosa@paloma.mx' },
    });
    await imap.deliver(
      mail(
        { Subject: 'Re: Renovación de su plan anual', 'Message-ID': '<r1@paloma.mx>', 'In-Reply-To': out.messageId! },
        'Sí, lo renuevo.',
      ),
    );
    await check(id);
    expect((await messagesOf(conversation!.id)).map((m) => m.body)).toEqual([
      'Hola Rosa, su plan vence el 15 de diciembre.',
      'Sí, lo renuevo.',
    ]);
    // Our mail was the first response; her answer starts the next-response clock of the email standard.
    const after = (await owner.get(`/api/conversations/${conversation!.id}`)).body;
    expect(after.sla).toMatchObject({ policyName: 'Correo', firstResponseDueAt: null });
    expect(after.sla.nextResponseDueAt).not.toBeNull();
  });

  it('shows HTML only through the allowlist, stores attachments under safe names and serves them only to the workspace', async () => {
    const id = await connect();
    const html =
      '<p onclick="steal()">Mira <b>esto</b> <a href="javascript:alert(1)">aquí</a> <a href="https://sat.gob.mx">SAT</a></p><script>alert(1)</script><img src="https://tracker.example/p.gif"><img src="cid:logo1"><style>body{}</style>';
    const raw = [
      'From: "Pedro" <pedro@taller.mx>',
      'To: soporte@acme.test',
      'Subject: =?ISO-8859-1?Q?Cotizaci=F3n?=',
      'Message-ID: <h1@taller.mx>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=ISO-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Mira esto: cotizaci=F3n adjunta.',
      '',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
      '--alt--',
      '',
      '--rel',
      'Content-Type: image/png',
      'Content-ID: <logo1>',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('fake-png').toString('base64'),
      '',
      '--rel--',
      '',
      '--outer',
      'Content-Type: application/x-msdownload; name="../../factura.exe"',
      'Content-Disposition: attachment; filename="../../factura.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('MZ not really').toString('base64'),
      '',
      '--outer--',
      '',
    ].join('\r\n');
    await imap.deliver(raw);
    expect(await check(id)).toMatchObject({ stored: 1 });
    const [conversation] = await conversations();
    expect(conversation!.subject).toBe('Cotización');
    const [message] = await messagesOf(conversation!.id);
    expect(message!.body).toBe('Mira esto: cotización adjunta.');
    const shown = String(message!.metadata.html);
    for (const bad of ['onclick', 'javascript:', '<script', 'alert(1)', 'tracker.example', '<style'])
      expect(shown).not.toContain(bad);
    expect(shown).toContain('<a href="https://sat.gob.mx" target="_blank" rel="noopener noreferrer nofollow">SAT</a>');
    const logo = message!.attachments.find((a) => a.contentType === 'image/png')!;
    expect(shown).toContain(`<img src="${logo.url}"`);
    const exe = message!.attachments.find((a) => a.name.endsWith('.exe'))!;
    expect(exe.name).toBe('factura.exe');
    const download = await owner.get(exe.url);
    expect(download.status).toBe(200);
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment/);
    expect((await (await ownerOf(test)).get(exe.url)).status).toBe(404);
  });

  it('keeps what it cannot read whole: mail over the size limit, without sender or Message-ID', async () => {
    const id = await connect();
    await imap.deliver(
      mail(
        { Subject: 'Planos', 'Message-ID': '<big@taller.mx>', From: 'Pedro <pedro@taller.mx>' },
        'x'.repeat(300_000),
      ),
    );
    const nobody = 'Subject: sin remitente\r\n\r\nalgo raro \u0000\u00ff';
    await imap.deliver(nobody);
    expect(await check(id)).toMatchObject({ fetched: 2, stored: 1, error: null });
    const list = await conversations();
    const big = list.find((c) => c.subject === 'Planos')!;
    expect((await messagesOf(big.id))[0]!.metadata.oversized).toBeGreaterThan(300_000);
    // Without a sender there is nobody to answer and nobody to name: no nameless contact, the mail waits for an admin.
    expect(list).toHaveLength(1);
    expect((await owner.get('/api/contacts')).body.items).toHaveLength(1);
    const [skipped] = (await owner.get(`/api/inboxes/${id}/email/skipped`)).body;
    expect(skipped).toMatchObject({ reason: 'no_sender', subject: 'sin remitente', sender: null, original: true });
    const original = await owner.get(`/api/inboxes/${id}/email/skipped/${skipped.id}/original`);
    expect(original.headers['content-type']).toBe('message/rfc822');
    expect(String(original.body)).toContain('algo raro');
    // Read again: nothing twice.
    await test.ctx.db.updateTable('email_mailboxes').set({ last_uid: 0 }).execute();
    expect(await check(id)).toMatchObject({ fetched: 2, stored: 0 });
    expect((await owner.get(`/api/inboxes/${id}/email/skipped`)).body).toHaveLength(1);
  });

  it('keeps forwarded text, drops parts that are not files, and stores a second mail under a reused Message-ID', async () => {
    const id = await connect();
    await imap.deliver(fixture('forwarded-plain.eml'));
    await imap.deliver(fixture('watch-alternative.eml'));
    await imap.deliver(mail({ Subject: 'Pedido', 'Message-ID': '<reused@paloma.mx>' }, 'Quiero 10 piezas.'));
    await imap.deliver(mail({ Subject: 'Pedido', 'Message-ID': '<reused@paloma.mx>' }, 'Quiero 10 piezas.'));
    await imap.deliver(mail({ Subject: 'Otro pedido', 'Message-ID': '<reused@paloma.mx>' }, 'Ahora 20 tornillos.'));
    expect(await check(id)).toMatchObject({ fetched: 5, stored: 4 });
    const all = (await Promise.all((await conversations()).map((c) => messagesOf(c.id)))).flat();
    const forwarded = all.find((m) => m.metadata.subject === 'Fwd: Rechazo de CFDI 1024')!;
    expect(forwarded.body).toContain('Les reenvío lo que me llegó');
    expect(forwarded.body).toContain('CFDI40147 el RFC del receptor no está en la lista');
    // The mail as it arrived stays beside the message, downloadable, and is not one of its attachments.
    expect(forwarded.attachments).toEqual([]);
    const original = await owner.get(`/api/files/${String(forwarded.metadata.original)}`);
    // Served as a download (only a short list of harmless types is ever shown inline).
    expect(String(original.headers['content-disposition'])).toContain('original.eml');
    expect(String(original.body)).toContain('---------- Forwarded message ---------');
    const watch = all.find((m) => m.metadata.subject === 'Desde el reloj')!;
    expect(watch.attachments).toEqual([]);
    expect(
      all
        .filter((m) => m.metadata.messageId === '<reused@paloma.mx>')
        .map((m) => m.body)
        .sort(),
    ).toEqual(['Ahora 20 tornillos.', 'Quiero 10 piezas.']);
  });

  it('reads what mail servers write: bounces mark our mail failed and flag the address, receipts mark it read, automatic replies wait in the thread, and none reopens or creates anything', async () => {
    const id = await connect();
    /** A resolved conversation of ours with this address, and the signed Message-ID of our mail in it. */
    const ourMail = async (email: string) => {
      const contact = (await owner.post('/api/contacts', { name: email.split('@')[0], emails: [{ value: email }] }))
        .body;
      const first = await owner.post('/api/conversations/email', {
        contactId: contact.id,
        inboxId: id,
        subject: 'Seguimiento',
        body: 'Le escribimos para dar seguimiento.',
      });
      await test.ctx.jobs.drain();
      const out = await simpleParser(sent.at(-1)!.raw);
      await owner.patch(`/api/conversations/${first.body.conversationId}`, { status: 'resolved' });
      return {
        contactId: contact.id as string,
        conversationId: first.body.conversationId as string,
        messageId: first.body.id as string,
        header: out.messageId!,
      };
    };
    const rosa = await ourMail('rosa@paloma.mx');
    for (const name of [
      'auto-reply-rfc3834.eml',
      'auto-reply-outlook.eml',
      'auto-reply-subject.eml',
      'mdn-displayed.eml',
    ])
      await imap.deliver(fixture(name, rosa.header));
    expect(await check(id)).toMatchObject({ fetched: 4, stored: 3 });
    let thread = await messagesOf(rosa.conversationId);
    expect(thread[0]).toMatchObject({ id: rosa.messageId, deliveryStatus: 'read' });
    expect(thread.slice(1).map((m) => [m.senderType, m.kind, typeof m.metadata.automatic])).toEqual([
      ['system', 'email', 'string'],
      ['system', 'email', 'string'],
      ['system', 'email', 'string'],
    ]);
    const conversation = async (cid: string) => (await owner.get(`/api/conversations/${cid}`)).body;
    expect(await conversation(rosa.conversationId)).toMatchObject({ status: 'resolved' });

    // A hard bounce: our mail failed, the address is flagged, the thread says so; still resolved, nobody new.
    await imap.deliver(fixture('dsn-postfix-hard.eml', rosa.header));
    expect(await check(id)).toMatchObject({ fetched: 1, stored: 1 });
    thread = await messagesOf(rosa.conversationId);
    expect(thread[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: expect.stringContaining('5.1.1') });
    expect(thread.at(-1)).toMatchObject({
      kind: 'notice',
      senderType: 'system',
      metadata: {
        notice: 'bounce',
        severity: 'hard',
        action: 'failed',
        recipients: ['rosa@paloma.mx'],
        about: rosa.messageId,
      },
    });
    expect(await conversation(rosa.conversationId)).toMatchObject({ status: 'resolved' });
    const contact = (await owner.get(`/api/contacts/${rosa.contactId}`)).body;
    expect(contact.emails[0].bounce).toMatchObject({ severity: 'hard', status: '5.1.1' });
    expect((await owner.get('/api/contacts')).body.items).toHaveLength(1);
    expect(await conversations()).toHaveLength(1);
    const history = await test.ctx.db
      .selectFrom('conversation_events')
      .select('type')
      .where('conversation_id', '=', rosa.conversationId)
      .execute();
    expect(history.map((e) => e.type)).not.toContain('reopened');
    expect(history.map((e) => e.type)).toContain('delivery_failed');

    // Every report shape through the mailbox: Gmail, Exchange, SES (soft), qmail, Exim, a delay (nothing failed).
    const cases = [
      ['dsn-gmail-hard.eml', 'contabilidad@ferreteria-lopez.mx', 'failed', 'hard'],
      ['dsn-exchange-hard.eml', 'compras@maquinados-norte.mx', 'failed', 'hard'],
      ['dsn-ses-soft.eml', 'ventas@tornilleria-sol.mx', 'failed', 'soft'],
      ['bounce-qmail.eml', 'pagos@hosting-barato.mx', 'failed', 'hard'],
      ['bounce-exim.eml', 'gerencia@grupo-acero.mx', 'failed', 'hard'],
    ] as const;
    const ours = [];
    for (const [name, email] of cases) {
      const o = await ourMail(email);
      ours.push(o);
      await imap.deliver(fixture(name, o.header));
    }
    const delayed = await ourMail('lento@paloma.mx');
    await imap.deliver(fixture('dsn-delayed.eml', delayed.header));
    expect(await check(id)).toMatchObject({ fetched: 6, stored: 6 });
    for (const [i, [, email, status, severity]] of cases.entries()) {
      const [mine, ...rest] = await messagesOf(ours[i]!.conversationId);
      expect(mine!.deliveryStatus, email).toBe(status);
      expect(rest.map((m) => m.kind)).toEqual(['notice']);
      expect((await owner.get(`/api/contacts/${ours[i]!.contactId}`)).body.emails[0].bounce.severity, email).toBe(
        severity,
      );
    }
    const [stillSent, delayNotice] = await messagesOf(delayed.conversationId);
    expect(stillSent!.deliveryStatus).toBe('sent');
    expect(delayNotice!.metadata).toMatchObject({ notice: 'bounce', action: 'delayed' });
    expect((await owner.get(`/api/contacts/${delayed.contactId}`)).body.emails[0].bounce).toBeNull();
    expect((await owner.get('/api/contacts')).body.items).toHaveLength(7);

    // Reports about no mail of ours, and an automatic reply with no conversation: kept for an admin, nothing created.
    await imap.deliver(
      fixture('dsn-gmail-hard.eml', '<01HZZZZZZZZZ.000000000000000000000000@acme.test>')
        .toString()
        .replace('bounce.gmail@', 'bounce.other@'),
    );
    await imap.deliver(
      fixture('auto-reply-subject.eml')
        .toString()
        .replace('rosa@paloma.mx', 'nadie@otro.mx')
        .replace('<ooo-subject-only.1@paloma.mx>', '<ooo.2@otro.mx>'),
    );
    expect(await check(id)).toMatchObject({ fetched: 2, stored: 0 });
    expect(
      ((await owner.get(`/api/inboxes/${id}/email/skipped`)).body as { reason: string }[]).map((s) => s.reason).sort(),
    ).toEqual(['auto_reply', 'bounce_unmatched']);
    expect((await owner.get('/api/contacts')).body.items).toHaveLength(7);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.get(`/api/inboxes/${id}/email/skipped`)).status).toBe(403);

    // Read again from the start: nothing twice, no soft bounce counted twice.
    await test.ctx.db.updateTable('email_mailboxes').set({ last_uid: 0 }).execute();
    expect(await check(id)).toMatchObject({ stored: 0 });
    expect((await owner.get(`/api/contacts/${ours[2]!.contactId}`)).body.emails[0].bounce.severity).toBe('soft');

    // Surveys skip the hard-bounced address until an agent says it works again.
    const survey = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
    await owner.patch(`/api/surveys/${survey.id}`, { status: 'active' });
    const sentSurvey = await owner.post(`/api/surveys/${survey.id}/send`, {
      channel: 'email',
      contactIds: [rosa.contactId],
    });
    expect(sentSurvey.body.skipped).toEqual([{ contactId: rosa.contactId, name: 'rosa', reason: 'email_bounced' }]);
    const fixed = await owner.post(`/api/contacts/${rosa.contactId}/email-bounce/clear`, { email: 'ROSA@paloma.mx' });
    expect(fixed.body.emails[0].bounce).toBeNull();
    expect(
      (await owner.post(`/api/contacts/${rosa.contactId}/email-bounce/clear`, { email: 'otra@paloma.mx' })).body.error
        .fields[0],
    ).toMatchObject({ path: 'email' });
    expect(
      (await owner.post(`/api/surveys/${survey.id}/send`, { channel: 'email', contactIds: [rosa.contactId] })).body,
    ).toMatchObject({ queued: 1 });
  });

  it('never reaches this machine or the private network unless the operator allows it (no port scan through "check now")', async () => {
    test.ctx.config.mailAllowPrivateHosts = false;
    const server = (host: string) => ({ host, port: 143, secure: false, user: 'u', password: 'p' });
    for (const host of [
      '127.0.0.1',
      '0177.0.0.1',
      '2130706433',
      '0x7f.1',
      'localhost',
      'mail.localhost',
      '10.0.0.5',
      '169.254.169.254',
      '[::1]',
      '::ffff:7f00:1',
      '::7f00:1',
    ]) {
      const refused = await owner.post('/api/inboxes/email', {
        name: 'x',
        address: 'a@b.mx',
        imap: server(host),
        smtp: server(host),
      });
      expect(refused.status, host).toBe(400);
      expect(
        refused.body.error.fields.map((f: { path: string }) => f.path),
        host,
      ).toEqual(['imap.host', 'smtp.host']);
    }
    expect((await test.ctx.db.selectFrom('inboxes').select('id').where('channel', '=', 'email').execute()).length).toBe(
      0,
    );
    // Saved while the operator allowed it, then no longer allowed: refused on connecting, reading and sending alike.
    test.ctx.config.mailAllowPrivateHosts = true;
    const id = await connect();
    await imap.deliver(mail({ Subject: 'Hola', 'Message-ID': '<p1@paloma.mx>' }, 'Hola'));
    test.ctx.config.mailAllowPrivateHosts = false;
    const result = await check(id);
    expect(result).toMatchObject({ fetched: 0, stored: 0 });
    expect(result.error).toMatch(/refused: 127\.0\.0\.1 is a private or reserved address/);
    test.ctx.config.mailAllowPrivateHosts = true;
    expect(await check(id)).toMatchObject({ stored: 1, error: null });
    test.ctx.config.mailAllowPrivateHosts = false;
    const [conversation] = await conversations();
    const answer = await owner.post(`/api/conversations/${conversation!.id}/messages`, { body: 'Hola' });
    await test.ctx.jobs.drain();
    const failed = (await messagesOf(conversation!.id)).find((m) => m.id === answer.body.id)!;
    expect(failed.deliveryStatus).toBe('failed');
    expect(failed.deliveryError).toMatch(/refused/);
    expect(sent).toEqual([]);
  });

  it('says why a mailbox cannot be read, and why an answer could not be delivered', async () => {
    const id = await connect('wrong-password');
    const result = await check(id);
    expect(result.error).toMatch(/sign-in failed/);
    const inbox = (await owner.get('/api/inboxes')).body.find((i: { id: string }) => i.id === id);
    expect(inbox.email.lastError).toMatch(/sign-in failed/);
    expect((await owner.patch(`/api/inboxes/${id}/email`, { imap: { password: imap.password } })).status).toBe(200);
    await imap.deliver(
      mail({ From: 'Nadie <nadie@paloma.mx>', Subject: 'Hola', 'Message-ID': '<n1@paloma.mx>' }, 'Hola'),
    );
    expect(await check(id)).toMatchObject({ stored: 1, error: null });
    reject = 'nadie@paloma.mx';
    const [conversation] = await conversations();
    const answer = await owner.post(`/api/conversations/${conversation!.id}/messages`, { body: 'Hola' });
    await test.ctx.jobs.drain();
    const failed = (await messagesOf(conversation!.id)).find((m) => m.id === answer.body.id)!;
    expect(failed.deliveryStatus).toBe('failed');
    expect(failed.deliveryError).toMatch(/550/);
  });
});
