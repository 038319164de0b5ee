// The live part of web chat: sockets for the console and the visitor, presence, and what the widget is told.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../../testing/harness.js';
import { openSocket, serverAddress } from '../../../testing/sockets.js';

let test: TestApp;
let base: string;
beforeEach(async () => {
  test = await startTestApp();
  base = await serverAddress(test);
});
afterEach(() => test.close());

const open = (path: string, headers: Record<string, string> = {}) => openSocket(base, path, headers);
const consoleSocket = (client: Client) => open('/api/realtime', { cookie: client.cookie, origin: `http://${base}` });

describe('live web chat', () => {
  it('a visitor’s message reaches the console, and the agent’s answer reaches the visitor, without reloading', async () => {
    const owner = await ownerOf(test);
    const agentScreen = await consoleSocket(owner);
    const visitor = await visitorOf(test, owner, 'Rosa');
    const visitorScreen = await open(`/api/widget/v1/ws?token=${encodeURIComponent(visitor.token)}`);
    await visitor.send('¿Tienen soporte hoy?');
    const arrived = await agentScreen.next((f) => f.type === 'message.created');
    expect(arrived.message.body).toBe('¿Tienen soporte hoy?');
    expect(arrived.conversation.contact.name).toBe('Rosa');
    expect(arrived.conversation).not.toHaveProperty('visitorId');
    await owner.post(`/api/conversations/${arrived.conversation.id}/messages`, {
      body: 'Nota solo interna',
      private: true,
    });
    await owner.post(`/api/conversations/${arrived.conversation.id}/messages`, { body: 'Sí, hasta las 18:00' });
    const answer = await visitorScreen.next((f) => f.type === 'message.created' && f.message.direction === 'outgoing');
    expect(answer.message.body).toBe('Sí, hasta las 18:00');
    expect(visitorScreen.frames.some((f) => f.message?.body === 'Nota solo interna')).toBe(false);
    agentScreen.ws.close();
    visitorScreen.ws.close();
  });

  it('says who is writing: the visitor to the consoles, an agent to the visitor and the other consoles', async () => {
    const owner = await ownerOf(test);
    const teammate = await memberOf(test, owner, 'agent', 'Luis');
    const ownerScreen = await consoleSocket(owner);
    const teammateScreen = await consoleSocket(teammate);
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Hola');
    const visitorScreen = await open(`/api/widget/v1/ws?token=${encodeURIComponent(visitor.token)}`);
    await visitorScreen.next((f) => f.type === 'ready');
    const conversation = (await ownerScreen.next((f) => f.type === 'message.created')).conversation;
    visitorScreen.ws.send('{"type":"typing"}');
    expect(await ownerScreen.next((f) => f.type === 'typing')).toMatchObject({
      conversationId: conversation.id,
      who: 'visitor',
      name: 'Rosa',
    });
    ownerScreen.ws.send(JSON.stringify({ type: 'typing', conversationId: conversation.id }));
    expect(await visitorScreen.next((f) => f.type === 'typing')).toEqual({ type: 'typing' });
    expect(await teammateScreen.next((f) => f.type === 'typing' && f.who === 'agent')).toMatchObject({
      conversationId: conversation.id,
      name: 'Ana Owner',
    });
    // A conversation of another workspace is not theirs to signal.
    const stranger = await ownerOf(test);
    const strangerScreen = await consoleSocket(stranger);
    await strangerScreen.next((f) => f.type === 'ready');
    const before = visitorScreen.frames.length;
    strangerScreen.ws.send(JSON.stringify({ type: 'typing', conversationId: conversation.id }));
    await new Promise((r) => setTimeout(r, 200));
    expect(visitorScreen.frames.length).toBe(before);
    for (const s of [ownerScreen, teammateScreen, visitorScreen, strangerScreen]) s.ws.close();
  });

  it('events stay inside their workspace', async () => {
    const owner = await ownerOf(test);
    const stranger = await ownerOf(test);
    const strangerScreen = await consoleSocket(stranger);
    const ownScreen = await consoleSocket(owner);
    await (await visitorOf(test, owner)).send('secreto');
    await ownScreen.next((f) => f.type === 'message.created');
    await new Promise((r) => setTimeout(r, 100));
    expect(strangerScreen.frames.filter((f) => f.type === 'message.created')).toEqual([]);
    strangerScreen.ws.close();
    ownScreen.ws.close();
  });

  it('closes the live socket of a removed member and of a signed-out tab', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    const agentScreen = await consoleSocket(agent);
    const ownerScreen = await consoleSocket(owner);
    const agentId = (await agent.get('/api/auth/session')).body.user.id;
    await owner.delete(`/api/members/${agentId}`);
    expect(await agentScreen.closed).toBe(4401);
    await owner.post('/api/auth/logout');
    expect(await ownerScreen.closed).toBe(4401);
  });

  it('refuses a console socket from another site or without a session', async () => {
    const owner = await ownerOf(test);
    const foreign = await open('/api/realtime', { cookie: owner.cookie, origin: 'https://evil.example' });
    expect(foreign.frames.at(-1)!.error.code).toBe('forbidden');
    const anonymous = await open('/api/realtime', { origin: `http://${base}` });
    expect(anonymous.frames.at(-1)!.error.code).toBe('unauthenticated');
    const forged = await open('/api/widget/v1/ws?token=wv_forged');
    expect(forged.frames.at(-1)!.error.code).toBe('unauthenticated');
  });

  it('the widget says whether someone is online, and when the team usually answers', async () => {
    const owner = await ownerOf(test, { language: 'es' });
    await owner.patch('/api/workspace', { language: 'es' });
    const { websiteToken } = await visitorOf(test, owner);
    const config = async () =>
      (await new Client(test.app).get(`/api/widget/v1/config?websiteToken=${websiteToken}`)).body;
    expect(await config()).toMatchObject({
      workspaceName: 'Acme Facturas',
      language: 'es',
      online: false,
      businessHoursSummary: 'Lunes a viernes 09:00 a 18:00 (America/Mexico_City)',
    });
    const screen = await consoleSocket(owner);
    expect((await config()).online).toBe(true);
    screen.ws.close();
    await vi.waitFor(async () => expect((await config()).online).toBe(false));
  });

  it('looks and greets as the administrator sets it, and says when the team opens next', async () => {
    const owner = await ownerOf(test, { language: 'es' });
    const agent = await memberOf(test, owner, 'agent', 'Paola');
    const { websiteToken } = await visitorOf(test, owner);
    const inbox = (await owner.get('/api/inboxes')).body.find((i: { channel: string }) => i.channel === 'webchat');
    const config = async () =>
      (await new Client(test.app).get(`/api/widget/v1/config?websiteToken=${websiteToken}`)).body;
    expect(inbox.webchat.appearance).toEqual({
      color: '#0b7285',
      position: 'right',
      greeting: { es: '', en: '' },
      whatsappNumber: null,
    });
    expect((await config()).appearance).toEqual({
      color: '#0b7285',
      position: 'right',
      greeting: { es: '', en: '' },
      whatsappUrl: null,
    });
    const appearance = {
      color: '#E8590C',
      position: 'left',
      greeting: { es: '¡Hola! ¿En qué te ayudamos?', en: 'Hi! How can we help?' },
      whatsappNumber: '81 1234 5678',
    };
    const url = `/api/inboxes/${inbox.id}/webchat`;
    expect((await agent.patch(url, { appearance })).status).toBe(403);
    const saved = await owner.patch(url, { appearance });
    expect(saved.status).toBe(200);
    // The number is kept in E.164 (the workspace's country), the lead pipeline untouched.
    expect(saved.body.webchat).toEqual({
      leadPipelineId: null,
      appearance: { ...appearance, color: '#e8590c', whatsappNumber: '+528112345678' },
    });
    expect((await config()).appearance).toEqual({
      color: '#e8590c',
      position: 'left',
      greeting: appearance.greeting,
      whatsappUrl: 'https://wa.me/528112345678',
    });
    for (const bad of [
      { ...appearance, color: 'orange' },
      { ...appearance, position: 'top' },
      { ...appearance, whatsappNumber: '12' },
      { ...appearance, greeting: { es: 'x'.repeat(301), en: '' } },
    ]) {
      const reply = await owner.patch(url, { appearance: bad });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    }
    expect((await config()).appearance.color).toBe('#e8590c');

    // Closed all week: the next opening is given as an instant, for the visitor's own clock.
    const closed = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, []]));
    await owner.patch('/api/workspace', { businessHours: { ...closed, wed: [{ open: '09:00', close: '18:00' }] } });
    const later = await config();
    expect(later.openNow).toBe(false);
    expect(new Date(later.nextOpenAt).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(later.nextOpenAt).getUTCDay()).toBe(3);
    expect(new Date(later.nextOpenAt).getUTCHours()).toBe(15); // 09:00 in Mexico City
  });

  it('a message written while the visitor was away is there when they come back', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner);
    const first = await visitor.send('Hola');
    await owner.post(`/api/conversations/${first.body.conversationId}/messages`, { body: 'Le respondo en un momento' });
    const caughtUp = await new Client(test.app).request(
      'GET',
      `/api/widget/v1/messages?after=${first.body.id}`,
      undefined,
      { 'x-visitor-token': visitor.token },
    );
    expect(caughtUp.body.map((m: { body: string }) => m.body)).toEqual(['Le respondo en un momento']);
  });

  it('records that a customer left while waiting, unless they come back or were answered in time', async () => {
    const owner = await ownerOf(test);
    const due = async () => {
      await test.ctx.db
        .updateTable('jobs')
        .set({ run_at: 0 })
        .where('name', '=', 'webchat.abandonment')
        .where('status', '=', 'pending')
        .execute();
      await test.ctx.jobs.drain();
    };
    const leave = async (socket: { ws: { close(): void } }) => {
      socket.ws.close();
      // The server notices the close and queues the check.
      await expect
        .poll(
          async () =>
            (await test.ctx.db.selectFrom('jobs').select('id').where('name', '=', 'webchat.abandonment').execute())
              .length,
          { timeout: 3_000 },
        )
        .toBeGreaterThan(0);
    };
    // Rosa writes, closes the page and does not come back.
    const rosa = await visitorOf(test, owner, 'Rosa');
    const rosaScreen = await open(`/api/widget/v1/ws?token=${encodeURIComponent(rosa.token)}`);
    await rosa.send('¿Hay alguien?');
    await leave(rosaScreen);
    await due();
    const [conversation] = (await owner.get('/api/conversations')).body.items;
    expect(conversation.abandonedAt).not.toBeNull();
    const history = await test.ctx.db
      .selectFrom('conversation_events')
      .select(['type', 'data'])
      .where('conversation_id', '=', conversation.id)
      .where('type', '=', 'abandoned')
      .execute();
    expect(JSON.parse(history[0]!.data)).toMatchObject({ beforeFirstResponse: true });

    // Luis leaves but is back within minutes: not abandoned.
    await test.ctx.db.deleteFrom('jobs').execute();
    const luis = await visitorOf(test, owner, 'Luis');
    await luis.send('Hola');
    await leave(await open(`/api/widget/v1/ws?token=${encodeURIComponent(luis.token)}`));
    await new Promise((r) => setTimeout(r, 5));
    await open(`/api/widget/v1/ws?token=${encodeURIComponent(luis.token)}`);
    await due();
    const luisConversation = (
      (await owner.get('/api/conversations')).body.items as { contact: { name: string }; abandonedAt: string | null }[]
    ).find((c) => c.contact.name === 'Luis')!;
    expect(luisConversation.abandonedAt).toBeNull();

    // Ana was answered before she left: nothing to check.
    await test.ctx.db.deleteFrom('jobs').execute();
    const ana = await visitorOf(test, owner, 'Ana');
    const anaScreen = await open(`/api/widget/v1/ws?token=${encodeURIComponent(ana.token)}`);
    await ana.send('Hola');
    const anaConversation = (
      (await owner.get('/api/conversations')).body.items as { id: string; contact: { name: string } }[]
    ).find((c) => c.contact.name === 'Ana')!;
    await owner.post(`/api/conversations/${anaConversation.id}/messages`, { body: 'Hola Ana' });
    anaScreen.ws.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(
      await test.ctx.db.selectFrom('jobs').select('id').where('name', '=', 'webchat.abandonment').execute(),
    ).toEqual([]);
  });
});

