// Members limited to their teams' conversations: set by an admin, and nothing outside reaches them (lists, search,
// a conversation or file by id, timelines, project timelines, live frames, notices, API tokens acting for them).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { openSocket, serverAddress } from '../../testing/sockets.js';

let test: TestApp;
let owner: Client;
beforeEach(async () => {
  test = await startTestApp();
  owner = await ownerOf(test);
});
afterEach(() => test.close());

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from('plano')]);

/** Two conversations, one routed to Soporte (where the limited agent works) and one to Ventas. */
async function twoTeams() {
  const limited = await memberOf(test, owner, 'agent', 'Paola');
  const me = (await limited.get('/api/auth/session')).body.user.id as string;
  const soporte = (await owner.post('/api/teams', { name: 'Soporte', members: [{ userId: me }], autoAssign: false }))
    .body;
  const ventas = (await owner.post('/api/teams', { name: 'Ventas', autoAssign: false })).body;
  const rosa = await visitorOf(test, owner, 'Rosa Soporte');
  await rosa.send('No timbra mi factura');
  const luis = await visitorOf(test, owner, 'Luis Ventas');
  await luis.send('SECRETO-VENTAS precio especial');
  const all = (await owner.get('/api/conversations')).body.items as {
    id: string;
    contact: { id: string; name: string };
  }[];
  const mine = all.find((c) => c.contact.name === 'Rosa Soporte')!;
  const hidden = all.find((c) => c.contact.name === 'Luis Ventas')!;
  await owner.patch(`/api/conversations/${mine.id}`, { teamId: soporte.id });
  await owner.patch(`/api/conversations/${hidden.id}`, { teamId: ventas.id });
  const file = await test.app.inject({
    method: 'POST',
    url: `/api/conversations/${hidden.id}/attachments?private=true`,
    payload: png,
    headers: {
      cookie: owner.cookie,
      'x-csrf-token': owner.csrf,
      'content-type': 'image/png',
      'x-file-name': 'plano.png',
    },
  });
  expect(file.statusCode).toBe(201);
  const members = await owner.patch(`/api/members/${me}`, { conversationAccess: 'teams' });
  expect(members.body.find((m: { userId: string }) => m.userId === me).conversationAccess).toBe('teams');
  return { limited, me, soporte, ventas, mine, hidden, fileUrl: file.json().attachments[0].url as string, luis, rosa };
}

