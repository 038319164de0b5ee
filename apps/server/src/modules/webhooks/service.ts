// Outbound webhooks. A business event (a deal won, a quote accepted, a project delivered…) becomes, in the transaction
// of the change, one delivery per subscribed webhook and a job that sends it: the event is never lost and never blocks
// the change (the change commits whatever the receiver does). The job POSTs the JSON signed with HMAC-SHA256 over
// "<timestamp>.<body>", waits 10 seconds at most, follows no redirect, and on anything but a 2xx is retried with
// backoff (10 s, 20 s, 40 s, 80 s); every attempt is in the delivery log.
import { oncePerTransaction } from '../../platform/business-events.js';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { BusinessEvent, Webhook, WebhookDelivery } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId, randomToken } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { BlockedDestination, guardedLookup, hostOf, refusedAddress } from '../../platform/destinations.js';

declare module '../../platform/jobs.js' {
  interface JobPayloads {
    'webhook.deliver': { workspaceId: string; deliveryId: string };
  }
}

const TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 5;

type Row = {
  id: string;
  url: string;
  description: string;
  secret: string;
  events: string;
  enabled: number;
  created_at: number;
};
const toWebhook = (r: Row, revealSecret = false): Webhook => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: JSON.parse(r.events) as Webhook['events'],
  enabled: r.enabled === 1,
  secret: revealSecret ? r.secret : `…${r.secret.slice(-4)}`,
  createdAt: iso(r.created_at),
});

export async function listWebhooks(ctx: AppContext, workspaceId: string): Promise<Webhook[]> {
  return (await tenant(ctx.db, workspaceId).selectFrom('webhooks').selectAll().orderBy('created_at').execute()).map(
    (r) => toWebhook(r),
  );
}

export async function createWebhook(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { url: string; description: string; events: string[]; enabled: boolean },
): Promise<Webhook> {
  const id = newId();
  const now = Date.now();
  const secret = `whsec_${randomToken()}`;
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .insertInto('webhooks', {
        id,
        url: input.url,
        description: input.description,
        secret,
        events: JSON.stringify(input.events),
        enabled: input.enabled ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(t, actor, 'webhook.created', { type: 'webhook', id }, { url: new URL(input.url).origin });
    return toWebhook(await t.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), true);
  });
}

export async function updateWebhook(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { url?: string; description?: string; events?: string[]; enabled?: boolean },
): Promise<Webhook> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const done = await t
      .updateTable('webhooks')
      .set({
        ...(input.url !== undefined && { url: input.url }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.events && { events: JSON.stringify(input.events) }),
        ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('not_found');
    await audit(t, actor, 'webhook.updated', { type: 'webhook', id });
    return toWebhook(await t.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function deleteWebhook(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'webhook.deleted', { type: 'webhook', id });
  });
}

export async function listDeliveries(
  ctx: AppContext,
  workspaceId: string,
  webhookId: string,
): Promise<WebhookDelivery[]> {
  const t = tenant(ctx.db, workspaceId);
  if (!(await t.selectFrom('webhooks').select('id').where('id', '=', webhookId).executeTakeFirst()))
    throw new AppError('not_found');
  const rows = await t
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    status: r.status as 'pending',
    attempts: r.attempts,
    responseStatus: r.response_status,
    error: r.error,
    durationMs: r.duration_ms,
    createdAt: iso(r.created_at),
    lastAttemptAt: r.last_attempt_at === null ? null : iso(r.last_attempt_at),
    deliveredAt: r.delivered_at === null ? null : iso(r.delivered_at),
    payload: JSON.parse(r.payload) as unknown,
  }));
}

export async function queueDelivery(
  ctx: AppContext,
  t: Tenant,
  webhookId: string,
  event: string,
  data: Record<string, unknown>,
  now: number,
): Promise<string> {
  const id = newId();
  const payload = { id, type: event, workspaceId: t.workspaceId, occurredAt: iso(now), data };
  await t
    .insertInto('webhook_deliveries', {
      id,
      webhook_id: webhookId,
      event,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      response_status: null,
      error: null,
      duration_ms: null,
      created_at: now,
      last_attempt_at: null,
      delivered_at: null,
    })
    .execute();
  await ctx.jobs.enqueue(
    'webhook.deliver',
    { workspaceId: t.workspaceId, deliveryId: id },
    { executor: t.db, maxAttempts: MAX_ATTEMPTS },
  );
  return id;
}

