import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type GraphStandIn,
  inboundPayload,
  signWebhook,
  startGraphStandIn,
  statusPayload,
} from '../../../testing/graph-stand-in.js';
import { type Client, type TestApp, dialect, memberOf, ownerOf, startTestApp } from '../../../testing/harness.js';
import { WebhookIngest, senderKey } from './ingest.js';

const ACCESS_TOKEN = 'EAAG-test-access-token-1234567890';
const APP_SECRET = 'app-secret-0123456789abcdef';
const PHONE_NUMBER_ID = '106540352242922';

let test: TestApp;
let graph: GraphStandIn;
let owner: Client;
let inbox: { id: string; whatsapp: { webhookUrl: string; verifyToken: string } };
beforeEach(async () => {
  graph = await startGraphStandIn(ACCESS_TOKEN);
  test = await startTestApp({ whatsappGraphUrl: graph.url });
  owner = await ownerOf(test);
  const created = await owner.post('/api/inboxes/whatsapp', {
    name: 'WhatsApp ventas',
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '+52 81 0000 0000',
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
  });
  expect(created.status).toBe(201);
  inbox = created.body;
});
afterEach(async () => {
  await test.close();
  await graph.close();
});

/** Posts a webhook the way Meta does: raw JSON bytes signed with the app secret. */
async function deliver(
  payload: unknown,
  options: { secret?: string; signature?: string | null; raw?: string; to?: TestApp } = {},
) {
  const raw = options.raw ?? JSON.stringify(payload);
  const signature =
    options.signature === undefined ? signWebhook(raw, options.secret ?? APP_SECRET) : options.signature;
  return (options.to ?? test).app.inject({
    method: 'POST',
    url: `/api/webhooks/whatsapp/${inbox.id}`,
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    payload: raw,
  });
}

const text = (from: string, id: string, body: string, name = 'Rosa Peña') =>
  inboundPayload(PHONE_NUMBER_ID, [{ from, id, name, message: { type: 'text', text: { body } } }]);

async function messagesOf(conversationId: string) {
  return (await owner.get(`/api/conversations/${conversationId}/messages`)).body as any[];
}

