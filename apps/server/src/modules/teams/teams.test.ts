import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

async function userId(client: Client): Promise<string> {
  return (await client.get('/api/auth/session')).body.user.id;
}

/** The agent has the console open (what the realtime socket records). */
async function online(client: Client) {
  const session = (await client.get('/api/auth/session')).body;
  await test.ctx.db
    .insertInto('agent_presence')
    .values({ workspace_id: session.workspace.id, user_id: session.user.id, last_seen_at: Date.now() })
    .execute();
}

describe('routing and assignment', () => {
  it('sends a conversation to the team a rule names, round robin among available, online agents with room', async () => {
    const owner = await ownerOf(test);
    const [ana, beto, caro] = [
      await memberOf(test, owner, 'agent', 'Ana'),
      await memberOf(test, owner, 'agent', 'Beto'),
      await memberOf(test, owner, 'agent', 'Caro'),
    ];
    const [anaId, betoId, caroId] = [await userId(ana), await userId(beto), await userId(caro)];
    await Promise.all([online(ana), online(beto)]); // Caro is offline
    const billing = await owner.post('/api/teams', {
      name: 'Facturación',
      members: [{ userId: anaId, capacity: 2 }, { userId: betoId, capacity: 1 }, { userId: caroId }],
    });
    expect(billing.status).toBe(201);
    const support = await owner.post('/api/teams', {
      name: 'Soporte',
      autoAssign: false,
      members: [{ userId: caroId }],
    });
    const rule = await owner.post('/api/routing-rules', {
      name: 'Facturas',
      conditions: { keywords: ['factura', 'timbrar', 'CFDI'] },
      teamId: billing.body.id,
      priority: 'high',
    });
    expect(rule.status).toBe(201);
    await owner.post('/api/routing-rules', {
      name: 'Todo lo demás por chat',
      conditions: { channels: ['webchat'] },
      teamId: support.body.id,
    });

    const assigned: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const visitor = await visitorOf(test, owner, `Cliente ${i}`);
      await visitor.send(`No puedo TIMBRAR la factura ${i}`);
    }
    const list = (await owner.get('/api/conversations?limit=10')).body.items as {
      assigneeId: string | null;
      teamId: string;
      priority: string;
      createdAt: string;
    }[];
    for (const c of [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) assigned.push(c.assigneeId);
    expect(list.every((c) => c.teamId === billing.body.id && c.priority === 'high')).toBe(true);
    // Ana, Beto, Ana; then Beto is full (1) and Ana is full (2): the fourth waits unassigned.
    expect(assigned).toEqual([anaId, betoId, anaId, null]);

    const other = await visitorOf(test, owner, 'Otra');
    await other.send('Hola, ¿tienen sucursal en Saltillo?');
    const general = (await owner.get(`/api/conversations?teamId=${support.body.id}`)).body.items;
    expect(general).toHaveLength(1);
    expect(general[0].assigneeId).toBeNull();

    // Away agents get nothing new.
    await ana.request('PUT', '/api/me/availability', { availability: 'away' });
    const team = (await owner.get('/api/teams')).body.find((t: { id: string }) => t.id === billing.body.id);
    expect(team.members.find((m: { userId: string }) => m.userId === anaId)).toMatchObject({
      availability: 'away',
      open: 2,
      capacity: 2,
    });
  });

  it('records transfers between agents and teams, and a team transfer picks the next agent', async () => {
    const owner = await ownerOf(test);
    const ana = await memberOf(test, owner, 'agent', 'Ana');
    const beto = await memberOf(test, owner, 'agent', 'Beto');
    const [anaId, betoId] = [await userId(ana), await userId(beto)];
    await online(beto);
    const sales = await owner.post('/api/teams', { name: 'Ventas', members: [{ userId: betoId }] });
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Quiero cotizar');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    await owner.patch(`/api/conversations/${conversation.id}`, { assigneeId: anaId });
    const moved = await ana.patch(`/api/conversations/${conversation.id}`, { teamId: sales.body.id });
    expect(moved.body).toMatchObject({ teamId: sales.body.id, assigneeId: betoId });
    const events = await test.ctx.db
      .selectFrom('conversation_events')
      .select(['type', 'data'])
      .where('conversation_id', '=', conversation.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['created', 'assigned', 'transferred']);
    expect(JSON.parse(events[2]!.data)).toMatchObject({ from: anaId, to: betoId, toTeam: sales.body.id });
    expect(
      (await owner.patch(`/api/conversations/${conversation.id}`, { teamId: 'nope' })).body.error.fields[0].path,
    ).toBe('teamId');
  });

  it('are managed by admins, with checked references', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.post('/api/teams', { name: 'X' })).status).toBe(403);
    expect(
      (await owner.post('/api/teams', { name: 'X', members: [{ userId: 'ghost' }] })).body.error.fields[0].path,
    ).toBe('members.0.userId');
    const team = await owner.post('/api/teams', { name: 'X' });
    expect((await owner.post('/api/teams', { name: 'X' })).body.error.fields[0].path).toBe('name');
    expect(
      (await owner.post('/api/routing-rules', { name: 'r', conditions: { segmentId: 'nope' }, teamId: team.body.id }))
        .body.error.fields[0].path,
    ).toBe('conditions.segmentId');
    const a = await owner.post('/api/routing-rules', { name: 'a', conditions: {}, teamId: team.body.id });
    const b = await owner.post('/api/routing-rules', { name: 'b', conditions: {}, teamId: team.body.id });
    const ordered = await owner.request('PUT', '/api/routing-rules/order', { ids: [b.body.id, a.body.id] });
    expect(ordered.body.map((r: { name: string }) => r.name)).toEqual(['b', 'a']);
    expect((await owner.request('PUT', '/api/routing-rules/order', { ids: [a.body.id] })).status).toBe(400);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/teams')).body).toEqual([]);
    expect((await stranger.delete(`/api/teams/${team.body.id}`)).status).toBe(404);
  });
});

