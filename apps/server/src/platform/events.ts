// Domain events, published after commit; realtime, jobs and (later) automation and webhooks listen here.
import { EventEmitter } from 'node:events';
import type { Conversation, Message } from '@atiende/contract';

export type DomainEvent =
  | { type: 'message.created'; workspaceId: string; conversation: Conversation; message: Message; visitorId: string | null }
  | { type: 'conversation.updated'; workspaceId: string; conversation: Conversation }
  | { type: 'presence.changed'; workspaceId: string; userId: string; online: boolean };

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: DomainEvent): void {
    // Listeners must never break the request that already committed.
    queueMicrotask(() => {
      try {
        this.emitter.emit('event', event);
      } catch {
        /* a listener's fault is its own; it logs it */
      }
    });
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
