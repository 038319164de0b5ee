// Live push over WebSocket: console tabs get their workspace's events, widget visitors the public messages of
// their own conversations. Presence (is anyone answering?) is kept in the database so every process sees it.
import type { RawData, WebSocket } from 'ws';
import type { AppContext } from './context.js';
import type { DomainEvent } from './events.js';

/** A frame's text, whether the socket hands it over as one buffer, as fragments or as an ArrayBuffer. */
const textOf = (raw: RawData): string =>
  (Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw)).toString();

const HEARTBEAT_MS = 30_000;
/**
 * Consoles get at most one write every this many milliseconds: the events of that span go together as one JSON
 * array. A quiet workspace sees each event at once (the first waits for nothing); a busy one with hundreds of open
 * consoles does not spend its time in hundreds of thousands of tiny socket writes a second.
 */
const CONSOLE_FLUSH_MS = 25;
/**
 * A console that reads slower than its workspace writes (a phone on a poor network, a stalled tab) would make the
 * server hold its frames without end. Past this much unsent, it is disconnected instead; it reconnects by itself and
 * fetches what is current, so nothing is lost and memory stays bounded.
 */
const MAX_UNSENT_BYTES = 2 * 1024 * 1024;

interface ConsoleClient {
  socket: WebSocket;
  workspaceId: string;
  userId: string;
  sessionId: string;
  pending: Buffer[];
  /** For a member limited to some conversations: whether they may see this one. Absent: they see all. */
  canSee?: ((conversationId: string) => Promise<boolean>) | undefined;
  /** Frames waiting for that answer, in order. */
  gate: Promise<void>;
}

/** The conversation an event is about, if it is about one. */
function conversationOf(event: DomainEvent): string | null {
  switch (event.type) {
    case 'message.created':
    case 'conversation.updated':
      return event.conversation.id;
    case 'message.updated':
      return event.message.conversationId;
    case 'typing':
      return event.conversationId;
    default:
      return null;
  }
}

