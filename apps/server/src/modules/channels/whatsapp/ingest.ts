// Turning a verified WhatsApp webhook into stored messages and delivery reports. Webhooks that arrive together are
// stored in one transaction (one disk sync for many), and each is acknowledged only after its transaction commits.
import type { DeliveryStatus } from '@atiende/contract';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { type Tenant, tenant } from '../../../db/tenant.js';
import type { AppContext } from '../../../platform/context.js';
import { announceFile, extensionFor } from '../../../platform/storage/files.js';
import { contactByIdentity, insertContact } from '../../contacts/index.js';
import { normalizePhone } from '../../contacts/index.js';
import { recordEvent } from '../../conversations/index.js';
import {
  type LatestConversation,
  type Stored,
  announceIncomingMany,
  storeIncoming,
  updateDelivery,
} from '../../conversations/index.js';
import { announceDelivery, quotedBySource, storeNotice } from '../../conversations/index.js';
import { type WaMessage, readMessage } from './messages.js';
import { changeNumber, keepReferral, react } from './changes.js';

interface WaStatus {
  id?: string;
  status?: string;
  errors?: { code?: number; title?: string; message?: string }[];
}
interface WaValue {
  contacts?: { wa_id?: string; profile?: { name?: string } }[];
  messages?: WaMessage[];
  statuses?: WaStatus[];
}
export interface WebhookPayload {
  object?: string;
  entry?: { changes?: { field?: string; value?: WaValue }[] }[];
}

const DELIVERY: DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];

/**
 * What one transaction has learnt of its senders: their contacts (by wa_id) and their latest conversations on the inbox.
 * Read for the whole batch in two statements before the first message, kept up to date as messages are stored, and
 * dropped with the transaction. Under load this halves the statements per message (PostgreSQL pays a round trip each).
 */
interface Known {
  contacts: Map<string, { id: string; name: string }>;
  latest: Map<string, LatestConversation | null>;
}

/** A WhatsApp customer of a workspace: the key of their contact in a batch, and of their lock across processes. */
export const senderKey = (workspaceId: string, waId: string) => `${workspaceId}:${waId}`;
/** A contact's conversations on one inbox, as a batch keeps the latest. */
const conversationKey = (inboxId: string, contactId: string) => `${inboxId}:${contactId}`;

const validSender = (m: WaMessage): m is WaMessage & { from: string; id: string } =>
  Boolean(m.from && m.id && /^\d{6,20}$/.test(m.from));

function messagesOf(payload: WebhookPayload): WaMessage[] {
  return (payload.entry ?? []).flatMap((e) =>
    (e.changes ?? []).flatMap((c) => (c.field === 'messages' ? (c.value?.messages ?? []) : [])),
  );
}

async function readKnown(db: Transaction<DB>, works: Work[]): Promise<Known> {
  const known: Known = { contacts: new Map(), latest: new Map() };
  const byInbox = new Map<string, { workspaceId: string; inboxId: string; waIds: Set<string> }>();
  for (const work of works) {
    const group =
      byInbox.get(work.inboxId) ??
      byInbox
        .set(work.inboxId, { workspaceId: work.workspaceId, inboxId: work.inboxId, waIds: new Set() })
        .get(work.inboxId)!;
    for (const m of messagesOf(work.payload)) if (validSender(m)) group.waIds.add(m.from);
  }
  for (const { workspaceId, inboxId, waIds } of byInbox.values()) {
    if (!waIds.size) continue;
    const t = tenant(db, workspaceId);
    // Without ORDER BY or LIMIT, so that SQLite answers both from their indexes (wa_id; contact): the oldest contact
    // with the wa_id, as contactFor finds it, and the latest conversation, as storeIncoming does, are picked here.
    const contacts = await t
      .selectFrom('contacts')
      .select(['id', 'name', 'whatsapp_id', 'created_at'])
      .where('whatsapp_id', 'in', [...waIds])
      .where('privacy_blocked_at', 'is', null)
      .execute();
    const oldest = new Map<string, (typeof contacts)[number]>();
    for (const c of contacts) {
      const seen = oldest.get(c.whatsapp_id!);
      if (!seen || c.created_at < seen.created_at || (c.created_at === seen.created_at && c.id < seen.id))
        oldest.set(c.whatsapp_id!, c);
    }
    if (!oldest.size) continue;
    for (const c of oldest.values()) {
      known.contacts.set(senderKey(workspaceId, c.whatsapp_id!), { id: c.id, name: c.name });
      known.latest.set(conversationKey(inboxId, c.id), null);
    }
    // A WhatsApp customer has one conversation per inbox (a resolved one reopens when they write), rarely a few.
    const conversations = await t
      .selectFrom('conversations')
      .select(['id', 'contact_id', 'waiting_since', 'status', 'last_message_at'])
      .where('inbox_id', '=', inboxId)
      .where(
        'contact_id',
        'in',
        [...oldest.values()].map((c) => c.id),
      )
      .execute();
    const latest = new Map<string, (typeof conversations)[number]>();
    for (const c of conversations) {
      const seen = latest.get(c.contact_id);
      if (
        !seen ||
        c.last_message_at > seen.last_message_at ||
        (c.last_message_at === seen.last_message_at && c.id > seen.id)
      )
        latest.set(c.contact_id, c);
    }
    for (const c of latest.values())
      known.latest.set(conversationKey(inboxId, c.contact_id), {
        id: c.id,
        waiting_since: c.waiting_since,
        status: c.status,
      });
  }
  return known;
}

