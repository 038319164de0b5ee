import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('message search', () => {
  it('finds messages and notes by their words, accents ignored, newest first, inside the workspace', async () => {
    const owner = await ownerOf(test);
    const rosa = await visitorOf(test, owner, 'Rosa');
    await rosa.send('El timbrado de la factura falló con Peña y Asociados');
    await rosa.send('Gracias, ya quedó');
    const luis = await visitorOf(test, owner, 'Luis');
    await luis.send('¿Cuánto cuesta el plan anual? Quiero facturación electrónica');
    const conversation = (await owner.get('/api/conversations')).body.items.find(
      (c: { contact: { name: string } }) => c.contact.name === 'Rosa',
    );
    await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'Revisar el certificado de Peña',
      private: true,
    });

    const pena = (await owner.get('/api/messages/search?q=pena')).body;
    expect(pena.map((r: { message: { body: string } }) => r.message.body)).toEqual([
      'Revisar el certificado de Peña',
      'El timbrado de la factura falló con Peña y Asociados',
    ]);
    expect(pena[1].conversation.contact.name).toBe('Rosa');
    // Words of three letters or more match as prefixes: "fact" finds factura and facturación.
    expect((await owner.get('/api/messages/search?q=fact')).body).toHaveLength(2);
    expect((await owner.get('/api/messages/search?q=factura%20pena')).body).toHaveLength(1);
    expect((await owner.get('/api/messages/search?q=inexistente')).body).toEqual([]);
    expect((await owner.get('/api/messages/search?q=')).status).toBe(400);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/messages/search?q=pena')).body).toEqual([]);
    // A contact blocked by a privacy request takes their messages out of search too.
    await owner.post(`/api/contacts/${conversation.contact.id}/privacy/block`, {});
    expect((await owner.get('/api/messages/search?q=pena')).body).toEqual([]);
  });
});

describe('message search over many matches', () => {
  it('a word in thousands of messages still gives the newest ones first', async () => {
    const owner = await ownerOf(test);
    const rosa = await visitorOf(test, owner, 'Rosa');
    await rosa.send('Primera factura');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const first = await test.ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    // More matches than a search reads and sorts whole: the common-word path answers.
    const base = first.created_at;
    const copies = Array.from({ length: 1_500 }, (_, i) => ({
      ...first,
      id: `${first.id.slice(0, 24)}${String(i).padStart(12, '0')}`,
      body: `factura número ${i}`,
      source_id: `bulk-${i}`,
      created_at: base + 1 + i,
    }));
    for (let i = 0; i < copies.length; i += 250)
      await test.ctx.db
        .insertInto('messages')
        .values(copies.slice(i, i + 250).map(({ search_vector: _s, ...m }: Record<string, unknown>) => m) as never)
        .execute();
    const found = (await owner.get('/api/messages/search?q=factura&limit=5')).body as { message: { body: string } }[];
    expect(found.map((r) => r.message.body)).toEqual([
      'factura número 1499',
      'factura número 1498',
      'factura número 1497',
      'factura número 1496',
      'factura número 1495',
    ]);
    expect(
      (await owner.get('/api/messages/search?q=primera%20factura')).body.map(
        (r: { message: { body: string } }) => r.message.body,
      ),
    ).toEqual(['Primera factura']);
  });
});