describe('the WhatsApp webhook', () => {
  it('answers Meta’s verification only with the right token, and shows nothing secret', async () => {
    expect(inbox.whatsapp.webhookUrl).toBe(`http://atiende.test/api/whatsapp/webhook/${inbox.id}`);
    expect(JSON.stringify(inbox)).not.toContain(ACCESS_TOKEN);
    expect(JSON.stringify(inbox)).not.toContain(APP_SECRET);
    // The address shown now, and the one numbers connected earlier were given: both answer.
    for (const path of [`/api/whatsapp/webhook/${inbox.id}`, `/api/webhooks/whatsapp/${inbox.id}`]) {
      const ok = await test.app.inject({
        method: 'GET',
        url: `${path}?hub.mode=subscribe&hub.verify_token=${inbox.whatsapp.verifyToken}&hub.challenge=1158201444`,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toBe('1158201444');
    }
    const wrong = await test.app.inject({
      method: 'GET',
      url: `/api/webhooks/whatsapp/${inbox.id}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    });
    expect(wrong.statusCode).toBe(403);
    const mode = await test.app.inject({
      method: 'GET',
      url: `/api/webhooks/whatsapp/${inbox.id}?hub.mode=unsubscribe&hub.verify_token=${inbox.whatsapp.verifyToken}&hub.challenge=1`,
    });
    expect(mode.statusCode).toBe(403);
  });

  it('stores a customer message once, however often Meta delivers it, under a contact keyed on wa_id', async () => {
    const payload = text('5218112345678', 'wamid.HBgNNTIxODExMjM0NTY3OBUCABIYFjNFQjA', 'Hola, ¿tienen el plan anual?');
    expect((await deliver(payload)).statusCode).toBe(200);
    expect((await deliver(payload)).statusCode).toBe(200);
    const [conversation, ...others] = (await owner.get('/api/conversations')).body.items;
    expect(others).toEqual([]);
    expect(conversation).toMatchObject({
      channel: 'whatsapp',
      status: 'open',
      contact: { name: 'Rosa Peña', phone: '+528112345678' },
      replyWindowClosesAt: expect.any(String),
    });
    expect(await messagesOf(conversation.id)).toMatchObject([
      { body: 'Hola, ¿tienen el plan anual?', kind: 'text', direction: 'incoming' },
    ]);
    const contact = (await owner.get(`/api/contacts/${conversation.contact.id}`)).body;
    expect(contact).toMatchObject({ whatsappId: '5218112345678', source: 'WhatsApp' });
    // The same person again, by wa_id: same contact, same conversation.
    await deliver(text('5218112345678', 'wamid.SECOND', 'Y el precio?', 'Rosa'));
    expect((await owner.get('/api/contacts')).body.total).toBe(1);
    expect(await messagesOf(conversation.id)).toHaveLength(2);
  });

  it('finds an existing contact by phone number and takes every kind of message', async () => {
    const rosa = await owner.post('/api/contacts', { name: 'Rosa de la Paloma', phones: [{ value: '81 1234 5678' }] });
    graph.media.set('MEDIA-IMG-1', { bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), mimeType: 'image/jpeg' });
    graph.media.set('MEDIA-DOC-1', { bytes: Buffer.from('%PDF-1.4 factura'), mimeType: 'application/pdf' });
    const payload = inboundPayload(PHONE_NUMBER_ID, [
      {
        from: '5218112345678',
        id: 'wamid.IMG',
        message: { type: 'image', image: { id: 'MEDIA-IMG-1', mime_type: 'image/jpeg', caption: 'Así sale el error' } },
      },
      {
        from: '5218112345678',
        id: 'wamid.DOC',
        message: {
          type: 'document',
          document: { id: 'MEDIA-DOC-1', mime_type: 'application/pdf', filename: '../../etc/Factura A-123.pdf' },
        },
      },
      {
        from: '5218112345678',
        id: 'wamid.LOC',
        message: {
          type: 'location',
          location: {
            latitude: 25.6866,
            longitude: -100.3161,
            name: 'Oficina',
            address: 'Av. Constitución 100, Monterrey',
          },
        },
      },
      {
        from: '5218112345678',
        id: 'wamid.BTN',
        message: {
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Sí, renovar' } },
        },
      },
      { from: '5218112345678', id: 'wamid.UNK', message: { type: 'unsupported', errors: [{ code: 131051 }] } },
    ]);
    expect((await deliver(payload)).statusCode).toBe(200);
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    expect(conversation.contact.id).toBe(rosa.body.id);
    await test.ctx.jobs.drain();
    const messages = await messagesOf(conversation.id);
    expect(messages.map((m) => [m.kind, m.body])).toEqual([
      ['image', 'Así sale el error'],
      ['document', ''],
      ['location', 'Oficina, Av. Constitución 100, Monterrey'],
      ['interactive', 'Sí, renovar'],
      ['unsupported', ''],
    ]);
    expect(messages[2].metadata).toMatchObject({ latitude: 25.6866, longitude: -100.3161 });
    const [image] = messages[0].attachments;
    expect(image).toMatchObject({ contentType: 'image/jpeg', status: 'ready', size: 7, name: 'image.jpg' });
    expect(messages[1].attachments[0]).toMatchObject({ name: 'Factura A-123.pdf', status: 'ready' });
    const file = await test.app.inject({ method: 'GET', url: image.url, headers: { cookie: owner.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect((await test.app.inject({ method: 'GET', url: image.url })).statusCode).toBe(401);
    const stranger = await ownerOf(test);
    expect((await stranger.get(image.url)).status).toBe(404);
  });

  it('takes every message type of Meta’s webhook reference: reactions, shared contacts, orders, system notices, errors, flows, buttons, ads, replies', async () => {
    const samples = JSON.parse(readFileSync(new URL('./fixtures/messages.json', import.meta.url), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const sample = (name: string, target = '') =>
      JSON.parse(JSON.stringify(samples[name]).replaceAll('{{TARGET}}', target)) as Record<string, unknown>;
    const ROSA = '5218112345678';
    const one = (from: string, id: string, message: Record<string, unknown>, name = 'Rosa Peña') =>
      deliver(inboundPayload(PHONE_NUMBER_ID, [{ from, id, name, message }]));
    await deliver(text(ROSA, 'wamid.IN1', 'Hola, ¿tienen tornillos M8?'));
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const answer = (await owner.post(`/api/conversations/${conversation.id}/messages`, { body: 'Sí, a $2.25 c/u.' }))
      .body;
    await test.ctx.jobs.drain();
    const ours = 'wamid.STANDIN000001';

    // A reaction sits on the message it reacts to, never a bubble of its own; an empty emoji takes it back.
    await one(ROSA, 'wamid.R1', sample('reaction', ours));
    let messages = await messagesOf(conversation.id);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ id: answer.id, metadata: { reactions: { customer: '👍' } } });
    await one(ROSA, 'wamid.R2', sample('reactionRemoved', ours));
    expect((await messagesOf(conversation.id))[1].metadata.reactions).toBeUndefined();

    for (const [id, name] of [
      ['wamid.C1', 'contacts'],
      ['wamid.O1', 'order'],
      ['wamid.U1', 'unsupported'],
      ['wamid.F1', 'flowReply'],
      ['wamid.B1', 'button'],
      ['wamid.Q1', 'replyText'],
    ] as const)
      expect((await one(ROSA, id, sample(name, ours))).statusCode).toBe(200);
    messages = await messagesOf(conversation.id);
    const [contacts, order, unsupported, flow, button, reply] = messages.slice(2);
    expect(contacts).toMatchObject({
      kind: 'contacts',
      body: 'Jorge Salinas Ríos, Lupita Contreras',
      metadata: {
        contacts: [
          {
            name: 'Jorge Salinas Ríos',
            company: 'Maquinados del Bajío',
            title: 'Jefe de compras',
            phones: [
              { phone: '+52 444 123 4567', waId: '5214441234567', label: 'CELL' },
              { phone: '+52 444 800 1200', waId: null, label: 'WORK' },
            ],
            emails: [
              { email: 'jorge.salinas@maquinadosdelbajio.mx', label: 'WORK' },
              { email: 'jorge.salinas84@gmail.com', label: 'HOME' },
            ],
            birthday: '1984-03-21',
          },
          { name: 'Lupita Contreras' },
        ],
      },
    });
    expect(order).toMatchObject({
      kind: 'order',
      body: 'Los necesito para el viernes, por favor',
      metadata: {
        order: {
          catalogId: '1029384756',
          items: [
            { sku: 'BRD-1/2-INOX', quantity: 200, price: 3.5, currency: 'MXN' },
            { sku: 'TRN-M8-30', quantity: 150, price: 2.25, currency: 'MXN' },
          ],
          totals: { MXN: 1037.5 },
        },
      },
    });
    expect(unsupported).toMatchObject({
      kind: 'unsupported',
      metadata: {
        errors: [{ code: 131051, title: 'Message type unknown', details: 'Message type is currently not supported.' }],
      },
    });
    expect(flow).toMatchObject({
      kind: 'interactive',
      body: 'Sent',
      metadata: { response: { fecha: '2026-12-10', turno: 'matutino' }, replyTo: { id: answer.id } },
    });
    expect(button).toMatchObject({ kind: 'interactive', body: 'Sí, renovar', metadata: { payload: 'RENOVAR_SI' } });
    expect(reply).toMatchObject({
      body: '¿Y este precio incluye IVA?',
      metadata: { replyTo: { id: answer.id, excerpt: 'Sí, a $2.25 c/u.' } },
    });

    // The agent reacts and answers one message in particular: WhatsApp gets the reaction and the context.
    const first = messages[0];
    const reacted = await owner.put(`/api/conversations/${conversation.id}/messages/${first.id}/reaction`, {
      emoji: '🙏',
    });
    expect(reacted.body.metadata.reactions).toEqual({ agent: '🙏' });
    const quoted = await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'Sí, incluye IVA.',
      replyToId: reply.id,
    });
    expect(quoted.body.metadata.replyTo).toMatchObject({ id: reply.id, excerpt: '¿Y este precio incluye IVA?' });
    await test.ctx.jobs.drain();
    expect(graph.sent.slice(-2).map((s) => s.body)).toEqual([
      expect.objectContaining({ type: 'reaction', reaction: { message_id: 'wamid.IN1', emoji: '🙏' } }),
      expect.objectContaining({ type: 'text', context: { message_id: 'wamid.Q1' } }),
    ]);
    expect(
      (await owner.post(`/api/conversations/${conversation.id}/messages`, { body: 'x', replyToId: 'nope' })).body.error
        .fields[0],
    ).toMatchObject({ path: 'replyToId' });

    // A new number: the contact follows it (the old one stays among the phones), the thread says so and goes on.
    await owner.patch(`/api/conversations/${conversation.id}`, { status: 'resolved' });
    await one(ROSA, 'wamid.S1', sample('numberChanged'));
    await one(ROSA, 'wamid.S1', sample('numberChanged'));
    await one('5218119876543', 'wamid.S2', sample('identityChanged'));
    expect((await owner.get(`/api/conversations/${conversation.id}`)).body.status).toBe('resolved');
    const notices = (await messagesOf(conversation.id)).filter((m) => m.kind === 'notice');
    expect(notices.map((m) => m.metadata.notice)).toEqual(['user_changed_number', 'customer_identity_changed']);
    const contact = (await owner.get(`/api/contacts/${conversation.contact.id}`)).body;
    expect(contact.whatsappId).toBe('5218119876543');
    expect(contact.phones.map((p: { value: string }) => p.value)).toEqual(['+528119876543', '+528112345678']);
    await deliver(text('5218119876543', 'wamid.N1', 'Ya tengo número nuevo'));
    expect((await owner.get('/api/conversations?status=all')).body.items).toHaveLength(1);

    // Someone who tapped an ad: the conversation keeps where they came from, the contact takes it as lead source.
    await one('5213312345678', 'wamid.AD1', sample('referral'), 'Memo Tapia');
    const fromAd = (await owner.get('/api/conversations?fromAd=true')).body.items;
    expect(fromAd).toHaveLength(1);
    expect(fromAd[0].referral).toMatchObject({
      sourceType: 'ad',
      sourceId: '120210000000000001',
      headline: 'Timbra tus facturas sin complicaciones',
      ctwaClid: expect.stringMatching(/^ARAk/),
    });
    expect((await owner.get('/api/conversations?fromAd=false')).body.items.map((c: { id: string }) => c.id)).toEqual([
      conversation.id,
    ]);
    expect((await owner.get('/api/conversations?adId=120210000000000001')).body.items).toHaveLength(1);
    expect((await owner.get(`/api/contacts/${fromAd[0].contact.id}`)).body.source).toBe(
      'Click-to-WhatsApp ad: Timbra tus facturas sin complicaciones',
    );
  });

  it('rejects forged, unsigned and malformed webhooks, storing nothing', async () => {
    const payload = text('5218112345678', 'wamid.FORGED', 'Soy falso');
    expect((await deliver(payload, { secret: 'another-secret-entirely' })).statusCode).toBe(401);
    expect((await deliver(payload, { signature: null })).statusCode).toBe(401);
    expect((await deliver(payload, { signature: 'sha256=abc' })).statusCode).toBe(401);
    // A correct signature over different bytes is still a forgery.
    expect(
      (await deliver(payload, { signature: signWebhook(JSON.stringify(text('1', '2', '3')), APP_SECRET) })).statusCode,
    ).toBe(401);
    expect((await deliver(null, { raw: '{"entry": [' })).statusCode).toBe(400);
    expect((await deliver({ hello: 'world' })).statusCode).toBe(400);
    // Parts it does not understand are skipped; the rest is taken.
    expect(
      (
        await deliver({
          object: 'whatsapp_business_account',
          entry: [
            {
              changes: [
                { field: 'account_update', value: {} },
                { field: 'messages', value: { messages: [{ id: 'x' }] } },
              ],
            },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const unknownInbox = await test.app.inject({
      method: 'POST',
      url: '/api/webhooks/whatsapp/nope',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook('{}', APP_SECRET) },
      payload: '{}',
    });
    expect(unknownInbox.statusCode).toBe(404);
    expect((await owner.get('/api/conversations?status=all')).body.items).toEqual([]);
  });

  it('fetches media only from Meta’s hosts: a private, metadata or foreign URL, or a redirect to one, is never asked (SSRF)', async () => {
    const standIn = new URL(graph.url);
    // Another service on the Graph host's machine, on another port: a redirect there must not carry the token.
    const otherService: string[] = [];
    const other = createServer((req, res) => {
      otherService.push(String(req.headers.authorization));
      res.end('%PDF otro');
    });
    await new Promise<void>((resolve) => other.listen(0, standIn.hostname, resolve));
    const otherPort = (other.address() as AddressInfo).port;
    const bad = {
      'MEDIA-PORT': `${graph.url}/redirect?to=${encodeURIComponent(`http://${standIn.hostname}:${otherPort}/media`)}`,
      'MEDIA-META': 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'MEDIA-LOCAL': `http://localhost:${standIn.port}/media-download/MEDIA-LOCAL`,
      'MEDIA-FOREIGN': 'https://attacker.example/steal-the-token',
      'MEDIA-FILE': 'file:///etc/passwd',
      'MEDIA-HOP': `${graph.url}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`,
      'MEDIA-HOP2': `${graph.url}/redirect?to=${encodeURIComponent('http://10.0.0.7/admin')}`,
    };
    for (const [id, url] of Object.entries(bad))
      graph.media.set(id, { bytes: Buffer.from('%PDF secreto'), mimeType: 'application/pdf', url });
    // A redirect that stays on an allowed host is followed.
    graph.media.set('MEDIA-GOOD-HOP', {
      bytes: Buffer.from('%PDF bueno'),
      mimeType: 'application/pdf',
      url: `${graph.url}/redirect?to=${encodeURIComponent('/media-download/MEDIA-GOOD-HOP')}`,
    });
    const ids = [...Object.keys(bad), 'MEDIA-GOOD-HOP'];
    graph.downloads.length = 0;
    await deliver(
      inboundPayload(
        PHONE_NUMBER_ID,
        ids.map((id) => ({
          from: '5218112345678',
          id: `wamid.${id}`,
          message: { type: 'document', document: { id, mime_type: 'application/pdf', filename: `${id}.pdf` } },
        })),
      ),
    );
    await test.ctx.jobs.drain();
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const files = (await messagesOf(conversation.id)).map((m) => [m.attachments[0].name, m.attachments[0].status]);
    expect(files).toEqual(ids.map((id) => [`${id}.pdf`, id === 'MEDIA-GOOD-HOP' ? 'ready' : 'failed']));
    // The stand-in (the allowed host) saw only the two redirects and the good download; nothing else was fetched.
    const path = (url: string) => url.slice(graph.url.length);
    expect(graph.downloads.sort()).toEqual(
      [
        path(bad['MEDIA-PORT']),
        path(bad['MEDIA-HOP']),
        path(bad['MEDIA-HOP2']),
        path(graph.media.get('MEDIA-GOOD-HOP')!.url!),
        '/media-download/MEDIA-GOOD-HOP',
      ].sort(),
    );
    expect(otherService).toEqual([]);
    other.close();
  });
});

describe('answering on WhatsApp', () => {
  it('sends text inside the 24-hour window, and delivery reports only move forward', async () => {
    await deliver(text('5218112345678', 'wamid.IN1', 'Hola'));
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const sent = await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'Hola Rosa, sí lo tenemos.',
    });
    expect(sent.status).toBe(201);
    expect(sent.body.deliveryStatus).toBe('pending');
    await test.ctx.jobs.drain();
    expect(graph.sent).toEqual([
      {
        phoneNumberId: PHONE_NUMBER_ID,
        body: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: '5218112345678',
          type: 'text',
          text: { preview_url: false, body: 'Hola Rosa, sí lo tenemos.' },
        },
      },
    ]);
    const status = async () => (await messagesOf(conversation.id)).find((m) => m.id === sent.body.id).deliveryStatus;
    expect(await status()).toBe('sent');
    // read arrives before delivered: delivered must not move it back.
    await deliver(
      statusPayload(PHONE_NUMBER_ID, [{ id: 'wamid.STANDIN000001', status: 'read', recipient: '5218112345678' }]),
    );
    await deliver(
      statusPayload(PHONE_NUMBER_ID, [{ id: 'wamid.STANDIN000001', status: 'delivered', recipient: '5218112345678' }]),
    );
    await deliver(
      statusPayload(PHONE_NUMBER_ID, [{ id: 'wamid.STANDIN000001', status: 'sent', recipient: '5218112345678' }]),
    );
    expect(await status()).toBe('read');
  });

  it('sends an answer’s files as uploaded media, the text as the first one’s caption', async () => {
    await deliver(text('5218112345678', 'wamid.IN1', '¿Me manda la cotización?'));
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const attach = (name: string, type: string, bytes: Buffer, caption = '') =>
      test.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversation.id}/attachments?caption=${encodeURIComponent(caption)}`,
        payload: bytes,
        headers: {
          cookie: owner.cookie,
          'x-csrf-token': owner.csrf,
          'content-type': type,
          'x-file-name': encodeURIComponent(name),
        },
      });
    const pdf = Buffer.from('%PDF-1.4 cotización');
    const sent = await attach('Cotización 4500.pdf', 'application/pdf', pdf, 'Aquí está, Rosa');
    expect(sent.statusCode).toBe(201);
    await test.ctx.jobs.drain();
    const [upload] = [...graph.uploaded.values()];
    expect(upload).toMatchObject({ mimeType: 'application/pdf', fileName: 'Cotización 4500.pdf' });
    expect(upload!.bytes.equals(pdf)).toBe(true);
    expect(graph.sent.at(-1)!.body).toMatchObject({
      to: '5218112345678',
      type: 'document',
      document: { id: [...graph.uploaded.keys()][0], filename: 'Cotización 4500.pdf', caption: 'Aquí está, Rosa' },
    });
    expect((await messagesOf(conversation.id)).find((m) => m.id === sent.json().id).deliveryStatus).toBe('sent');
    // A voice note takes no caption: the text goes first, as its own message.
    await attach('nota.ogg', 'audio/ogg', Buffer.from('OggS'), 'Le dejo un audio');
    await test.ctx.jobs.drain();
    expect(graph.sent.slice(-2).map((m) => m.body.type)).toEqual(['text', 'audio']);
    expect(graph.sent.at(-1)!.body.audio).not.toHaveProperty('caption');
  });

  it('outside the window refuses text and sends an approved template with its parameters', async () => {
    await deliver(text('5218112345678', 'wamid.OLD', 'Hola'));
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    // The customer wrote two days ago.
    await test.ctx.db
      .updateTable('conversations')
      .set({ last_incoming_at: Date.now() - 48 * 3_600_000 })
      .where('id', '=', conversation.id)
      .execute();
    const refused = await owner.post(`/api/conversations/${conversation.id}/messages`, { body: '¿Sigue interesado?' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('whatsapp_window_closed');
    const agent = await memberOf(test, owner, 'agent');
    expect(
      (
        await agent.post(`/api/inboxes/${inbox.id}/templates`, {
          name: 'x',
          language: 'es_MX',
          category: 'utility',
          body: 'x',
        })
      ).status,
    ).toBe(403);
    const bad = await owner.post(`/api/inboxes/${inbox.id}/templates`, {
      name: 'Renovación',
      language: 'español',
      category: 'utility',
      body: 'x',
    });
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['name', 'language']);
    const template = await owner.post(`/api/inboxes/${inbox.id}/templates`, {
      name: 'renovacion_plan',
      language: 'es_MX',
      category: 'utility',
      body: 'Hola {{1}}, tu plan {{2}} vence pronto. ¿Lo renovamos?',
    });
    expect(template.body.parameters).toBe(2);
    const wrongCount = await agent.post(`/api/conversations/${conversation.id}/template`, {
      templateId: template.body.id,
      parameters: ['Rosa'],
    });
    expect(wrongCount.body.error.fields[0].path).toBe('parameters');
    const sent = await agent.post(`/api/conversations/${conversation.id}/template`, {
      templateId: template.body.id,
      parameters: ['Rosa', 'Pyme'],
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      kind: 'template',
      body: 'Hola Rosa, tu plan Pyme vence pronto. ¿Lo renovamos?',
      deliveryStatus: 'pending',
    });
    await test.ctx.jobs.drain();
    expect(graph.sent[0]!.body).toMatchObject({
      type: 'template',
      template: {
        name: 'renovacion_plan',
        language: { code: 'es_MX' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Rosa' },
              { type: 'text', text: 'Pyme' },
            ],
          },
        ],
      },
    });
  });

  it('marks a message failed, with the reason, when Meta refuses it', async () => {
    await deliver(text('5218112345678', 'wamid.IN', 'Hola'));
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    graph.failNextSend({ code: 131026, message: 'Message undeliverable' });
    const sent = await owner.post(`/api/conversations/${conversation.id}/messages`, { body: 'Respuesta' });
    await test.ctx.jobs.drain();
    const message = (await messagesOf(conversation.id)).find((m) => m.id === sent.body.id);
    expect(message).toMatchObject({ deliveryStatus: 'failed', deliveryError: '131026 Message undeliverable' });
    // A failed report after the fact for another message id changes nothing.
    expect(
      (await deliver(statusPayload(PHONE_NUMBER_ID, [{ id: 'wamid.UNKNOWN', status: 'failed', recipient: '1' }])))
        .statusCode,
    ).toBe(200);
  });
});

describe.runIf(dialect === 'postgres')('the WhatsApp webhook on two server processes', () => {
  it('a new customer whose first two messages reach both processes at once becomes one contact with one conversation', async () => {
    const second = await startTestApp({ joinDatabase: test.databaseName, whatsappGraphUrl: graph.url });
    try {
      const senders = Array.from({ length: 20 }, (_, i) => `52181${String(20_000_000 + i)}`);
      const answers = await Promise.all(
        senders.flatMap((from) => [
          deliver(text(from, `wamid.A${from}`, 'Hola')),
          deliver(text(from, `wamid.B${from}`, '¿Siguen ahí?'), { to: second }),
        ]),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
      const contacts = await test.ctx.db
        .selectFrom('contacts')
        .select(['id', 'whatsapp_id'])
        .where('whatsapp_id', 'in', senders)
        .execute();
      expect(contacts).toHaveLength(senders.length);
      const conversations = await test.ctx.db
        .selectFrom('conversations')
        .select(['id', 'contact_id'])
        .where(
          'contact_id',
          'in',
          contacts.map((c) => c.id),
        )
        .execute();
      expect(conversations).toHaveLength(senders.length);
      const messages = await test.ctx.db
        .selectFrom('messages')
        .select('conversation_id')
        .where(
          'conversation_id',
          'in',
          conversations.map((c) => c.id),
        )
        .execute();
      expect(messages).toHaveLength(senders.length * 2);
    } finally {
      await second.close();
    }
  });

  it('a batch stores the senders it can and leaves one that another process is storing for its next batch', async () => {
    const { workspace_id: workspaceId } = await test.ctx.db
      .selectFrom('inboxes')
      .select('workspace_id')
      .where('id', '=', inbox.id)
      .executeTakeFirstOrThrow();
    const held = '5218130000001';
    const free = '5218130000002';
    // The other process: a transaction holding the first sender's lock until the test lets it go.
    let release!: () => void;
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const other = test.ctx.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${senderKey(workspaceId, held)}, 0))`.execute(trx);
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isHolding;
    const ingest = new WebhookIngest(test.ctx.db);
    const work = (from: string, id: string) => ({
      ctx: test.ctx,
      inboxId: inbox.id,
      workspaceId,
      payload: text(from, id, 'Hola'),
    });
    const stored = (id: string) =>
      test.ctx.db.selectFrom('messages').select('id').where('source_id', '=', id).executeTakeFirst();
    // Submitted in the same turn of the event loop: one batch.
    let heldStored = false;
    const first = ingest.submit(work(held, 'wamid.HELD')).then(() => (heldStored = true));
    const second = ingest.submit(work(free, 'wamid.FREE')).then(() => 'stored');
    expect(
      await Promise.race([
        second,
        new Promise((resolve) => setTimeout(() => resolve('waited for the other process'), 5_000)),
      ]),
    ).toBe('stored');
    expect(await stored('wamid.FREE')).toBeDefined();
    expect(heldStored).toBe(false);
    expect(await stored('wamid.HELD')).toBeUndefined();
    release();
    await other;
    await first;
    expect(await stored('wamid.HELD')).toBeDefined();
  });
});