describe('working the inbox', () => {
  it('labels conversations and filters by label, priority and waiting time', async () => {
    const owner = await ownerOf(test);
    const factura = await owner.post('/api/labels', { name: 'factura', color: 'orange' });
    expect((await owner.post('/api/labels', { name: 'factura' })).body.error.fields[0].path).toBe('name');
    const first = await visitorOf(test, owner, 'Primera');
    await first.send('Hola');
    const second = await visitorOf(test, owner, 'Segunda');
    await second.send('Hola');
    const [newer, older] = (await owner.get('/api/conversations')).body.items;
    const labelled = await owner.patch(`/api/conversations/${newer.id}`, {
      labelIds: [factura.body.id],
      priority: 'urgent',
    });
    expect(labelled.body.labels).toEqual([{ id: factura.body.id, name: 'factura', color: 'orange' }]);
    expect(
      (await owner.get(`/api/conversations?labelId=${factura.body.id}`)).body.items.map((c: { id: string }) => c.id),
    ).toEqual([newer.id]);
    expect((await owner.get('/api/conversations?priority=urgent')).body.items.map((c: { id: string }) => c.id)).toEqual(
      [newer.id],
    );
    expect((await owner.get('/api/labels')).body[0]).toMatchObject({ name: 'factura', conversations: 1 });
    // Longest wait first.
    const waiting = (await owner.get('/api/conversations?sort=waiting&limit=1')).body;
    expect(waiting.items[0].id).toBe(older.id);
    expect(
      (await owner.get(`/api/conversations?sort=waiting&limit=1&before=${encodeURIComponent(waiting.nextCursor)}`)).body
        .items[0].id,
    ).toBe(newer.id);
    expect(
      (await owner.patch(`/api/conversations/${newer.id}`, { labelIds: ['nope'] })).body.error.fields[0].path,
    ).toBe('labelIds.0');
  });

  it('finds conversations where a note @mentions me, and tells me live', async () => {
    const owner = await ownerOf(test);
    const luis = await memberOf(test, owner, 'agent', 'Luis');
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Ayuda');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const heard: unknown[] = [];
    const stop = test.ctx.events.subscribe((e) => void (e.type === 'notification' && heard.push(e)));
    await owner.post(`/api/conversations/${conversation.id}/messages`, {
      body: '@Luis person ¿lo puedes ver tú?',
      private: true,
    });
    const luisId = await userId(luis);
    // On PostgreSQL events come back through NOTIFY: wait for the notice instead of assuming it is already here.
    await vi.waitFor(() =>
      expect(heard).toEqual([
        expect.objectContaining({
          userId: luisId,
          notification: expect.objectContaining({
            kind: 'mention',
            conversationId: conversation.id,
            contactName: 'Rosa',
          }),
        }),
      ]),
    );
    stop();
    expect((await luis.get('/api/conversations?view=mentions')).body.items.map((c: { id: string }) => c.id)).toEqual([
      conversation.id,
    ]);
    expect((await owner.get('/api/conversations?view=mentions')).body.items).toEqual([]);
  });

  it('offers quick replies that fit the channel and language, with the variables filled in', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent', 'Luis');
    await agent.post('/api/quick-replies', {
      shortcut: 'saludo',
      title: 'Saludo',
      body: 'Hola {{contact.first_name}}, soy {{agent.first_name}} de {{workspace.name}}.',
      language: 'es',
    });
    await agent.post('/api/quick-replies', {
      shortcut: 'saludo',
      title: 'Greeting',
      body: 'Hi {{contact.first_name}}!',
      language: 'en',
    });
    await agent.post('/api/quick-replies', {
      shortcut: 'wa-horario',
      title: 'Horario',
      body: 'Atendemos de 9 a 18 h.',
      channels: ['whatsapp'],
    });
    expect(
      (await agent.post('/api/quick-replies', { shortcut: 'saludo', title: 'x', body: 'y', language: 'es' })).body.error
        .fields[0].path,
    ).toBe('shortcut');
    expect(
      (await agent.post('/api/quick-replies', { shortcut: 'Con Espacios', title: 'x', body: 'y' })).body.error.fields[0]
        .path,
    ).toBe('shortcut');
    const visitor = await visitorOf(test, owner, 'Rosa Peña');
    await visitor.send('Hola');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    // The workspace speaks English (the harness sets it up so) and the contact has no language: English wins.
    const offered = (await agent.get(`/api/conversations/${conversation.id}/quick-replies?q=sal`)).body;
    expect(offered.map((r: { text: string }) => r.text)).toEqual(['Hi Rosa!']);
    await owner.patch(`/api/contacts/${conversation.contact.id}`, { language: 'es' });
    const spanish = (await agent.get(`/api/conversations/${conversation.id}/quick-replies`)).body;
    expect(spanish.map((r: { text: string }) => r.text)).toEqual(['Hola Rosa, soy Luis de Acme Facturas.']);
  });
});
