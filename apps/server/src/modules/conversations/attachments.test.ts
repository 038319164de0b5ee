// Files in conversations: visitors send them from the widget, agents answer with them; each side opens only its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const upload = (url: string, data: Buffer, headers: Record<string, string>) =>
  test.app.inject({ method: 'POST', url, payload: data, headers });
/** The first bytes of a PNG image (its signature and the start of its header). */
const png = (rest = '') => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(rest)]);

describe('attachments', () => {
  it('a visitor sends a file once, however often the widget retries, and the agent opens it', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa Peña');
    const pdf = Buffer.from('%PDF-1.4 factura');
    const headers = {
      'x-visitor-token': visitor.token,
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent('Factura Ñandú.pdf'),
    };
    const id = '0196d7a0-0000-7000-8000-000000000001';
    const first = await upload(`/api/widget/v1/attachments?clientMessageId=${id}`, pdf, headers);
    expect(first.statusCode).toBe(201);
    expect((await upload(`/api/widget/v1/attachments?clientMessageId=${id}`, pdf, headers)).json().id).toBe(
      first.json().id,
    );
    const [conversation] = (await owner.get('/api/conversations')).body.items;
    expect(conversation.lastMessagePreview).toBe('📎 Factura Ñandú.pdf');
    const messages = (await owner.get(`/api/conversations/${conversation.id}/messages`)).body;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      kind: 'document',
      attachments: [{ name: 'Factura Ñandú.pdf', contentType: 'application/pdf', size: pdf.length }],
    });
    const opened = await owner.get(messages[0].attachments[0].url);
    expect(opened.status).toBe(200);
    // Bad uploads: nothing is written.
    expect((await upload('/api/widget/v1/attachments', Buffer.alloc(0), headers)).json().error.fields[0]).toMatchObject(
      { path: 'file' },
    );
    expect((await upload('/api/widget/v1/attachments', Buffer.alloc(11 * 1024 * 1024), headers)).statusCode).toBe(413);
    expect(
      (await upload('/api/widget/v1/attachments', pdf, { ...headers, 'x-visitor-token': 'wv_nope' })).statusCode,
    ).toBe(401);
    expect((await owner.get(`/api/conversations/${conversation.id}/messages`)).body).toHaveLength(1);
  });

  it('an agent answers with a file the visitor can open, while internal files and other visitors stay out', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa Peña');
    const stranger = await visitorOf(test, owner, 'Otro');
    await visitor.send('¿Me mandan la guía?');
    const [conversation] = (await owner.get('/api/conversations')).body.items;
    const send = (body: Buffer, query: string, name: string, type = 'image/png') =>
      test.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversation.id}/attachments${query}`,
        payload: body,
        headers: {
          cookie: owner.cookie,
          'x-csrf-token': owner.csrf,
          'content-type': type,
          'x-file-name': encodeURIComponent(name),
        },
      });
    // A .json file is a file, not a request body to parse.
    const guide = await send(
      Buffer.from('{"paso":1}'),
      '?caption=Aqu%C3%AD%20est%C3%A1',
      'guia.json',
      'application/json',
    );
    expect(guide.statusCode).toBe(201);
    expect(guide.json()).toMatchObject({
      body: 'Aquí está',
      kind: 'document',
      direction: 'outgoing',
      attachments: [{ name: 'guia.json' }],
    });
    const note = await send(png('secret'), '?private=true', 'interno.png');
    expect(note.json().private).toBe(true);
    const seen = (await visitor.messages()).body as { id: string; attachments: { id: string }[] }[];
    expect(seen.map((m) => m.id)).not.toContain(note.json().id);
    const fileId = seen.find((m) => m.id === guide.json().id)!.attachments[0]!.id;
    const fetchAs = (token: string, id: string) =>
      test.app.inject({ method: 'GET', url: `/api/widget/v1/files/${id}`, headers: { 'x-visitor-token': token } });
    const got = await fetchAs(visitor.token, fileId);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toMatch(/^attachment/);
    expect(got.body).toBe('{"paso":1}');
    expect((await fetchAs(stranger.token, fileId)).statusCode).toBe(404);
    expect((await fetchAs(visitor.token, note.json().attachments[0].id)).statusCode).toBe(404);
    // Without a CSRF token a cookie cannot post files.
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/conversations/${conversation.id}/attachments`,
          payload: Buffer.from('x'),
          headers: { cookie: owner.cookie, 'content-type': 'image/png' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses a file whose bytes are not what it claims, serves a received one that lies only as a download, and names files unguessably', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa Peña');
    await visitor.send('Hola');
    const [conversation] = (await owner.get('/api/conversations')).body.items;
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const asVisitor = await upload('/api/widget/v1/attachments', html, {
      'x-visitor-token': visitor.token,
      'content-type': 'image/png',
      'x-file-name': 'foto.png',
    });
    expect(asVisitor.statusCode).toBe(400);
    expect(asVisitor.json().error.code).toBe('file_rejected');
    const headers = { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'x-file-name': 'x' };
    for (const [type, bytes] of [
      ['image/png', html],
      ['application/pdf', html],
      ['audio/ogg', html],
      ['image/jpeg', Buffer.from('MZ\x90\x00program')],
      ['text/plain', Buffer.from('MZ\x90\x00program')],
    ] as const) {
      const refused = await upload(`/api/conversations/${conversation.id}/attachments`, bytes, {
        ...headers,
        'content-type': type,
      });
      expect(refused.json().error?.code, type).toBe('file_rejected');
    }
    expect((await owner.get(`/api/conversations/${conversation.id}/messages`)).body).toHaveLength(1);
    // A real image is shown inline; a file another channel brought in, whose bytes are not its type, only downloads.
    const image = await upload(`/api/conversations/${conversation.id}/attachments`, png('imagen'), {
      ...headers,
      'content-type': 'image/png',
    });
    expect(image.statusCode).toBe(201);
    const file = image.json().attachments[0];
    expect(file.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const inline = await owner.get(file.url);
    expect([inline.headers['content-type'], String(inline.headers['content-disposition']).split(';')[0]]).toEqual([
      'image/png',
      'inline',
    ]);
    await test.database.db
      .updateTable('files')
      .set({ data: new Uint8Array(html) })
      .where('id', '=', file.id)
      .execute();
    const lying = await owner.get(file.url);
    expect([lying.headers['content-type'], String(lying.headers['content-disposition']).split(';')[0]]).toEqual([
      'application/octet-stream',
      'attachment',
    ]);
  });

  it('is refused, with the reason, on channels that cannot carry an agent’s file', async () => {
    const owner = await ownerOf(test);
    const contact = (await owner.post('/api/contacts', { name: 'Luis Garza', phones: [{ value: '8187654321' }] })).body;
    const call = await owner.post('/api/activities', {
      contactId: contact.id,
      kind: 'call',
      outcome: 'solved',
      notes: 'Llamó',
    });
    const conversationId = call.body.conversationId as string;
    const refused = await test.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/attachments`,
      payload: png(),
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'image/png',
        'x-file-name': 'a.png',
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0]).toMatchObject({ path: 'file' });
  });

  it('quick replies keep files that go along each time they are used, where the channel carries them', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa Peña');
    await visitor.send('¿Cómo cancelo una factura?');
    const [conversation] = (await owner.get('/api/conversations')).body.items;
    const quick = (
      await owner.post('/api/quick-replies', {
        shortcut: 'cancelar',
        title: 'Cancelar CFDI',
        body: 'Hola {{contact.first_name}}, aquí está la guía.',
      })
    ).body;
    const withFile = await test.app.inject({
      method: 'POST',
      url: `/api/quick-replies/${quick.id}/attachments`,
      payload: Buffer.from('%PDF-1.4 guia'),
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'application/pdf',
        'x-file-name': 'guia-cancelacion.pdf',
      },
    });
    expect(withFile.statusCode).toBe(201);
    expect(withFile.json().attachments).toMatchObject([
      { name: 'guia-cancelacion.pdf', contentType: 'application/pdf' },
    ]);
    const offered = (await owner.get(`/api/conversations/${conversation.id}/quick-replies?q=can`)).body;
    expect(offered[0]).toMatchObject({
      text: 'Hola Rosa, aquí está la guía.',
      attachments: [{ name: 'guia-cancelacion.pdf' }],
    });
    const sent = await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: offered[0].text,
      quickReplyId: quick.id,
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toMatchObject([{ name: 'guia-cancelacion.pdf' }]);
    // The message has its own copy: removing the file from the quick reply leaves the sent one.
    const fileId = withFile.json().attachments[0].id;
    expect((await owner.delete(`/api/quick-replies/${quick.id}/attachments/${fileId}`)).body.attachments).toEqual([]);
    expect((await owner.get(sent.body.attachments[0].url)).status).toBe(200);
    // A quick reply of another workspace is not found, and nothing is sent.
    const other = await ownerOf(test);
    const foreign = (await other.post('/api/quick-replies', { shortcut: 'x', title: 'x', body: 'x' })).body;
    const refused = await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'hola',
      quickReplyId: foreign.id,
    });
    expect(refused.body.error.fields[0]).toMatchObject({ path: 'quickReplyId' });
    expect((await owner.get(`/api/conversations/${conversation.id}/messages`)).body).toHaveLength(2);
  });
});