describe('message search by prefix', () => {
  it('finds long words by any prefix, and a long mail stores and is found whole', async () => {
    const owner = await ownerOf(test);
    const rosa = await visitorOf(test, owner, 'Rosa');
    await rosa.send('Hola, la clave es internacionalizacionesxyzabc y el folio 12');
    const bodies = async (q: string) =>
      (await owner.get(`/api/messages/search?q=${encodeURIComponent(q)}`)).body.map(
        (r: { message: { body: string } }) => r.message.body,
      );
    const sent = ['Hola, la clave es internacionalizacionesxyzabc y el folio 12'];
    expect(await bodies('inter')).toEqual(sent);
    expect(await bodies('internacionalizacionesxyz')).toEqual(sent);
    // Longer than the prefixes PostgreSQL stores (24 letters): still a prefix, and only of the word that has it.
    expect(await bodies('internacionalizacionesxyza')).toEqual(sent);
    expect(await bodies('internacionalizacionesxyzq')).toEqual([]);
    // Words of one or two letters match whole words only.
    expect(await bodies('cl')).toEqual([]);
    expect(await bodies('12')).toEqual(sent);
    expect(await bodies('1')).toEqual([]);

    // The longest mail body kept (50,000 characters) of 24-letter words, all different: its word index fits, and a
    // word past the part whose prefixes are stored is still found whole.
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const first = await test.ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    let seed = 7;
    const word = () =>
      Array.from(
        { length: 24 },
        () => 'abcdefghijklmnopqrstuvwxyz0123456789'[(seed = (seed * 48271) % 2147483647) % 36],
      ).join('');
    const words = Array.from({ length: 2_000 }, word);
    const body = words.join(' ');
    expect(body.length).toBeGreaterThanOrEqual(49_999);
    const { search_vector: _s, ...row } = first as typeof first & { search_vector?: unknown };
    await test.ctx.db
      .insertInto('messages')
      .values({
        ...row,
        id: `${first.id.slice(0, 24)}000000000001`,
        body,
        source_id: 'long-mail',
        created_at: first.created_at + 1,
      })
      .execute();
    expect(await bodies(words[10]!)).toHaveLength(1);
    expect(await bodies(words[10]!.slice(0, 10))).toHaveLength(1);
    expect(await bodies(words[1_990]!)).toHaveLength(1);
  });
});

describe('merging conversations', () => {
  it('moves the messages, history and labels of one conversation of a contact into another', async () => {
    const owner = await ownerOf(test);
    const rosa = await visitorOf(test, owner, 'Rosa');
    await rosa.send('Hola, les llamo en un momento');
    const chat = (await owner.get('/api/conversations')).body.items[0];
    const label = await owner.post('/api/labels', { name: 'factura' });
    const call = await owner.post('/api/activities', {
      contactId: chat.contact.id,
      kind: 'call',
      outcome: 'follow_up',
      notes: 'Llamó por la factura',
    });
    await owner.patch(`/api/conversations/${call.body.conversationId}`, { labelIds: [label.body.id] });
    expect((await owner.get(`/api/conversations/${chat.id}/related`)).body.map((c: { id: string }) => c.id)).toEqual([
      call.body.conversationId,
    ]);

    // Merged from the call's side, the chat survives: it is the one agents can answer.
    const merged = await owner.post(`/api/conversations/${call.body.conversationId}/merge`, { mergeId: chat.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: chat.id, channel: 'webchat' });
    expect(merged.body.labels.map((l: { name: string }) => l.name)).toEqual(['factura']);
    const messages = (await owner.get(`/api/conversations/${chat.id}/messages`)).body;
    expect(messages.map((m: { kind: string }) => m.kind)).toEqual(['text', 'call']);
    expect((await owner.get(`/api/conversations/${call.body.conversationId}`)).status).toBe(404);

    expect(
      (await owner.post(`/api/conversations/${chat.id}/merge`, { mergeId: chat.id })).body.error.fields[0].path,
    ).toBe('mergeId');
    const luis = await visitorOf(test, owner, 'Luis');
    await luis.send('Hola');
    const other = (await owner.get('/api/conversations')).body.items.find(
      (c: { contact: { name: string } }) => c.contact.name === 'Luis',
    );
    expect(
      (await owner.post(`/api/conversations/${chat.id}/merge`, { mergeId: other.id })).body.error.fields[0].message,
    ).toBe('Only conversations of the same contact can be merged');
    const stranger = await ownerOf(test);
    expect((await stranger.post(`/api/conversations/${chat.id}/merge`, { mergeId: other.id })).status).toBe(404);
  });
});