describe('members limited to their teams’ conversations', () => {
  it('see only their teams’ conversations; anything else is not found, as another workspace’s', async () => {
    const { limited, mine, hidden, fileUrl } = await twoTeams();
    expect((await limited.get('/api/conversations')).body.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect(
      (await limited.get('/api/conversations?status=all&view=team')).body.items.map((c: { id: string }) => c.id),
    ).toEqual([mine.id]);
    expect((await limited.get(`/api/conversations/${mine.id}/messages`)).status).toBe(200);
    for (const [method, url, body] of [
      ['GET', `/api/conversations/${hidden.id}`],
      ['GET', `/api/conversations/${hidden.id}/messages`],
      ['GET', `/api/conversations/${hidden.id}/related`],
      ['GET', `/api/conversations/${hidden.id}/quick-replies`],
      ['PATCH', `/api/conversations/${hidden.id}`, { status: 'resolved' }],
      ['POST', `/api/conversations/${hidden.id}/messages`, { body: 'Hola' }],
      ['POST', `/api/conversations/${mine.id}/merge`, { mergeId: hidden.id }],
      ['POST', '/api/incidents', { summary: 'x', conversationId: hidden.id }],
      ['GET', fileUrl],
    ] as const) {
      const reply = await limited.request(method, url, body);
      expect(reply.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${method} ${url}`).toBeLessThan(500);
      expect(JSON.stringify(reply.body)).not.toContain('SECRETO');
    }
    expect((await limited.get(`/api/conversations/${hidden.id}`)).body.error.code).toBe('not_found');
    expect((await limited.get(fileUrl)).status).toBe(404);
    // Nothing of it was written.
    expect((await owner.get(`/api/conversations/${hidden.id}`)).body.status).toBe('open');
    expect((await owner.get('/api/incidents')).body.total).toBe(0);
    // Search and the customer's timeline keep it out too.
    expect((await limited.get('/api/messages/search?q=secreto')).body).toEqual([]);
    expect((await owner.get('/api/messages/search?q=secreto')).body).toHaveLength(1);
    const timeline = (await limited.get(`/api/contacts/${hidden.contact.id}/timeline`)).body.items as {
      kind: string;
      body: string | null;
    }[];
    expect(timeline.filter((i) => i.kind === 'conversation' || i.kind === 'message')).toEqual([]);
    expect(JSON.stringify(timeline)).not.toContain('SECRETO');
  });

  it('see a conversation once it is assigned to them or moves to their team, and (if allowed) their own customers’', async () => {
    const { limited, me, soporte, hidden } = await twoTeams();
    await owner.patch(`/api/conversations/${hidden.id}`, { assigneeId: me });
    expect((await limited.get(`/api/conversations/${hidden.id}`)).status).toBe(200);
    await owner.patch(`/api/conversations/${hidden.id}`, { assigneeId: null });
    expect((await limited.get(`/api/conversations/${hidden.id}`)).status).toBe(404);
    // Their own customers, only when the admin allows it.
    await owner.patch(`/api/contacts/${hidden.contact.id}`, { ownerId: me });
    expect((await limited.get(`/api/conversations/${hidden.id}`)).status).toBe(404);
    await owner.patch(`/api/members/${me}`, { conversationAccess: 'teams_and_customers' });
    expect((await limited.get(`/api/conversations/${hidden.id}`)).status).toBe(200);
    // Out of their team, and no longer theirs to see.
    await owner.patch(`/api/members/${me}`, { conversationAccess: 'teams' });
    await owner.patch(`/api/teams/${soporte.id}`, { members: [] });
    expect((await limited.get('/api/conversations')).body.items).toEqual([]);
    // An admin is never limited, whatever the setting.
    await owner.patch(`/api/members/${me}`, { role: 'admin' });
    expect((await limited.get('/api/conversations')).body.items).toHaveLength(2);
  });

  it('get no live frames and no notices of conversations outside their teams', async () => {
    const { limited, me, mine, hidden, luis, rosa } = await twoTeams();
    const base = await serverAddress(test);
    const socket = await openSocket(base, '/api/realtime', { cookie: limited.cookie, origin: `http://${base}` });
    await socket.next((f) => f.type === 'ready');
    await luis.send('SECRETO-VENTAS otra vez');
    // A mention in a conversation they may not open tells them nothing; one in theirs does.
    expect(
      (
        await owner.post(`/api/conversations/${hidden.id}/messages`, {
          body: '@Paola mira esto SECRETO',
          private: true,
        })
      ).body.metadata.mentions,
    ).toEqual([me]);
    await rosa.send('Sigue sin timbrar');
    const seen = await socket.next((f) => f.type === 'message.created' && f.conversation.id === mine.id);
    expect(seen.message.body).toBe('Sigue sin timbrar');
    await owner.post(`/api/conversations/${mine.id}/messages`, { body: '@Paola revisa el RFC', private: true });
    const notice = await socket.next((f) => f.type === 'notification');
    expect(notice.notification).toMatchObject({
      kind: 'mention',
      conversationId: mine.id,
      excerpt: '@Paola revisa el RFC',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.stringify(socket.frames)).not.toContain('SECRETO');
    expect(
      socket.frames.some(
        (f) =>
          f.conversation?.id === hidden.id || f.conversationId === hidden.id || f.message?.conversationId === hidden.id,
      ),
    ).toBe(false);
    socket.ws.close();
  });

  it('an API token acting for a limited member has the same limits, and stops when they leave', async () => {
    const { me, mine, hidden } = await twoTeams();
    const token = (await owner.post('/api/api-tokens', { name: 'CRM de Paola', role: 'agent', memberId: me })).body;
    expect(token.memberId).toBe(me);
    const call = (url: string) =>
      test.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token.token}` } });
    expect((await call('/api/conversations')).json().items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect((await call(`/api/conversations/${hidden.id}`)).statusCode).toBe(404);
    const workspaceToken = (await owner.post('/api/api-tokens', { name: 'ERP', role: 'agent' })).body;
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: `/api/conversations/${hidden.id}`,
          headers: { authorization: `Bearer ${workspaceToken.token}` },
        })
      ).statusCode,
    ).toBe(200);
    expect((await owner.delete(`/api/members/${me}`)).status).toBe(200);
    expect((await call('/api/conversations')).statusCode).toBe(401);
  });

  it('only an admin sets who sees what', async () => {
    const { limited, me } = await twoTeams();
    const other = await memberOf(test, owner, 'agent', 'Otro');
    const otherId = (await other.get('/api/auth/session')).body.user.id;
    expect((await limited.patch(`/api/members/${otherId}`, { conversationAccess: 'all' })).status).toBe(403);
    expect((await limited.patch(`/api/members/${me}`, { conversationAccess: 'all' })).status).toBe(403);
    expect((await owner.patch(`/api/members/${me}`, { conversationAccess: 'everything' })).status).toBe(400);
  });
});
