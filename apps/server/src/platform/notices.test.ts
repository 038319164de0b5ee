import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';
import { sweep } from './housekeeping.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

async function conversationOf(owner: Awaited<ReturnType<typeof ownerOf>>, text: string) {
  const visitor = await visitorOf(test, owner, 'Rosa Treviño', `rosa.${Math.random()}@example.mx`);
  await visitor.send(text);
  const list = (await owner.get('/api/conversations?view=all')).body.items as {
    id: string;
    contact: { id: string; name: string };
  }[];
  return list.find((c) => c.contact.name === 'Rosa Treviño')!;
}

describe('the bell', () => {
  it('keeps every notice of mine, counts the unread ones and marks them read, one by one or all', async () => {
    const owner = await ownerOf(test);
    const paola = await memberOf(test, owner, 'agent', 'Paola');
    const luis = await memberOf(test, owner, 'agent', 'Luis');
    const conversation = await conversationOf(owner, 'No me llega la factura');
    for (const text of ['@Paola revisa el RFC', '@Paola y el uso de CFDI', '@Paola ¿ya?'])
      await owner.post(`/api/conversations/${conversation.id}/messages`, { body: text, private: true });

    const mine = (await paola.get('/api/notifications')).body;
    expect(mine.unread).toBe(3);
    expect(mine.items.map((n: { excerpt: string }) => n.excerpt)).toEqual([
      '@Paola ¿ya?',
      '@Paola y el uso de CFDI',
      '@Paola revisa el RFC',
    ]);
    expect(mine.items[0]).toMatchObject({
      kind: 'mention',
      conversationId: conversation.id,
      contactName: 'Rosa Treviño',
      readAt: null,
    });
    // Nobody else's bell rings, and nobody else can mark mine.
    expect((await luis.get('/api/notifications')).body).toEqual({ items: [], unread: 0, nextCursor: null });
    expect((await luis.post('/api/notifications/read', { ids: [mine.items[0].id] })).body).toEqual({ unread: 0 });
    expect((await paola.get('/api/notifications')).body.unread).toBe(3);

    // A page at a time.
    const first = (await paola.get('/api/notifications?limit=2')).body;
    expect(first.items).toHaveLength(2);
    const rest = (await paola.get(`/api/notifications?limit=2&cursor=${first.nextCursor}`)).body;
    expect(rest.items.map((n: { excerpt: string }) => n.excerpt)).toEqual(['@Paola revisa el RFC']);
    expect(rest.nextCursor).toBeNull();

    expect((await paola.post('/api/notifications/read', { ids: [mine.items[0].id] })).body).toEqual({ unread: 2 });
    const unread = (await paola.get('/api/notifications?unread=true')).body;
    expect(unread.items).toHaveLength(2);
    expect((await paola.get('/api/notifications')).body.items[0].readAt).not.toBeNull();
    expect((await paola.post('/api/notifications/read', { all: true })).body).toEqual({ unread: 0 });

    // Bad input says what is wrong and changes nothing.
    for (const body of [{}, { ids: [] }, { ids: ['x'], all: true }, { all: false }]) {
      const reply = await paola.post('/api/notifications/read', body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    }
    expect((await paola.get('/api/notifications?cursor=nonsense')).status).toBe(400);
  });

  it('forgets a notice with the person it was about, and after 90 days', async () => {
    const owner = await ownerOf(test);
    const paola = await memberOf(test, owner, 'agent', 'Paola');
    const erased = await conversationOf(owner, 'Hola');
    await owner.post(`/api/conversations/${erased.id}/messages`, { body: '@Paola mira', private: true });
    expect((await paola.get('/api/notifications')).body.unread).toBe(1);
    // Erasing the person (privacy) takes what the bell said of them.
    const contactId = erased.contact.id;
    expect((await owner.post(`/api/contacts/${contactId}/privacy/block`, {})).status).toBe(200);
    const erase = await owner.post(`/api/contacts/${contactId}/privacy/erase`, { confirmName: 'Rosa Treviño' });
    expect(erase.status).toBe(200);
    expect((await paola.get('/api/notifications')).body).toEqual({ items: [], unread: 0, nextCursor: null });

    const kept = await conversationOf(owner, 'Otra vez');
    await owner.post(`/api/conversations/${kept.id}/messages`, { body: '@Paola otra', private: true });
    expect((await paola.get('/api/notifications')).body.unread).toBe(1);
    // (The sweep ends the sessions too by then: the rows are read directly.)
    const rows = () => test.ctx.db.selectFrom('notices').select('excerpt').execute();
    await sweep(test.ctx.db, Date.now() + 89 * 86_400_000, test.ctx.dialect);
    expect(await rows()).toEqual([{ excerpt: '@Paola otra' }]);
    await sweep(test.ctx.db, Date.now() + 91 * 86_400_000, test.ctx.dialect);
    expect(await rows()).toEqual([]);
  });
});
