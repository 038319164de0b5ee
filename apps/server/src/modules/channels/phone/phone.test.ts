import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp } from '../../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('calls and visits', () => {
  it('are logged as conversations with the times service standards read', async () => {
    const owner = await ownerOf(test);
    const contact = await owner.post('/api/contacts', { name: 'Ing. Ramírez', phones: [{ value: '81 8000 1234' }] });
    const at = new Date(Date.now() - 30 * 60_000).toISOString();
    const call = await owner.post('/api/activities', {
      contactId: contact.body.id,
      kind: 'call',
      direction: 'inbound',
      durationMinutes: 7.5,
      outcome: 'solved',
      notes: 'No le llegaba el XML; se reenvió.',
      at,
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({
      kind: 'call',
      direction: 'incoming',
      body: 'No le llegaba el XML; se reenvió.',
      metadata: { direction: 'inbound', durationSeconds: 450, outcome: 'solved', phone: '+528180001234' },
      createdAt: at,
    });
    const conversation = (await owner.get(`/api/conversations/${call.body.conversationId}`)).body;
    expect(conversation).toMatchObject({ channel: 'phone', status: 'resolved', contact: { id: contact.body.id } });
    const row = await test.ctx.db
      .selectFrom('conversations')
      .select(['first_response_at', 'resolved_at', 'created_at'])
      .where('id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(row.first_response_at).toBe(Date.parse(at));
    expect(row.resolved_at).toBe(Date.parse(at) + 450_000);
    const events = await test.ctx.db
      .selectFrom('conversation_events')
      .select('type')
      .where('conversation_id', '=', conversation.id)
      .orderBy('created_at')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['logged', 'status_changed']);

    const visit = await owner.post('/api/activities', {
      contactId: contact.body.id,
      kind: 'visit',
      direction: 'outbound',
      durationMinutes: 90,
      outcome: 'follow_up',
      notes: 'Revisión de la línea de producción',
    });
    expect((await owner.get(`/api/conversations/${visit.body.conversationId}`)).body).toMatchObject({
      channel: 'visit',
      status: 'open',
    });
    // The contact's timeline shows both.
    const timeline = (await owner.get(`/api/contacts/${contact.body.id}/timeline?kinds=message`)).body.items;
    expect(timeline).toHaveLength(2);
    // Calls are logged, not answered: only internal notes go into them.
    const reply = await owner.post(`/api/conversations/${call.body.conversationId}/messages`, { body: 'Hola' });
    expect(reply.body.error.fields).toEqual([
      { path: 'private', message: 'Calls and visits are logged, not answered: add an internal note or log the call' },
    ]);
    expect(
      (
        await owner.post(`/api/conversations/${call.body.conversationId}/messages`, {
          body: 'Volver a llamar el lunes',
          private: true,
        })
      ).status,
    ).toBe(201);
  });

  it('refuse bad input and stay inside the workspace', async () => {
    const owner = await ownerOf(test);
    const viewer = await memberOf(test, owner, 'viewer');
    const contact = await owner.post('/api/contacts', { name: 'Ana' });
    const base = { contactId: contact.body.id, kind: 'call', outcome: 'solved' };
    expect((await viewer.post('/api/activities', base)).status).toBe(403);
    expect(
      (await owner.post('/api/activities', { ...base, at: '2099-01-01T00:00:00Z' })).body.error.fields[0].path,
    ).toBe('at');
    expect((await owner.post('/api/activities', { ...base, phone: '12' })).body.error.fields[0].path).toBe('phone');
    expect((await owner.post('/api/activities', { ...base, outcome: 'visited' })).body.error.fields[0].path).toBe(
      'outcome',
    );
    expect((await owner.post('/api/activities', { ...base, durationMinutes: -3 })).body.error.fields[0].path).toBe(
      'durationMinutes',
    );
    const stranger = await ownerOf(test);
    expect((await stranger.post('/api/activities', base)).body.error.fields[0].path).toBe('contactId');
    expect((await owner.get('/api/conversations?status=all')).body.items).toEqual([]);
  });
});
