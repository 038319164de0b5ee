// Events reach every server process: on PostgreSQL through NOTIFY, so consoles on any process see every message.
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Client, type TestApp, dialect, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';
import pg from 'pg';
import { databaseUrl } from '../testing/postgres.js';
import { openSocket, serverAddress } from '../testing/sockets.js';

const apps: TestApp[] = [];
afterEach(async () => {
  // The process that created the schema drops it, so it closes last.
  for (const app of apps.splice(0).reverse()) await app.close();
});

describe('events', () => {
  it('arrive at a console in the order they happened', async () => {
    const test = await startTestApp();
    apps.push(test);
    const owner = await ownerOf(test);
    const screen = await openSocket(await serverAddress(test), '/api/realtime', { cookie: owner.cookie });
    const visitor = await visitorOf(test, owner);
    for (let i = 0; i < 20; i++) await visitor.send(`mensaje ${i}`);
    await screen.next((f) => f.message?.body === 'mensaje 19');
    const bodies = screen.frames.filter((f) => f.type === 'message.created').map((f) => f.message.body);
    expect(bodies).toEqual(Array.from({ length: 20 }, (_, i) => `mensaje ${i}`));
    screen.ws.close();
  });

  it('come several at a time to a busy console, and a console that stops reading is let go instead of filling memory', async () => {
    const test = await startTestApp();
    apps.push(test);
    const owner = await ownerOf(test);
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
    const address = await serverAddress(test);
    const reading = await openSocket(address, '/api/realtime', { cookie: owner.cookie });
    // A frozen tab: it opens the socket and never reads another byte.
    const [host, port] = address.split(':') as [string, string];
    const frozen = connect(Number(port), host);
    frozen.write(
      `GET /api/realtime HTTP/1.1\r\nHost: ${address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: ${owner.cookie}\r\n\r\n`,
    );
    frozen.pause();
    await vi.waitFor(() => expect(test.hub.consoleCount).toBe(2));
    // 50 MB in all, 1 MB at a time: more than the kernel's socket buffers hold for a reader that stopped, while the
    // reading console keeps up.
    const big = 'x'.repeat(20_000);
    const base = (await owner.post('/api/contacts', { name: 'Lucía' })).body;
    for (let i = 0; i < 2_500; i++) {
      test.ctx.events.publish({
        type: 'conversation.updated',
        workspaceId,
        conversation: { id: `c${i}`, lastMessagePreview: big, contact: { id: base.id, name: 'Lucía' } } as never,
      });
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 40));
    }
    await reading.next((f) => f.conversation?.id === 'c2499', 20_000);
    // Every event arrived at the reading console, once, in order.
    const ids = reading.frames.filter((f) => f.type === 'conversation.updated').map((f) => f.conversation.id as string);
    expect(ids).toEqual(Array.from({ length: 2_500 }, (_, i) => `c${i}`));
    // The frozen tab was let go once too much waited for it; the reading one is still there.
    await vi.waitFor(() => expect(test.hub.consoleCount).toBe(1), { timeout: 5_000 });
    frozen.destroy();
    reading.ws.close();
  });

  it.runIf(dialect === 'postgres')('reach a console on another server process sharing the database', async () => {
    const first = await startTestApp();
    apps.push(first);
    const second = await startTestApp({ joinDatabase: first.databaseName });
    apps.push(second);
    const owner = await ownerOf(first);
    // The session made on the first process is valid on the second one.
    const elsewhere = await openSocket(await serverAddress(second), '/api/realtime', { cookie: owner.cookie });
    expect(elsewhere.frames.at(-1)).toEqual({ type: 'ready' });
    const visitor = await visitorOf(first, owner);
    await visitor.send('Hola desde el proceso uno');
    const frame = await elsewhere.next((f) => f.type === 'message.created');
    expect(frame.message.body).toBe('Hola desde el proceso uno');
    // And the widget on the first process sees an answer given through the second.
    const visitorScreen = await openSocket(
      await serverAddress(first),
      `/api/widget/v1/ws?token=${encodeURIComponent(visitor.token)}`,
    );
    const agentOnSecond = new Client(second.app);
    agentOnSecond.cookie = owner.cookie;
    agentOnSecond.csrf = owner.csrf;
    await agentOnSecond.post(`/api/conversations/${frame.conversation.id}/messages`, {
      body: 'Respuesta desde el proceso dos',
    });
    const answer = await visitorScreen.next((f) => f.message?.body === 'Respuesta desde el proceso dos');
    expect(answer.message.direction).toBe('outgoing');
    elsewhere.ws.close();
    visitorScreen.ws.close();
  });
});

describe.runIf(dialect === 'postgres')('events relayed through PostgreSQL', () => {
  it('go many to a notification and a transaction, in the order published, a large one among them by the table', async () => {
    const test = await startTestApp();
    apps.push(test);
    const owner = await ownerOf(test);
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
    const screen = await openSocket(await serverAddress(test), '/api/realtime', { cookie: owner.cookie });
    const listener = new pg.Client({ connectionString: databaseUrl(test.databaseName!) });
    await listener.connect();
    let notifications = 0;
    listener.on('notification', () => (notifications += 1));
    await listener.query('listen atiende_events');
    // 300 events in one instant, the 150th too large for a notification, then the last one 120 times more: notifications
    // of the same events would be identical, and PostgreSQL delivers a repeated notification of a transaction once.
    const event = (i: number) => ({
      type: 'conversation.updated' as const,
      workspaceId,
      conversation: { id: `c${i}`, lastMessagePreview: i === 150 ? 'x'.repeat(9_000) : 'hola' } as never,
    });
    for (let i = 0; i < 300; i++) test.ctx.events.publish(event(i));
    for (let i = 0; i < 120; i++) test.ctx.events.publish(event(299));
    await screen.next(
      (f) => f.conversation?.id === 'c299' && screen.frames.filter((x) => x.conversation?.id === 'c299').length === 121,
      10_000,
    );
    const ids = screen.frames.filter((f) => f.type === 'conversation.updated').map((f) => f.conversation.id as string);
    expect(ids).toEqual([
      ...Array.from({ length: 300 }, (_, i) => `c${i}`),
      ...Array.from({ length: 120 }, () => 'c299'),
    ]);
    expect(screen.frames.find((f) => f.conversation?.id === 'c150')!.conversation.lastMessagePreview).toHaveLength(
      9_000,
    );
    // Some 40 events fit in a notification: a few notifications, not 421.
    await vi.waitFor(() => expect(notifications).toBeGreaterThan(2));
    expect(notifications).toBeLessThan(30);
    await listener.end();
    screen.ws.close();
  });

  it('travels through the table when it does not fit in a notification (a long message)', async () => {
    const test = await startTestApp();
    apps.push(test);
    const owner = await ownerOf(test);
    const screen = await openSocket(await serverAddress(test), '/api/realtime', { cookie: owner.cookie });
    const visitor = await visitorOf(test, owner);
    const long = 'á'.repeat(4_900);
    await visitor.send(long);
    const frame = await screen.next((f) => f.type === 'message.created');
    expect(frame.message.body).toBe(long);
    expect(await test.database.db.selectFrom('realtime_events').selectAll().execute()).toHaveLength(1);
    screen.ws.close();
  });
});
