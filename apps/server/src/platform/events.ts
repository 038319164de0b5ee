// Domain events, published after commit; realtime, jobs and (later) automation and webhooks listen here.
// On one process (SQLite) the bus is in memory. On PostgreSQL every process may hold sockets, so each event goes
// through the database with NOTIFY (several to a notification and many to a transaction; large ones stored in
// realtime_events and announced by id) and is delivered by every process's LISTEN, in order.
import { EventEmitter } from 'node:events';
import type { Conversation, Message } from '@atiende/contract';
import type { Notice } from './notifications.js';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../db/schema.js';
import { newId } from './ids.js';

export type DomainEvent =
  | {
      type: 'message.created';
      workspaceId: string;
      conversation: Conversation;
      message: Message;
      visitorId: string | null;
    }
  | { type: 'message.updated'; workspaceId: string; message: Message }
  | { type: 'conversation.updated'; workspaceId: string; conversation: Conversation }
  | { type: 'presence.changed'; workspaceId: string; userId: string; online: boolean }
  /** Someone is writing: a visitor in the widget (to consoles) or an agent (to other consoles and the visitor). */
  | {
      type: 'typing';
      workspaceId: string;
      conversationId: string;
      visitorId: string | null;
      who: 'visitor' | 'agent';
      userId: string | null;
      name: string | null;
    }
  /** For one person only: someone @mentioned them, a conversation was assigned to them… */
  | { type: 'notification'; workspaceId: string; userId: string; notification: Notice }
  /** Sessions ended (sign-out, password change or reset, removal from a workspace): their live sockets close too. */
  | { type: 'access.revoked'; workspaceId: string | null; userId: string; sessionId?: string };

const CHANNEL = 'atiende_events';
const KEEP_MS = 10 * 60_000;
/** NOTIFY payloads must stay under 8000 bytes. */
const INLINE_LIMIT = 7_500;
/** Room for a notification's brackets and number. */
const ENVELOPE = 24;
/** Events sent in one transaction at most. */
const MAX_BATCH = 500;

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private relay: PostgresRelay | undefined;

  /** Fan events out through PostgreSQL so that every server process sees them. */
  async relayThrough(db: Kysely<DB>, connection: pg.ClientConfig, log: FastifyBaseLogger): Promise<void> {
    this.relay = new PostgresRelay(db, connection, log, (event) => this.deliver(event));
    await this.relay.start();
  }

  publish(event: DomainEvent): void {
    if (this.relay) return void this.relay.publish(event);
    queueMicrotask(() => this.deliver(event));
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    await this.relay?.stop();
  }

  private deliver(event: DomainEvent): void {
    try {
      this.emitter.emit('event', event);
    } catch {
      /* a listener's fault is its own; it logs it, and the change that caused the event is committed */
    }
  }
}

class PostgresRelay {
  private client: pg.Client | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly outbox: string[] = [];
  private sending: Promise<void> | undefined;
  private sequence = 0;
  private stopped = false;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly connection: pg.ClientConfig,
    private readonly log: FastifyBaseLogger,
    private readonly deliver: (event: DomainEvent) => void,
  ) {
    this.pruneTimer = setInterval(() => void this.prune(), 60_000);
    this.pruneTimer.unref();
  }

  async start(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.enqueue(n.payload);
    });
    client.on('error', (err) => {
      this.log.warn({ err }, 'event relay connection lost; reconnecting');
      this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  /**
   * Events wait here while the previous ones are being sent, and then go together: a transaction that notifies takes
   * a transaction id and a flushed commit, so one per event cost PostgreSQL a disk flush per message under load.
   */
  publish(event: DomainEvent): void {
    this.outbox.push(JSON.stringify(event));
    this.sending ??= this.sendAll().finally(() => (this.sending = undefined));
  }

  private async sendAll(): Promise<void> {
    // Events published in the same run of the event loop join the first transaction.
    await Promise.resolve();
    while (this.outbox.length) {
      const batch = this.outbox.splice(0, MAX_BATCH);
      await this.send(batch).catch((err: unknown) =>
        this.log.warn(
          { err, events: batch.length },
          'events not relayed; consoles will catch up on their next refresh',
        ),
      );
    }
  }

  /**
   * One transaction, in order: events packed into notifications as JSON arrays (the first element a number of this
   * process's, so that two identical notifications in one transaction, which PostgreSQL would deliver once, cannot
   * occur), and an event too large for a notification stored in realtime_events and announced by its id.
   */
  private async send(batch: string[]): Promise<void> {
    const notifications: string[] = [];
    const stored: { id: string; payload: string; created_at: number }[] = [];
    let chunk: string[] = [];
    let size = 0;
    const close = () => {
      if (chunk.length) notifications.push(`[${++this.sequence},${chunk.join(',')}]`);
      chunk = [];
      size = 0;
    };
    for (const payload of batch) {
      const bytes = Buffer.byteLength(payload) + 1;
      if (bytes + ENVELOPE > INLINE_LIMIT) {
        close();
        const id = newId();
        stored.push({ id, payload, created_at: Date.now() });
        notifications.push(id);
        continue;
      }
      if (size + bytes + ENVELOPE > INLINE_LIMIT) close();
      chunk.push(payload);
      size += bytes;
    }
    close();
    await this.db.transaction().execute(async (tx) => {
      if (stored.length) await tx.insertInto('realtime_events').values(stored).execute();
      // Output expressions are evaluated after ORDER BY: the notifications are queued in this order.
      await sql`select pg_notify(${CHANNEL}, n) from unnest(${notifications}::text[]) with ordinality as u(n, i) order by i`.execute(
        tx,
      );
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pruneTimer);
    await this.sending;
    await this.chain;
    await this.client?.end().catch(() => {});
  }

  /** One at a time, in arrival order, so frames of one conversation never overtake each other. */
  private enqueue(notification: string): void {
    this.chain = this.chain
      .then(async () => {
        if (notification.startsWith('[')) {
          const [, ...events] = JSON.parse(notification) as [number, ...DomainEvent[]];
          for (const event of events) this.deliver(event);
          return;
        }
        // A single event: what a process of an earlier version sends during a rolling upgrade.
        if (notification.startsWith('{')) return this.deliver(JSON.parse(notification) as DomainEvent);
        const row = await this.db
          .selectFrom('realtime_events')
          .select('payload')
          .where('id', '=', notification)
          .executeTakeFirst();
        if (row) this.deliver(JSON.parse(row.payload) as DomainEvent);
      })
      .catch((err: unknown) => this.log.warn({ err }, 'event relay delivery failed'));
  }

  private reconnect(): void {
    const old = this.client;
    this.client = undefined;
    void old?.end().catch(() => {});
    if (this.stopped) return;
    setTimeout(() => {
      if (!this.stopped) this.start().catch(() => this.reconnect());
    }, 1_000).unref();
  }

  private async prune(): Promise<void> {
    await this.db
      .deleteFrom('realtime_events')
      .where('created_at', '<', Date.now() - KEEP_MS)
      .execute()
      .catch(() => {});
  }
}