/** The business-event listener: inside the change's transaction, one delivery per enabled webhook that listens to the event. */
/** The business-event listener: a delivery for every webhook that subscribes to the event, in the change's transaction. */
export async function queueWebhookDeliveries(
  ctx: AppContext,
  t: Tenant,
  event: BusinessEvent,
  now = Date.now(),
): Promise<void> {
  const hooks = await oncePerTransaction(t, 'webhooks', () =>
    t.selectFrom('webhooks').select(['id', 'events']).where('enabled', '=', 1).execute(),
  );
  for (const hook of hooks) {
    const events = JSON.parse(hook.events) as string[];
    if (events.includes('*') || events.includes(event.name))
      await queueDelivery(ctx, t, hook.id, event.name, event.data, now);
  }
  if (hooks.length) ctx.jobs.nudge();
}

/** A test event, to check the receiver and its signature check. */
export async function pingWebhook(ctx: AppContext, workspaceId: string, id: string): Promise<{ deliveryId: string }> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('webhooks').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    const deliveryId = await queueDelivery(ctx, t, id, 'ping', { message: 'Atiende webhook test' }, Date.now());
    ctx.jobs.nudge();
    return { deliveryId };
  });
}

/** A failed delivery tried again now, as a new attempt series. */
export async function retryDelivery(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const done = await t
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', error: null })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw new AppError('not_found');
    await ctx.jobs.enqueue(
      'webhook.deliver',
      { workspaceId, deliveryId: id },
      { executor: t.db, maxAttempts: MAX_ATTEMPTS },
    );
    await audit(t, actor, 'webhook.retried', { type: 'webhook_delivery', id });
  });
  ctx.jobs.nudge();
}

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One POST: the answer's status, or why there was none. Never follows a redirect; never reaches a private address. */
function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  allowPrivate: boolean,
): Promise<{ status: number }> {
  const target = new URL(url);
  const refused = refusedAddress(hostOf(target), allowPrivate);
  if (refused) return Promise.reject(new BlockedDestination(refused));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: TIMEOUT_MS,
        lookup: guardedLookup(allowPrivate),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

export function registerWebhookJobs(ctx: AppContext): void {
  ctx.jobs.register('webhook.deliver', async (payload, job) => {
    const { workspaceId, deliveryId } = payload;
    const t = tenant(ctx.db, workspaceId);
    const delivery = await t
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select([
        'webhook_deliveries.id',
        'webhook_deliveries.payload',
        'webhook_deliveries.status',
        'webhook_deliveries.event',
        'webhooks.url',
        'webhooks.secret',
        'webhooks.enabled',
      ])
      .where('webhook_deliveries.id', '=', deliveryId)
      .executeTakeFirst();
    if (!delivery || delivery.status === 'delivered') return;
    const started = Date.now();
    const timestamp = String(Math.floor(started / 1000));
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (delivery.enabled !== 1) throw new BlockedDestination('the webhook is turned off');
      const answer = await post(
        delivery.url,
        delivery.payload,
        {
          'content-type': 'application/json',
          'user-agent': 'Atiende-Webhooks/1',
          'x-atiende-event': delivery.event,
          'x-atiende-delivery': delivery.id,
          'x-atiende-timestamp': timestamp,
          'x-atiende-signature': signature(delivery.secret, timestamp, delivery.payload),
        },
        ctx.config.webhooksAllowPrivate,
      );
      status = answer.status;
      if (status < 200 || status >= 300)
        error = status >= 300 && status < 400 ? `redirect ${status} not followed` : `answered ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message.slice(0, 300) : String(e);
    }
    const ok = error === null;
    // A refused destination will not become acceptable by waiting: no more attempts.
    const final = ok || job.lastAttempt || error?.startsWith('refused') || error === 'the webhook is turned off';
    await t
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: ok ? 'delivered' : final ? 'failed' : 'pending',
        attempts: eb('attempts', '+', 1),
        response_status: status,
        error,
        duration_ms: Date.now() - started,
        last_attempt_at: started,
        ...(ok && { delivered_at: Date.now() }),
      }))
      .where('id', '=', deliveryId)
      .execute();
    if (!final) throw new Error(`webhook delivery ${deliveryId}: ${error}`);
  });
}