/** The contact a WhatsApp user is: by wa_id, else by the same phone number, else a new contact. */
async function contactFor(
  t: Tenant,
  known: Known,
  waId: string,
  profileName: string | undefined,
): Promise<{ id: string; name: string }> {
  const key = senderKey(t.workspaceId, waId);
  const found = known.contacts.get(key) ?? (await lookUpContact(t, waId, profileName));
  known.contacts.set(key, found);
  return found;
}

async function lookUpContact(
  t: Tenant,
  waId: string,
  profileName: string | undefined,
): Promise<{ id: string; name: string }> {
  const byWaId = await t
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('whatsapp_id', '=', waId)
    .where('privacy_blocked_at', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
  if (byWaId) return byWaId;
  const phone = normalizePhone(`+${waId}`, 'MX');
  if (phone) {
    const byPhone = await contactByIdentity(t, 'phone', phone);
    if (byPhone) {
      await t.updateTable('contacts').set({ whatsapp_id: waId }).where('id', '=', byPhone.id).execute();
      return byPhone;
    }
  }
  const name = profileName?.trim() || (phone ?? `+${waId}`);
  const id = await insertContact(t, {
    name,
    phones: phone ? [{ value: phone }] : [],
    whatsappId: waId,
    source: 'WhatsApp',
  });
  return { id, name };
}

interface Work {
  ctx: AppContext;
  inboxId: string;
  workspaceId: string;
  payload: WebhookPayload;
}
interface Outcome {
  stored: Stored[];
  delivered: string[];
  /** Jobs were queued (media to fetch): the worker should look now. */
  queuedJobs: boolean;
}

/** The senders of a webhook's messages, as keys of the workspace's WhatsApp customers. */
function sendersOf(work: Work): string[] {
  return messagesOf(work.payload).map((m) => senderKey(work.workspaceId, m.from ?? ''));
}

interface Pending extends Work {
  resolve: () => void;
  reject: (error: unknown) => void;
  /** How many batches left it for later because another process held one of its senders. */
  deferrals: number;
}

const MAX_DEFERRALS = 3;

/**
 * Several server processes on PostgreSQL: the first two messages of a new customer may reach two of them at once, and
 * each would find no contact and make one (a test found 35 contacts for 20 customers). So a batch stores only senders
 * it holds a transaction-scoped advisory lock on: the second process finds the first's contact and conversation.
 *
 * A batch does not wait for a sender another process holds: it takes the locks it can at once and leaves those
 * senders' webhooks for its next batch, a few milliseconds later. (Waiting made the two processes take turns: under
 * the soak every batch shares a few of its thousand senders with the other process's, and PostgreSQL took 989 webhooks
 * a second with a queue that kept growing.) A webhook left behind MAX_DEFERRALS times, or a batch that could take
 * nothing, waits for its locks: all of them in one statement, in one order for every process, so that two waiting
 * batches cannot deadlock. SQLite has one writer, one transaction at a time: every webhook is taken.
 */
async function takeSenders(
  db: Transaction<DB>,
  works: Pending[],
  patient = works.some((w) => w.deferrals >= MAX_DEFERRALS),
): Promise<{ taken: Pending[]; later: Pending[] }> {
  const keys = works[0]?.ctx.dialect === 'postgres' ? [...new Set(works.flatMap(sendersOf))].sort() : [];
  if (!keys.length) return { taken: works, later: [] };
  const wait = () =>
    sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as k`.execute(db);
  if (patient) {
    await wait();
    return { taken: works, later: [] };
  }
  const tried = await sql<{
    k: string;
    locked: boolean;
  }>`select k, pg_try_advisory_xact_lock(hashtextextended(k, 0)) as locked from unnest(${keys}::text[]) as k`.execute(
    db,
  );
  const busy = new Set(tried.rows.filter((r) => !r.locked).map((r) => r.k));
  if (!busy.size) return { taken: works, later: [] };
  const taken: Pending[] = [];
  const later: Pending[] = [];
  for (const work of works) {
    const senders = sendersOf(work);
    if (senders.some((k) => busy.has(k))) {
      // Its other senders' later webhooks wait too, so that each sender's messages keep their order.
      for (const k of senders) busy.add(k);
      work.deferrals += 1;
      later.push(work);
    } else taken.push(work);
  }
  if (taken.length) return { taken, later };
  await wait();
  return { taken: works, later: [] };
}

/** Stores everything one webhook carries, inside the given transaction. */
async function ingest(db: Transaction<DB>, known: Known, work: Work): Promise<Outcome> {
  const t = tenant(db, work.workspaceId);
  const outcome: Outcome = { stored: [], delivered: [], queuedJobs: false };
  const now = Date.now();
  for (const entry of work.payload.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.field !== 'messages' || !change.value) continue;
      const names = new Map((change.value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const m of change.value.messages ?? []) {
        if (!validSender(m)) continue;
        const contact = await contactFor(t, known, m.from, names.get(m.from));
        const conversations = conversationKey(work.inboxId, contact.id);
        // A reaction belongs on the message it reacts to; a system notice changes the contact and tells the thread.
        if (m.type === 'reaction') {
          const changed = await react(t, work.inboxId, m.reaction ?? {}, 'customer');
          if (changed) outcome.delivered.push(changed);
          continue;
        }
        if (m.type === 'system') {
          // Meta may deliver a webhook twice: the contact changes once.
          const seen = await t
            .selectFrom('messages')
            .select('id')
            .where('inbox_id', '=', work.inboxId)
            .where('source_id', '=', m.id)
            .executeTakeFirst();
          if (seen) continue;
          const latest =
            known.latest.get(conversations) ??
            (await t
              .selectFrom('conversations')
              .select('id')
              .where('inbox_id', '=', work.inboxId)
              .where('contact_id', '=', contact.id)
              .orderBy('last_message_at', 'desc')
              .executeTakeFirst());
          const moved = await changeNumber(work.ctx, t, contact, m);
          if (moved) known.contacts.set(senderKey(work.workspaceId, moved), contact);
          if (latest) {
            const notice = await storeNotice(
              t,
              {
                conversationId: latest.id,
                inboxId: work.inboxId,
                sourceId: m.id,
                senderName: 'WhatsApp',
                senderId: contact.id,
                body: m.system?.body ?? '',
                kind: 'notice',
                metadata: {
                  notice: m.system?.type ?? 'system',
                  ...(moved ? { from: m.from, to: moved } : {}),
                },
              },
              now,
            );
            if (!notice.duplicate) outcome.stored.push(notice);
          }
          continue;
        }
        const read = readMessage(m);
        // The message it answers, when the customer swiped to reply to one that is here.
        if (typeof read.metadata.inReplyTo === 'string') {
          const quoted = await quotedBySource(t, work.inboxId, read.metadata.inReplyTo);
          if (quoted) read.metadata.replyTo = quoted;
        }
        const stored = await storeIncoming(
          work.ctx,
          t,
          {
            inboxId: work.inboxId,
            channel: 'whatsapp',
            contactId: contact.id,
            senderName: contact.name,
            body: read.body.slice(0, 10_000),
            sourceId: m.id,
            kind: read.kind,
            metadata: read.metadata,
            latest: known.latest.get(conversations),
          },
          now,
        );
        known.latest.set(conversations, stored.latest);
        if (!stored.duplicate && read.referral) await keepReferral(t, stored.conversationId, contact.id, read.referral);
        if (!stored.duplicate && read.media?.id) {
          const type = read.media.mime_type?.split(';')[0]?.trim();
          const file = await announceFile(
            t,
            {
              messageId: stored.messageId,
              name: read.media.filename ?? `${read.kind}.${extensionFor(type ?? '')}`,
              contentType: type,
              sourceRef: read.media.id,
            },
            now,
          );
          await work.ctx.jobs.enqueue(
            'whatsapp.media',
            { workspaceId: work.workspaceId, inboxId: work.inboxId, fileId: file.id },
            { executor: db, maxAttempts: 5 },
          );
          outcome.queuedJobs = true;
        }
        outcome.stored.push(stored);
      }
      for (const s of change.value.statuses ?? []) {
        if (!s.id || !DELIVERY.includes(s.status as DeliveryStatus)) continue;
        const error = s.errors?.[0]
          ? `${s.errors[0].code ?? ''} ${s.errors[0].title ?? s.errors[0].message ?? ''}`.trim()
          : null;
        const changed = await updateDelivery(t, work.inboxId, s.id, s.status as DeliveryStatus, error);
        if (!changed) continue;
        if (s.status === 'failed')
          await recordEvent(
            t,
            changed.conversationId,
            'delivery_failed',
            { type: 'system', id: null },
            { messageId: changed.messageId, error },
            now,
          );
        outcome.delivered.push(changed.messageId);
      }
    }
  }
  return outcome;
}

/**
 * Webhooks waiting while a transaction commits go into the next one together (group commit): throughput grows with
 * load instead of being one disk sync per webhook. If a batch fails, its webhooks are retried one by one, so one bad
 * payload cannot take the others down.
 */
export class WebhookIngest {
  private readonly queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxBatch = 200,
  ) {}

  submit(work: Work): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...work, resolve, reject, deferrals: 0 });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      // A transaction on SQLite runs through microtasks only, so requests that arrived meanwhile have not been read yet:
      // yield once to the event loop so they join this batch instead of each paying for its own commit.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length) {
        let batch = this.queue.splice(0, this.maxBatch);
        let later: Pending[] = [];
        let outcomes: Outcome[] | null = null;
        try {
          outcomes = await this.db.transaction().execute(async (trx) => {
            ({ taken: batch, later } = await takeSenders(trx, batch));
            const known = await readKnown(trx, batch);
            const list: Outcome[] = [];
            for (const work of batch) list.push(await ingest(trx, known, work));
            return list;
          });
        } catch {
          outcomes = null;
        }
        // Left for later: first in the next batch, before anything that arrived since.
        this.queue.unshift(...later);
        if (outcomes) {
          void this.finishBatch(batch, outcomes);
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        for (const work of batch) {
          try {
            const outcome = await this.db.transaction().execute(async (trx) => {
              await takeSenders(trx, [work], true);
              return ingest(trx, await readKnown(trx, [work]), work);
            });
            void this.finishBatch([work], [outcome]);
          } catch (error) {
            work.reject(error);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Acknowledge a whole batch, then tell consoles, each workspace's new messages read at once. */
  private async finishBatch(batch: Pending[], outcomes: Outcome[]): Promise<void> {
    for (const work of batch) work.resolve();
    const byWorkspace = new Map<
      string,
      { ctx: AppContext; stored: Stored[]; delivered: string[]; queuedJobs: boolean }
    >();
    batch.forEach((work, i) => {
      const group =
        byWorkspace.get(work.workspaceId) ??
        byWorkspace
          .set(work.workspaceId, { ctx: work.ctx, stored: [], delivered: [], queuedJobs: false })
          .get(work.workspaceId)!;
      group.stored.push(...outcomes[i]!.stored);
      group.delivered.push(...outcomes[i]!.delivered);
      group.queuedJobs ||= outcomes[i]!.queuedJobs;
    });
    for (const [workspaceId, group] of byWorkspace) {
      try {
        await announceIncomingMany(group.ctx, workspaceId, group.stored);
        for (const messageId of group.delivered) await announceDelivery(group.ctx, workspaceId, messageId);
        if (group.queuedJobs) group.ctx.jobs.nudge();
      } catch (err) {
        group.ctx.log.warn({ err }, 'announcing WhatsApp webhooks failed');
      }
    }
  }
}
