import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('a website conversation', () => {
  it('lands in the inbox, gets an answer, and the visitor sees it', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@example.com');
    const sent = await visitor.send('Hola, no puedo timbrar mi factura');
    expect(sent.status).toBe(201);
    const inbox = await owner.get('/api/conversations');
    expect(inbox.body.items).toHaveLength(1);
    const conversation = inbox.body.items[0];
    expect(conversation).toMatchObject({
      channel: 'webchat',
      status: 'open',
      contact: { name: 'Rosa Peña', email: 'rosa@example.com' },
      lastMessagePreview: 'Hola, no puedo timbrar mi factura',
    });
    expect(conversation.waitingSince).not.toBeNull();
    const reply = await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: '¿Qué error le aparece?',
    });
    expect(reply.status).toBe(201);
    const note = await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: 'Cliente VIP',
      private: true,
    });
    expect(note.status).toBe(201);
    const seen = await visitor.messages();
    expect(seen.body.map((m: { body: string }) => m.body)).toEqual([
      'Hola, no puedo timbrar mi factura',
      '¿Qué error le aparece?',
    ]);
    const after = (await owner.get(`/api/conversations/${conversation.id}`)).body;
    expect(after.waitingSince).toBeNull();
    expect(after.assigneeId).toBe((await owner.get('/api/auth/session')).body.user.id);
    const all = await owner.get(`/api/conversations/${conversation.id}/messages`);
    expect(all.body.map((m: { private: boolean }) => m.private)).toEqual([false, false, true]);
  });

  it('a retried post with the same client id is stored once', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    const id = '6f1c1d2e-8a4b-4c3d-9e8f-0a1b2c3d4e5f';
    const first = await visitor.send('¿Siguen ahí?', id);
    const second = await visitor.send('¿Siguen ahí?', id);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect((await visitor.messages()).body).toHaveLength(1);
  });

  it('a visitor never sees another visitor’s conversation, even with the same email', async () => {
    const owner = await ownerOf(test);
    const real = await visitorOf(test, owner, 'Rosa', 'rosa@example.com');
    await real.send('Mi RFC es XAXX010101000');
    const impostor = await visitorOf(test, owner, 'Rosa', 'rosa@example.com');
    expect((await impostor.messages()).body).toEqual([]);
  });

  it('resolving and reopening are recorded; a new message reopens a resolved conversation', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    await visitor.send('Hola');
    const id = (await owner.get('/api/conversations')).body.items[0].id;
    expect((await owner.patch(`/api/conversations/${id}`, { status: 'resolved' })).body.status).toBe('resolved');
    expect((await owner.get('/api/conversations?status=open')).body.items).toHaveLength(0);
    await visitor.send('Una pregunta más');
    expect((await owner.get(`/api/conversations/${id}`)).body.status).toBe('open');
    const actions = (await owner.get('/api/audit-log')).body.map((e: { action: string }) => e.action);
    expect(actions).toContain('conversation.resolved');
  });

  it('pages through conversations with a cursor, newest activity first', async () => {
    const owner = await ownerOf(test);
    for (let i = 0; i < 5; i++) await (await visitorOf(test, owner, `Visitor ${i}`)).send(`message ${i}`);
    const first = await owner.get('/api/conversations?limit=2');
    expect(first.body.items.map((c: { lastMessagePreview: string }) => c.lastMessagePreview)).toEqual([
      'message 4',
      'message 3',
    ]);
    const second = await owner.get(`/api/conversations?limit=2&before=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((c: { lastMessagePreview: string }) => c.lastMessagePreview)).toEqual([
      'message 2',
      'message 1',
    ]);
    const third = await owner.get(`/api/conversations?limit=2&before=${encodeURIComponent(second.body.nextCursor)}`);
    expect(third.body.items).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();
  });

  it('only agents answer; an assignee must be an agent of this workspace', async () => {
    const owner = await ownerOf(test);
    const viewer = await memberOf(test, owner, 'viewer');
    const visitor = await visitorOf(test, owner);
    await visitor.send('Hola');
    const id = (await owner.get('/api/conversations')).body.items[0].id;
    expect((await viewer.post(`/api/conversations/${id}/messages`, { body: 'hi' })).status).toBe(403);
    const viewerId = (await viewer.get('/api/auth/session')).body.user.id;
    const bad = await owner.patch(`/api/conversations/${id}`, { assigneeId: viewerId });
    expect(bad.body.error.fields[0].path).toBe('assigneeId');
  });
});

describe('workspace isolation', () => {
  it('another workspace cannot read, answer or change a conversation by id, and nothing is written', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    await visitor.send('Datos privados');
    const id = (await owner.get('/api/conversations')).body.items[0].id;
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/conversations')).body.items).toEqual([]);
    expect((await stranger.get(`/api/conversations/${id}`)).status).toBe(404);
    expect((await stranger.get(`/api/conversations/${id}/messages`)).status).toBe(404);
    expect((await stranger.post(`/api/conversations/${id}/messages`, { body: 'intrusion' })).status).toBe(404);
    expect((await stranger.patch(`/api/conversations/${id}`, { status: 'resolved' })).status).toBe(404);
    const ownerId = (await owner.get('/api/auth/session')).body.user.id;
    expect((await stranger.patch(`/api/members/${ownerId}`, { role: 'viewer' })).status).toBe(404);
    const messages = await owner.get(`/api/conversations/${id}/messages`);
    expect(messages.body.map((m: { body: string }) => m.body)).toEqual(['Datos privados']);
    expect((await owner.get(`/api/conversations/${id}`)).body.status).toBe('open');
  });
});

describe('what waits for me', () => {
  it('counts my open conversations, those awaiting my answer, and the unassigned ones', async () => {
    const owner = await ownerOf(test);
    const ownerId = (await owner.get('/api/auth/session')).body.user.id as string;
    const agent = await memberOf(test, owner, 'agent', 'Paola');
    expect((await owner.get('/api/conversations/waiting')).body).toEqual({ mine: 0, mineWaiting: 0, unassigned: 0 });
    for (const name of ['Rosa', 'Luis', 'Ana']) await (await visitorOf(test, owner, name)).send('Hola');
    const items = (await owner.get('/api/conversations')).body.items as { id: string }[];
    await owner.patch(`/api/conversations/${items[0]!.id}`, { assigneeId: ownerId });
    await owner.patch(`/api/conversations/${items[1]!.id}`, { assigneeId: ownerId });
    await owner.post(`/api/conversations/${items[1]!.id}/messages`, { body: 'Con gusto le ayudo' });
    expect((await owner.get('/api/conversations/waiting')).body).toEqual({ mine: 2, mineWaiting: 1, unassigned: 1 });
    expect((await agent.get('/api/conversations/waiting')).body).toEqual({ mine: 0, mineWaiting: 0, unassigned: 1 });
    await owner.patch(`/api/conversations/${items[0]!.id}`, { status: 'resolved' });
    expect((await owner.get('/api/conversations/waiting')).body).toEqual({ mine: 1, mineWaiting: 0, unassigned: 1 });
  });
});
