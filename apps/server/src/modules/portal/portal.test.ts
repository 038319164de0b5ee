import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

/** A customer's browser on the portal: keeps the portal cookie, posts forms. */
class Customer {
  cookie = '';
  constructor(readonly slug: string) {}
  async get(path: string) {
    const response = await test.app.inject({
      method: 'GET',
      url: path,
      headers: this.cookie ? { cookie: this.cookie } : {},
    });
    return response;
  }
  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await test.app.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      payload: new URLSearchParams(form).toString(),
    });
    const set = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('atiende_portal='));
    if (set) this.cookie = set.split(';')[0]!;
    return response;
  }
  async upload(path: string, name: string, type: string, bytes: Buffer) {
    const boundary = '----atiende' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return test.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookie },
      payload,
    });
  }
  /** Follows an emailed link: the page, then its button. */
  async enter(url: string) {
    const path = new URL(url).pathname;
    const page = await this.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="${path}"`);
    return this.post(path, {});
  }
}

async function customerWithProject(owner: Client) {
  const contact = (
    await owner.post('/api/contacts', { name: 'Ing. Ramírez', emails: [{ value: 'ramirez@maquinados.mx' }] })
  ).body;
  const project = (
    await owner.post('/api/projects', { title: 'Lote de 200 bridas', kind: 'work_order', contactId: contact.id })
  ).body;
  await owner.post(`/api/projects/${project.id}/tasks`, {
    title: 'Maquinado',
    startDate: '2026-12-10',
    workingDays: 3,
  });
  const withTasks = (await owner.post(`/api/projects/${project.id}/tasks`, { title: 'Inspección' })).body;
  await owner.patch(`/api/projects/${project.id}/tasks/${withTasks.tasks[0].id}`, { status: 'done' });
  await owner.post(`/api/projects/${project.id}/comments`, { body: 'Material recibido', public: true });
  await owner.post(`/api/projects/${project.id}/comments`, {
    body: 'Ojo: cliente exigente con tolerancias',
    public: false,
  });
  return { contact, project };
}

const mails = async () =>
  (await test.ctx.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').execute()).map(
    (j) => JSON.parse(j.payload) as { to: string; subject: string; text: string },
  );
const linkIn = (text: string) => text.match(/https?:\/\/\S+\/enter\/\S+/)![0];

describe('the customer portal', () => {
  it('lets a customer in by a one-time link and shows their work order, its files and public timeline only', async () => {
    const owner = await ownerOf(test);
    const { contact, project } = await customerWithProject(owner);
    const pdf = Buffer.from('%PDF-1.7 plano');
    await test.app.inject({
      method: 'POST',
      url: `/api/projects/${project.id}/files`,
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'application/pdf',
        'x-file-name': 'plano.pdf',
      },
      payload: pdf,
    });

    const settings = (await owner.get('/api/portal/settings')).body;
    expect(settings.url).toMatch(/\/portal\/acme-facturas-[a-z0-9]+$/);
    const slug = settings.url.split('/portal/')[1];
    const invited = await owner.post('/api/portal/invitations', { contactId: contact.id });
    expect(invited.status).toBe(201);
    expect(invited.body.emailedTo).toBe('ramirez@maquinados.mx');
    const [mail] = await mails();
    expect(mail).toMatchObject({
      to: 'ramirez@maquinados.mx',
      subject: "Your access to Acme Facturas's customer portal",
    });
    expect(linkIn(mail!.text)).toBe(invited.body.url);

    const customer = new Customer(slug);
    // Not signed in: the home page sends to the sign-in page.
    expect((await customer.get(`/portal/${slug}/home`)).headers.location).toBe(`/portal/${slug}`);
    const entered = await customer.enter(invited.body.url);
    expect(entered.statusCode).toBe(303);
    expect(entered.headers.location).toBe(`/portal/${slug}/home`);
    expect(String(entered.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(entered.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    // The link works once.
    const again = await new Customer(slug).post(new URL(invited.body.url).pathname, {});
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link no longer works');

    const home = await customer.get(`/portal/${slug}/home`);
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-security-policy']).toContain("default-src 'none'");
    expect(home.body).toContain('Hello, Ing. Ramírez');
    expect(home.body).toContain('OT-0001 · Lote de 200 bridas');
    expect(home.body).toContain('50% done');
    const page = await customer.get(`/portal/${slug}/projects/${project.id}`);
    expect(page.body).toContain('Material recibido');
    expect(page.body).not.toContain('cliente exigente');
    expect(page.body).toContain('plano.pdf');
    // The team's names stay inside: the company signs what it uploaded.
    expect(page.body).not.toContain('Ana Owner');
    const current = (await owner.get(`/api/projects/${project.id}`)).body;
    const fileId = current.documents[0].versions[0].fileId;
    const download = await customer.get(`/portal/${slug}/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);

    // The customer comments, approves the drawing, asks for a change and uploads a photo: the team sees it all.
    expect(
      (
        await customer.post(`/portal/${slug}/projects/${project.id}/respond`, {
          kind: 'comment',
          body: '¿Pueden entregar el jueves?',
        })
      ).headers.location,
    ).toBe(`/portal/${slug}/projects/${project.id}?ok=1`);
    await customer.post(`/portal/${slug}/projects/${project.id}/respond`, {
      kind: 'approval',
      body: '',
      documentId: current.documents[0].id,
      version: '1',
    });
    await customer.post(`/portal/${slug}/projects/${project.id}/respond`, {
      kind: 'change_request',
      body: 'Radio de 3 mm en la esquina',
      documentId: current.documents[0].id,
      version: '1',
    });
    expect(
      (await customer.post(`/portal/${slug}/projects/${project.id}/respond`, { kind: 'comment', body: '  ' })).headers
        .location,
    ).toContain('error=empty');
    const photo = await customer.upload(
      `/portal/${slug}/projects/${project.id}/files`,
      'pieza.jpg',
      'image/jpeg',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
    );
    expect(photo.headers.location).toContain('ok=1');
    const fake = await customer.upload(
      `/portal/${slug}/projects/${project.id}/files`,
      'virus.png',
      'image/png',
      Buffer.from('MZ not a png'),
    );
    expect(fake.headers.location).toContain('error=file');
    const timeline = (await owner.get(`/api/projects/${project.id}/timeline`)).body;
    const fromCustomer = timeline.filter(
      (i: { byCustomer: boolean; kind: string }) => i.byCustomer && i.kind !== 'message',
    );
    expect(fromCustomer.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'approval',
      'change_request',
      'comment',
      'file',
    ]);
    expect(fromCustomer.every((i: { by: string }) => i.by === 'Ing. Ramírez')).toBe(true);
    const documents = (await owner.get(`/api/projects/${project.id}`)).body.documents;
    expect(documents.map((d: { name: string }) => d.name)).toEqual(['plano.pdf', 'pieza.jpg']);
    expect(documents[1].versions[0]).toMatchObject({ byCustomer: true, by: 'Ing. Ramírez' });

    // JSON for programs, with the same cookie.
    const json = await customer.get(`/api/portal/${slug}/projects/${project.id}`);
    expect(json.json()).toMatchObject({ reference: 'OT-0001', progress: 50 });

    // Signed out, the cookie is worth nothing.
    const cookie = customer.cookie;
    await customer.post(`/portal/${slug}/logout`, {});
    customer.cookie = cookie;
    expect((await customer.get(`/portal/${slug}/home`)).statusCode).toBe(303);
  });

  it('never shows one customer another customer’s projects, files or conversations, in this workspace or another', async () => {
    const owner = await ownerOf(test);
    const { contact, project } = await customerWithProject(owner);
    const other = (await owner.post('/api/contacts', { name: 'Lic. Soto', emails: [{ value: 'soto@otra.mx' }] })).body;
    const theirs = (await owner.post('/api/projects', { title: 'Proyecto de Soto', contactId: other.id })).body;
    await test.app.inject({
      method: 'POST',
      url: `/api/projects/${theirs.id}/files`,
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'application/pdf',
        'x-file-name': 'soto.pdf',
      },
      payload: Buffer.from('%PDF-1.7 soto'),
    });
    const call = (
      await owner.post('/api/activities', {
        contactId: other.id,
        kind: 'call',
        direction: 'inbound',
        durationMinutes: 2,
        outcome: 'solved',
        notes: 'Llamada de Soto',
        at: new Date().toISOString(),
      })
    ).body;
    const slug = (await owner.get('/api/portal/settings')).body.url.split('/portal/')[1];

    const customer = new Customer(slug);
    await customer.enter((await owner.post('/api/portal/invitations', { contactId: contact.id })).body.url);
    const home = await customer.get(`/portal/${slug}/home`);
    expect(home.body).not.toContain('Proyecto de Soto');
    expect(home.body).not.toContain('Llamada de Soto');
    const theirFile = (await owner.get(`/api/projects/${theirs.id}`)).body.documents[0].versions[0].fileId;
    for (const path of [
      `/portal/${slug}/projects/${theirs.id}`,
      `/portal/${slug}/files/${theirFile}`,
      `/portal/${slug}/conversations/${call.conversationId}`,
    ]) {
      const refused = await customer.get(path);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).toContain('We could not find that');
    }
    expect(
      (await customer.post(`/portal/${slug}/projects/${theirs.id}/respond`, { kind: 'comment', body: 'hola' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await customer.upload(
          `/portal/${slug}/projects/${theirs.id}/files`,
          'x.pdf',
          'application/pdf',
          Buffer.from('%PDF-1.7'),
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await owner.get(`/api/projects/${theirs.id}/timeline`)).body.some((i: { body: string }) => i.body === 'hola'),
    ).toBe(false);
    // Added as an observer, Soto's project shows.
    await owner.post(`/api/projects/${theirs.id}/participants`, { contactId: contact.id, role: 'observer' });
    expect((await customer.get(`/portal/${slug}/projects/${theirs.id}`)).statusCode).toBe(200);

    // Another workspace's portal does not know this cookie.
    const stranger = await ownerOf(test);
    const otherSlug = (await stranger.get('/api/portal/settings')).body.url.split('/portal/')[1];
    expect((await customer.get(`/portal/${otherSlug}/projects/${project.id}`)).statusCode).toBe(303);
    expect((await stranger.post('/api/portal/invitations', { contactId: contact.id })).body.error.fields).toEqual([
      { path: 'contactId', message: 'No such contact in this workspace' },
    ]);
    // A form posted from another site is refused.
    expect(
      (
        await customer.post(
          `/portal/${slug}/projects/${project.id}/respond`,
          { kind: 'comment', body: 'x' },
          { origin: 'https://evil.example' },
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await customer.post(
          `/portal/${slug}/projects/${project.id}/respond`,
          { kind: 'comment', body: 'x' },
          { origin: 'not a url' },
        )
      ).statusCode,
    ).toBe(403);
  });

  it('sends a sign-in link only to a known email, answering the same either way, and limits how often', async () => {
    const owner = await ownerOf(test);
    await customerWithProject(owner);
    const slug = (await owner.get('/api/portal/settings')).body.url.split('/portal/')[1];
    const customer = new Customer(slug);
    const signIn = await customer.get(`/portal/${slug}`);
    expect(signIn.body).toContain('Sign in to your portal');
    const unknown = await customer.post(`/portal/${slug}/login`, { email: 'nadie@ejemplo.mx' });
    const known = await customer.post(`/portal/${slug}/login`, { email: 'Ramirez@Maquinados.mx' });
    expect(unknown.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    expect((await mails()).map((m) => m.to)).toEqual(['ramirez@maquinados.mx']);
    expect((await customer.post(`/portal/${slug}/login`, { email: 'not an email' })).statusCode).toBe(422);
    // Only the newest link works, and an expired one not at all.
    await customer.post(`/portal/${slug}/login`, { email: 'ramirez@maquinados.mx' });
    const [first, second] = (await mails()).map((m) => linkIn(m.text));
    expect((await new Customer(slug).post(new URL(first!).pathname, {})).statusCode).toBe(400);
    await test.ctx.db
      .updateTable('portal_links')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    expect((await new Customer(slug).post(new URL(second!).pathname, {})).statusCode).toBe(400);
    for (let i = 0; i < 3; i++) await customer.post(`/portal/${slug}/login`, { email: 'ramirez@maquinados.mx' });
    const limited = await customer.post(`/portal/${slug}/login`, { email: 'ramirez@maquinados.mx' });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Too many attempts');

    // Turned off, the portal is gone and its customers are out.
    await owner.patch('/api/portal/settings', { enabled: false });
    expect((await customer.get(`/portal/${slug}`)).statusCode).toBe(404);
    expect((await customer.get('/portal/no-such-portal')).body).toContain('Este portal no está disponible');
  });

  it('locks out an address guessing links: after 20 wrong ones even a real link waits there', async () => {
    const owner = await ownerOf(test);
    const { contact } = await customerWithProject(owner);
    const slug = (await owner.get('/api/portal/settings')).body.url.split('/portal/')[1];
    const real = new URL((await owner.post('/api/portal/invitations', { contactId: contact.id })).body.url).pathname;
    const from = (remoteAddress: string, path: string) =>
      test.app.inject({
        method: 'POST',
        url: path,
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      });
    for (let i = 0; i < 20; i++)
      expect((await from('203.0.113.50', `/portal/${slug}/enter/guess${i}${'x'.repeat(40)}`)).statusCode).toBe(400);
    expect((await from('203.0.113.50', real)).statusCode).toBe(429);
    expect((await from('203.0.113.51', real)).statusCode).toBe(303);
  });

  it('lists the surveys waiting for the customer and opens them with a fresh link', async () => {
    const owner = await ownerOf(test);
    const { contact } = await customerWithProject(owner);
    const created = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
    await owner.patch(`/api/surveys/${created.id}`, { status: 'active' });
    const link = (await owner.post(`/api/surveys/${created.id}/links`, { contactId: contact.id })).body;
    const slug = (await owner.get('/api/portal/settings')).body.url.split('/portal/')[1];
    const customer = new Customer(slug);
    await customer.enter((await owner.post('/api/portal/invitations', { contactId: contact.id })).body.url);
    const home = await customer.get(`/portal/${slug}/home`);
    const invitation = home.body.match(new RegExp(`/portal/${slug}/surveys/([^"]+)`))![1];
    const open = await customer.get(`/portal/${slug}/surveys/${invitation}`);
    expect(open.statusCode).toBe(303);
    const fresh = new URL(open.headers.location as string).pathname;
    expect((await test.app.inject({ method: 'GET', url: fresh })).statusCode).toBe(200);
    // The link sent before no longer opens it: one answer per invitation.
    expect((await test.app.inject({ method: 'GET', url: new URL(link.url).pathname })).statusCode).toBe(404);

    // Their quotes: listed once sent, downloadable, and opened to answer; drafts and other people's stay out.
    const quote = (
      await owner.post('/api/quotes', {
        title: 'Refacciones',
        contactId: contact.id,
        lines: [{ description: 'Brida 4"', quantity: 10, unitPrice: 350 }],
      })
    ).body;
    await owner.post('/api/quotes', { title: 'Borrador interno', contactId: contact.id, lines: [] });
    await owner.post(`/api/quotes/${quote.id}/send`, { channel: 'link' });
    const withQuote = await customer.get(`/portal/${slug}/home`);
    expect(withQuote.body).toContain('COT-0001 · Refacciones');
    expect(withQuote.body).not.toContain('Borrador interno');
    expect((await customer.get(`/portal/${slug}/quotes/${quote.id}/pdf`)).headers['content-type']).toBe(
      'application/pdf',
    );
    // Opened in the portal, the quote is shown there (a GET changes nothing: the emailed link keeps working)…
    const sent = (await test.database.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').execute())
      .length;
    const opened = await customer.get(`/portal/${slug}/quotes/${quote.id}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Refacciones');
    expect(opened.body).toContain(`action="/portal/${slug}/quotes/${quote.id}/answer"`);
    expect(
      (await test.database.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').execute()).length,
    ).toBe(sent);
    const quoteLink = (await owner.post(`/api/quotes/${quote.id}/send`, { channel: 'link' })).body.url as string;
    expect((await test.app.inject({ method: 'GET', url: new URL(quoteLink).pathname })).statusCode).toBe(200);
    await customer.get(`/portal/${slug}/quotes/${quote.id}`);
    expect((await test.app.inject({ method: 'GET', url: new URL(quoteLink).pathname })).statusCode).toBe(200);
    // …and answered there, once; a form posted from a sandboxed frame (Origin: null) is refused.
    expect(
      (
        await customer.post(
          `/portal/${slug}/quotes/${quote.id}/answer`,
          { name: 'Ing. Ramírez', decision: 'accept' },
          { origin: 'null' },
        )
      ).statusCode,
    ).toBe(403);
    const accepted = await customer.post(`/portal/${slug}/quotes/${quote.id}/answer`, {
      name: 'Ing. Ramírez',
      decision: 'accept',
    });
    expect(accepted.statusCode).toBe(200);
    expect((await owner.get(`/api/quotes/${quote.id}`)).body).toMatchObject({
      status: 'accepted',
      acceptedBy: 'Ing. Ramírez',
    });
    expect(
      (await customer.post(`/portal/${slug}/quotes/${quote.id}/answer`, { name: 'Ing. Ramírez', decision: 'decline' }))
        .statusCode,
    ).toBe(409);
    expect(opened.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const stranger = (await owner.post('/api/contacts', { name: 'Otra persona' })).body;
    const theirs = (
      await owner.post('/api/quotes', {
        title: 'Ajena',
        contactId: stranger.id,
        lines: [{ description: 'x', quantity: 1, unitPrice: 1 }],
      })
    ).body;
    await owner.post(`/api/quotes/${theirs.id}/send`, { channel: 'link' });
    expect((await customer.get(`/portal/${slug}/quotes/${theirs.id}/pdf`)).statusCode).toBe(404);
    expect((await customer.get(`/portal/${slug}/quotes/${theirs.id}`)).statusCode).toBe(404);
    expect(
      (await customer.post(`/portal/${slug}/quotes/${theirs.id}/answer`, { name: 'Ing. Ramírez', decision: 'accept' }))
        .statusCode,
    ).toBe(404);
    expect((await owner.get(`/api/quotes/${theirs.id}`)).body.status).toBe('sent');
  });
});

describe('the portal on a server without mail', () => {
  it('says so to the customer, writes the link to the log, and tells the agent to share it', async () => {
    await test.close();
    const logs: string[] = [];
    test = await startTestApp({ logs });
    const owner = await ownerOf(test);
    const contact = (
      await owner.post('/api/contacts', { name: 'Ing. Ramírez', emails: [{ value: 'ramirez@maquinados.mx' }] })
    ).body;
    const slug = (await owner.get('/api/portal/settings')).body.url.split('/portal/')[1];
    const customer = new Customer(slug);
    const known = await customer.post(`/portal/${slug}/login`, { email: 'ramirez@maquinados.mx', language: 'es' });
    const unknown = await customer.post(`/portal/${slug}/login`, { email: 'nadie@ejemplo.mx', language: 'es' });
    // The same honest page either way: nothing says whether the email is a customer's.
    expect(known.body).toContain('No podemos enviarte el enlace por correo');
    expect(unknown.body).toBe(known.body);
    const line = logs.find((l) => l.includes('portal sign-in link (SMTP not configured)'));
    expect(line).toBeDefined();
    const url = JSON.parse(line!).portalUrl as string;
    expect(url).toContain(`/portal/${slug}/enter/`);
    expect(logs.filter((l) => l.includes('portal sign-in link'))).toHaveLength(1);
    // The logged link signs the customer in.
    expect((await customer.post(new URL(url).pathname, {})).statusCode).toBe(303);

    const invited = await owner.post('/api/portal/invitations', { contactId: contact.id });
    expect(invited.body).toMatchObject({ emailedTo: 'ramirez@maquinados.mx', mailNotSetUp: true });
  });

  it('with SMTP set up, the page says to check the email and the agent is told where it went', async () => {
    await test.close();
    test = await startTestApp({ smtpUrl: 'smtp://127.0.0.1:2525' });
    const owner = await ownerOf(test);
    const contact = (
      await owner.post('/api/contacts', { name: 'Ing. Ramírez', emails: [{ value: 'ramirez@maquinados.mx' }] })
    ).body;
    const slug = (await owner.get('/api/portal/settings')).body.url.split('/portal/')[1];
    const page = await new Customer(slug).post(`/portal/${slug}/login`, { email: 'ramirez@maquinados.mx' });
    expect(page.body).toContain('Check your email');
    const invited = await owner.post('/api/portal/invitations', { contactId: contact.id });
    expect(invited.body).toMatchObject({ emailedTo: 'ramirez@maquinados.mx', mailNotSetUp: false });
  });
});
