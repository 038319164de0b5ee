// Mail leaves over real SMTP (a local smtp-server peer), from the job queue; secrets stay out of the log.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';

let smtp: SMTPServer;
let received: { to: string[]; raw: string }[];
let test: TestApp;
let logs: string[];

beforeEach(async () => {
  received = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  logs = [];
  test = await startTestApp({ smtpUrl: `smtp://127.0.0.1:${port}`, logs });
});
afterEach(async () => {
  await test.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

/** Quoted-printable back to text (the bytes it encodes are UTF-8). */
const decode = (raw: string) =>
  Buffer.from(
    raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

describe('password reset by mail', () => {
  it('sends the single-use link over SMTP, and the link is never written to the log', async () => {
    const owner = await ownerOf(test, { language: 'es' });
    const email = (await owner.get('/api/auth/session')).body.user.email as string;
    await owner.patch('/api/me', { language: 'es' });
    await new Client(test.app).post('/api/auth/password-reset/request', { email });
    await test.ctx.jobs.drain();
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([email]);
    const body = decode(received[0]!.raw);
    expect(body).toMatch(/Subject: .*Restablece/);
    // Written by a program, and says so: auto-responders do not answer it (RFC 3834).
    expect(body).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(body).toMatch(/^X-Auto-Response-Suppress: All\r?$/m);
    const token = body.match(/http:\/\/atiende\.test\/reset\/([\w-]+)/)![1]!;
    const reset = await new Client(test.app).post('/api/auth/password-reset/confirm', {
      token,
      password: 'una nueva contraseña',
    });
    expect(reset.status).toBe(200);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('an invitation with an email is mailed', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/invitations', { role: 'agent', email: 'luis@example.com' });
    await test.ctx.jobs.drain();
    expect(received.map((m) => m.to)).toEqual([['luis@example.com']]);
    expect(decode(received[0]!.raw)).toMatch(/http:\/\/atiende\.test\/invite\/[\w-]+/);
  });
});

describe('website chat transcripts', () => {
  it('are mailed to the visitor who asks, with the whole conversation', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@paloma.mx');
    await visitor.send('¿Cómo cancelo un CFDI?');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'Desde el portal del SAT, con su e.firma.',
    });
    const asked = await test.app.inject({
      method: 'POST',
      url: '/api/widget/v1/transcript',
      headers: { 'x-visitor-token': visitor.token },
    });
    expect(asked.statusCode).toBe(202);
    await test.ctx.jobs.drain();
    expect(received.map((m) => m.to)).toEqual([['rosa@paloma.mx']]);
    const mail = decode(received[0]!.raw);
    expect(mail).toContain('Rosa Peña: ¿Cómo cancelo un CFDI?');
    expect(mail).toContain('Desde el portal del SAT, con su e.firma.');
    // Asking again at once is refused: the address is whatever the visitor typed.
    const again = await test.app.inject({
      method: 'POST',
      url: '/api/widget/v1/transcript',
      headers: { 'x-visitor-token': visitor.token },
    });
    expect(again.statusCode).toBe(429);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/api/widget/v1/transcript',
          headers: { 'x-visitor-token': 'wv_nope' },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('notices by email', () => {
  it('reach a teammate by email for what they chose, and always on screen', async () => {
    const owner = await ownerOf(test);
    const luis = await memberOf(test, owner, 'agent', 'Luis');
    const luisId = (await luis.get('/api/auth/session')).body.user.id as string;
    const luisEmail = (await luis.get('/api/auth/session')).body.user.email as string;
    expect((await luis.get('/api/me/notifications')).body).toEqual({ email: ['mention', 'assigned'] });
    const visitor = await visitorOf(test, owner, 'Rosa Peña');
    await visitor.send('Necesito ayuda con mi CFDI');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const heard: { userId: string; notification: { kind: string } }[] = [];
    const stop = test.ctx.events.subscribe((e) => void (e.type === 'notification' && heard.push(e)));

    // Assigned by the owner: Luis is told on screen and by email, with a link to the conversation.
    await owner.patch(`/api/conversations/${conversation.id}`, { assigneeId: luisId });
    await test.ctx.jobs.drain();
    expect(received.map((m) => m.to)).toEqual([[luisEmail]]);
    const mail = decode(received[0]!.raw);
    expect(mail).toMatch(/Rosa Pe=C3=B1a|Rosa Peña/);
    expect(mail).toContain(`http://atiende.test/inbox/${conversation.id}`);

    // Luis turns mentions off: a mention reaches his screen only.
    expect((await luis.request('PUT', '/api/me/notifications', { email: ['assigned', 'sla_breached'] })).body).toEqual({
      email: ['assigned', 'sla_breached'],
    });
    await owner.post(`/api/conversations/${conversation.id}/messages`, { body: '@Luis revisa el RFC', private: true });
    await test.ctx.jobs.drain();
    expect(received).toHaveLength(1);
    // On PostgreSQL events come back through NOTIFY, so the screen notice may land a moment after the jobs drain.
    await vi.waitFor(() =>
      expect(heard.map((h) => [h.userId, h.notification.kind])).toEqual([
        [luisId, 'assigned'],
        [luisId, 'mention'],
      ]),
    );
    stop();
    // Taking a conversation yourself tells nobody; a kind that does not exist is refused.
    await luis.patch(`/api/conversations/${conversation.id}`, { assigneeId: null });
    await luis.patch(`/api/conversations/${conversation.id}`, { assigneeId: luisId });
    await test.ctx.jobs.drain();
    expect(received).toHaveLength(1);
    expect((await luis.request('PUT', '/api/me/notifications', { email: ['everything'] })).status).toBe(400);
  });
});

describe('mailings to customers', () => {
  it('carry a one-click unsubscribe (RFC 8058); the person who uses it gets no more automatic mail until they ask again', async () => {
    const owner = await ownerOf(test);
    const survey = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
    await owner.patch(`/api/surveys/${survey.id}`, { status: 'active' });
    const marta = (await owner.post('/api/contacts', { name: 'Marta Ruiz', emails: [{ value: 'marta@example.com' }] }))
      .body;
    await owner.post(`/api/surveys/${survey.id}/send`, { channel: 'email', contactIds: [marta.id] });
    await test.ctx.jobs.drain();
    expect(received).toHaveLength(1);
    // Headers as a mail program reads them: folded lines joined.
    const mail = decode(received[0]!.raw).replace(/\r?\n[ \t]+/g, ' ');
    const link = /^List-Unsubscribe: <(http:\/\/atiende\.test\/u\/[\w-]+)>\r?$/m.exec(mail)?.[1];
    expect(link).toBeDefined();
    expect(mail).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // The invitation's language (this workspace's: English) says the way out at its foot too.
    expect(mail).toContain('To stop receiving automatic emails from Acme Facturas:');
    const path = new URL(link!).pathname;

    // Opened by a person: a page that asks once.
    const page = await test.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'es-MX' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('¿Dejar de recibir correos automáticos?');
    expect((await owner.get(`/api/contacts/${marta.id}`)).body.mailOptOutAt).toBeNull();
    // Posted by the mail program itself.
    const oneClick = await test.app.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.statusCode).toBe(200);
    expect((await owner.get(`/api/contacts/${marta.id}`)).body.mailOptOutAt).not.toBeNull();
    expect((await test.app.inject({ method: 'GET', url: '/u/u_not-a-real-token-0000' })).statusCode).toBe(404);

    const again = await owner.post(`/api/surveys/${survey.id}/send`, { channel: 'email', contactIds: [marta.id] });
    expect(again.body.skipped).toEqual([{ contactId: marta.id, name: 'Marta Ruiz', reason: 'unsubscribed' }]);
    const back = await owner.post(`/api/contacts/${marta.id}/mail-opt-out/clear`);
    expect(back.body.mailOptOutAt).toBeNull();
  });
});

describe('the log', () => {
  it('never holds passwords, session cookies, CSRF tokens, API tokens or visitor tokens', async () => {
    const owner = await ownerOf(test);
    const apiToken = (await owner.post('/api/api-tokens', { name: 'ERP', role: 'agent' })).body.token as string;
    const integration = new Client(test.app);
    integration.bearer = apiToken;
    await integration.get('/api/conversations');
    const email = (await owner.get('/api/auth/session')).body.user.email as string;
    await new Client(test.app).post('/api/auth/login', { email, password: 'correct horse battery' });
    await test.app.inject({ method: 'GET', url: '/api/widget/v1/ws?token=wv_secret_in_url' });
    const text = logs.join('\n');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [
      'correct horse battery',
      owner.cookie.split('=')[1]!,
      owner.csrf,
      apiToken,
      'wv_secret_in_url',
    ])
      expect(text).not.toContain(secret);
  });
});