describe('who is writing in the web chat', () => {
  const startChat = (websiteToken: string, body: Record<string, string>) =>
    test.app.inject({ method: 'POST', url: '/api/widget/v1/visitors', payload: { websiteToken, ...body } });

  it('a stranger who types a customer’s email learns nothing and never joins their history; the agent sees the claim and can merge', async () => {
    const owner = await ownerOf(test);
    const customer = (
      await owner.post('/api/contacts', { name: 'Rosa Peña Treviño', emails: [{ value: 'rosa@paloma.mx' }] })
    ).body;
    const websiteToken = (await owner.get('/api/inboxes')).body.find(
      (i: { channel: string }) => i.channel === 'webchat',
    ).websiteToken as string;
    const stranger = await startChat(websiteToken, { name: 'Alguien', email: 'ROSA@paloma.mx' });
    expect(stranger.statusCode).toBe(201);
    // The answer says what was typed, not the stored name.
    expect(stranger.json()).toMatchObject({ name: 'Alguien', email: 'rosa@paloma.mx', canEmailTranscript: false });
    expect(stranger.body).not.toContain('Treviño');
    const token = stranger.json().visitorToken as string;
    const write = await test.app.inject({
      method: 'POST',
      url: '/api/widget/v1/messages',
      headers: { 'x-visitor-token': token },
      payload: { body: 'Soy Rosa, mándame mis facturas' },
    });
    expect(write.statusCode).toBe(201);
    // The stranger sees only their own chat, and cannot have it mailed to the customer's address.
    const seen = await test.app.inject({
      method: 'GET',
      url: '/api/widget/v1/messages',
      headers: { 'x-visitor-token': token },
    });
    expect(seen.json().map((m: { body: string }) => m.body)).toEqual(['Soy Rosa, mándame mis facturas']);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/api/widget/v1/transcript',
          headers: { 'x-visitor-token': token },
        })
      ).statusCode,
    ).toBe(403);
    // The customer's history is untouched; the stranger is a contact of their own, flagged with the claim.
    const rosa = (await owner.get(`/api/contacts/${customer.id}`)).body;
    expect(rosa.stats.conversations).toBe(0);
    const conversations = (await owner.get('/api/conversations')).body.items as {
      contact: { id: string; name: string };
    }[];
    const claimant = conversations.find((c) => c.contact.id !== customer.id)!.contact;
    expect(claimant.name).toBe('Alguien');
    expect((await owner.get(`/api/contacts/${claimant.id}`)).body).toMatchObject({
      email: null,
      unverifiedEmail: 'rosa@paloma.mx',
    });
    // An agent satisfied it is her merges the two; the claim is gone.
    const merged = await owner.post('/api/contacts/merge', { keepId: customer.id, mergeId: claimant.id, take: [] });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ unverifiedEmail: null, stats: { conversations: 1 } });
  });

  it('a site’s signed-in user, proved by the HMAC of their email, is the customer’s own contact', async () => {
    const owner = await ownerOf(test);
    const customer = (await owner.post('/api/contacts', { name: 'Rosa Peña', emails: [{ value: 'rosa@paloma.mx' }] }))
      .body;
    const inbox = (await owner.get('/api/inboxes')).body.find((i: { channel: string }) => i.channel === 'webchat');
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.get(`/api/inboxes/${inbox.id}/webchat/identity`)).status).toBe(403);
    expect((await agent.post(`/api/inboxes/${inbox.id}/webchat/identity/rotate`)).status).toBe(403);
    // Reading it changes nothing: there is none until an admin makes one.
    expect((await owner.get(`/api/inboxes/${inbox.id}/webchat/identity`)).body).toEqual({ secret: null });
    const { secret } = (await owner.post(`/api/inboxes/${inbox.id}/webchat/identity/rotate`)).body;
    expect(secret).toMatch(/^wis_/);
    expect((await owner.get(`/api/inboxes/${inbox.id}/webchat/identity`)).body.secret).toBe(secret);
    // What the company's server computes, as docs/api.md shows: HMAC-SHA256(secret, email in lower case), hex.
    const hash = createHmac('sha256', secret).update('rosa@paloma.mx').digest('hex');
    const forged = await startChat(inbox.websiteToken, {
      name: 'Rosa',
      email: 'rosa@paloma.mx',
      identityHash: createHmac('sha256', 'guess').update('rosa@paloma.mx').digest('hex'),
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('invalid_signature');
    const proved = await startChat(inbox.websiteToken, { name: 'Rosa', email: 'Rosa@Paloma.mx', identityHash: hash });
    expect(proved.statusCode).toBe(201);
    await test.app.inject({
      method: 'POST',
      url: '/api/widget/v1/messages',
      headers: { 'x-visitor-token': proved.json().visitorToken },
      payload: { body: 'Hola' },
    });
    expect((await owner.get(`/api/contacts/${customer.id}`)).body.stats.conversations).toBe(1);
    // A rotated secret makes the old hashes worthless.
    const rotated = (await owner.post(`/api/inboxes/${inbox.id}/webchat/identity/rotate`)).body.secret;
    expect(rotated).not.toBe(secret);
    expect(
      (await startChat(inbox.websiteToken, { name: 'Rosa', email: 'rosa@paloma.mx', identityHash: hash })).statusCode,
    ).toBe(401);
  });
});