export class RealtimeHub {
  private readonly consoles = new Map<string, Set<ConsoleClient>>();
  private readonly visitors = new Map<string, Set<WebSocket>>();
  private readonly dirty = new Set<ConsoleClient>();
  private flushScheduled = false;
  private lastFlush = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: AppContext) {
    this.unsubscribe = ctx.events.subscribe((event) => this.dispatch(event));
    this.timer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  get consoleCount(): number {
    let n = 0;
    for (const set of this.consoles.values()) n += set.size;
    return n;
  }

  async addConsole(
    socket: WebSocket,
    workspaceId: string,
    userId: string,
    sessionId: string,
    canSee?: (conversationId: string) => Promise<boolean>,
  ): Promise<void> {
    const client: ConsoleClient = {
      socket,
      workspaceId,
      userId,
      sessionId,
      pending: [],
      canSee,
      gate: Promise.resolve(),
    };
    const set = this.consoles.get(workspaceId) ?? new Set();
    set.add(client);
    this.consoles.set(workspaceId, set);
    socket.on('close', () => void this.removeConsole(client));
    socket.on('error', () => socket.terminate());
    socket.on('message', (raw) => {
      const text = textOf(raw);
      if (text === '{"type":"ping"}') return void socket.send('{"type":"pong"}');
      const frame = parseFrame(text);
      if (frame?.type === 'typing' && typeof frame.conversationId === 'string')
        void this.agentTyping(client, frame.conversationId);
    });
    await this.markPresence(workspaceId, userId, Date.now());
  }

  /** An agent writes in a conversation of their workspace: the other consoles and the visitor who started it hear. */
  private async agentTyping(client: ConsoleClient, conversationId: string): Promise<void> {
    if (client.canSee && !(await client.canSee(conversationId).catch(() => false))) return;
    const row = await this.ctx.db
      .selectFrom('conversations')
      .innerJoin('users', (j) => j.on('users.id', '=', client.userId))
      .select(['conversations.visitor_id', 'users.name'])
      .where('conversations.id', '=', conversationId)
      .where('conversations.workspace_id', '=', client.workspaceId)
      .executeTakeFirst()
      .catch(() => undefined);
    if (!row) return;
    this.ctx.events.publish({
      type: 'typing',
      workspaceId: client.workspaceId,
      conversationId,
      visitorId: row.visitor_id,
      who: 'agent',
      userId: client.userId,
      name: row.name,
    });
  }

  /** A visitor writes in the widget: consoles hear it on their latest conversation. */
  private async visitorTyping(workspaceId: string, visitorId: string): Promise<void> {
    const row = await this.ctx.db
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['conversations.id', 'contacts.name'])
      .where('conversations.visitor_id', '=', visitorId)
      .where('conversations.workspace_id', '=', workspaceId)
      .orderBy('conversations.last_message_at', 'desc')
      .executeTakeFirst()
      .catch(() => undefined);
    if (!row) return;
    this.ctx.events.publish({
      type: 'typing',
      workspaceId,
      conversationId: row.id,
      visitorId,
      who: 'visitor',
      userId: null,
      name: row.name,
    });
  }

  /** `onGone`: the visitor's last socket on this process closed (they left the page, or lost the connection). */
  addVisitor(socket: WebSocket, visitorId: string, workspaceId: string, onGone?: () => void): void {
    const set = this.visitors.get(visitorId) ?? new Set();
    set.add(socket);
    this.visitors.set(visitorId, set);
    socket.on('close', () => {
      set.delete(socket);
      if (set.size === 0) {
        this.visitors.delete(visitorId);
        onGone?.();
      }
    });
    socket.on('error', () => socket.terminate());
    socket.on('message', (raw) => {
      const text = textOf(raw);
      if (text === '{"type":"ping"}') return void socket.send('{"type":"pong"}');
      if (parseFrame(text)?.type === 'typing') void this.visitorTyping(workspaceId, visitorId);
    });
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    for (const set of this.consoles.values()) for (const c of set) c.socket.terminate();
    for (const set of this.visitors.values()) for (const s of set) s.terminate();
  }

  private revoke(event: Extract<DomainEvent, { type: 'access.revoked' }>): void {
    for (const [workspaceId, set] of this.consoles) {
      if (event.workspaceId && event.workspaceId !== workspaceId) continue;
      for (const client of set) {
        if (client.userId !== event.userId || (event.sessionId && client.sessionId !== event.sessionId)) continue;
        // 4401 tells the console to ask for its session again, which sends the person to sign in.
        client.socket.close(4401, 'access revoked');
      }
    }
  }

  private async removeConsole(client: ConsoleClient): Promise<void> {
    const set = this.consoles.get(client.workspaceId);
    set?.delete(client);
    if (set?.size === 0) this.consoles.delete(client.workspaceId);
    const stillHere = [...(set ?? [])].some((c) => c.userId === client.userId);
    if (!stillHere) await this.markPresence(client.workspaceId, client.userId, 0).catch(() => {});
  }

  private async markPresence(workspaceId: string, userId: string, at: number): Promise<void> {
    await this.ctx.db
      .insertInto('agent_presence')
      .values({ workspace_id: workspaceId, user_id: userId, last_seen_at: at })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ last_seen_at: at }))
      .execute();
    this.ctx.events.publish({ type: 'presence.changed', workspaceId, userId, online: at > 0 });
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    const seen = new Set<string>();
    for (const [workspaceId, set] of this.consoles) {
      for (const client of set) {
        const key = `${workspaceId}:${client.userId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await this.ctx.db
          .updateTable('agent_presence')
          .set({ last_seen_at: now })
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', client.userId)
          .execute()
          .catch((err: unknown) => this.ctx.log.warn({ err }, 'presence heartbeat failed'));
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.dirty.size) return;
    this.flushScheduled = true;
    const wait = this.lastFlush + CONSOLE_FLUSH_MS - Date.now();
    const flush = () => {
      this.flushScheduled = false;
      this.lastFlush = Date.now();
      // The consoles of a workspace usually wait for the same frames: the array is put together once for all of them.
      let lastPending: Buffer[] = [];
      let lastFrame: Buffer | undefined;
      for (const client of this.dirty) {
        const pending = client.pending;
        client.pending = [];
        if (!pending.length) continue;
        if (client.socket.bufferedAmount > MAX_UNSENT_BYTES) {
          // Dropped at once (a polite close would wait behind the same unsent megabytes); the console reconnects.
          client.socket.terminate();
          continue;
        }
        const same =
          lastFrame && pending.length === lastPending.length && pending.every((frame, i) => frame === lastPending[i]);
        if (!same) {
          lastPending = pending;
          lastFrame = framesOf(pending);
        }
        send(client.socket, lastFrame!);
      }
      this.dirty.clear();
    };
    if (wait > 0) setTimeout(flush, wait).unref();
    else setImmediate(flush);
  }

  private dispatch(event: DomainEvent): void {
    if (event.type === 'access.revoked') return this.revoke(event);
    // Encoded once for every console of the workspace (hundreds of sockets share one buffer).
    const consoleFrame = Buffer.from(
      JSON.stringify(
        event.type === 'message.created'
          ? { type: event.type, conversation: event.conversation, message: event.message }
          : event,
      ),
    );
    const conversationId = conversationOf(event);
    for (const client of this.consoles.get(event.workspaceId) ?? []) {
      if (event.type === 'notification' && client.userId !== event.userId) continue;
      if (event.type === 'typing' && event.userId === client.userId) continue;
      if (conversationId && client.canSee) {
        // A limited member's frames wait for the answer, one after the other, so they keep their order.
        const canSee = client.canSee;
        client.gate = client.gate
          .then(() => canSee(conversationId))
          .then((visible) => {
            if (!visible) return;
            client.pending.push(consoleFrame);
            this.dirty.add(client);
            this.scheduleFlush();
          })
          .catch((err: unknown) =>
            this.ctx.log.warn({ err }, 'could not decide whether a console may see a conversation'),
          );
        continue;
      }
      client.pending.push(consoleFrame);
      this.dirty.add(client);
    }
    this.scheduleFlush();
    // The visitor hears that the team is writing, without who.
    if (event.type === 'typing' && event.who === 'agent' && event.visitorId) {
      for (const socket of this.visitors.get(event.visitorId) ?? []) send(socket, '{"type":"typing"}');
    }
    if (event.type === 'message.created' && event.visitorId && !event.message.private) {
      const frame = JSON.stringify({ type: 'message.created', message: event.message });
      for (const socket of this.visitors.get(event.visitorId) ?? []) send(socket, frame);
    }
  }
}

const OPEN_BRACKET = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE_BRACKET = Buffer.from(']');

/** One frame as it is; several as a JSON array of them (the console reads both). */
function framesOf(pending: Buffer[]): Buffer {
  if (pending.length === 1) return pending[0]!;
  const parts: Buffer[] = [OPEN_BRACKET];
  pending.forEach((frame, i) => parts.push(...(i ? [COMMA, frame] : [frame])));
  parts.push(CLOSE_BRACKET);
  return Buffer.concat(parts);
}

function send(socket: WebSocket, frame: string | Buffer): void {
  // A text frame either way: a buffer is sent as the UTF-8 it already is.
  if (socket.readyState === socket.OPEN) socket.send(frame, { binary: false });
}

function parseFrame(text: string): { type?: unknown; conversationId?: unknown } | null {
  if (text.length > 512) return null;
  try {
    const frame = JSON.parse(text) as unknown;
    return frame && typeof frame === 'object' ? frame : null;
  } catch {
    return null;
  }
}
