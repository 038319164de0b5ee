// Business events (a deal won, a customer lost, a customer's message received…) raised inside the transaction of the
// change that caused them. The listeners (webhooks queue deliveries, automation queues rule runs) write their work in
// that same transaction: nothing is lost when a process dies after commit, and nothing runs for a change rolled back.
// Every process registers the same listeners at start; none keeps state between events.
import type { BusinessEvent } from '@atiende/contract';
import type { Tenant } from '../db/tenant.js';
import type { AppContext } from './context.js';

export type BusinessEventListener = (ctx: AppContext, t: Tenant, event: BusinessEvent, now: number) => Promise<void>;

/**
 * What a listener looks up about a workspace (its webhooks, its rules) is read once per transaction: a WhatsApp batch
 * of hundreds of messages stored in one transaction asks once, not once per message. A transaction sees its own
 * snapshot of these settings anyway.
 */
const perTransaction = new WeakMap<object, Map<string, unknown>>();
export async function oncePerTransaction<R>(t: Tenant, key: string, read: () => Promise<R>): Promise<R> {
  if (!t.db.isTransaction) return read();
  let cache = perTransaction.get(t.db);
  if (!cache) perTransaction.set(t.db, (cache = new Map<string, unknown>()));
  const cacheKey = `${t.workspaceId}:${key}`;
  if (!cache.has(cacheKey)) cache.set(cacheKey, read());
  return cache.get(cacheKey) as Promise<R>;
}

export async function raiseEvent(ctx: AppContext, t: Tenant, event: BusinessEvent, now = Date.now()): Promise<void> {
  for (const listener of ctx.businessEventListeners) await listener(ctx, t, event, now);
}
