// Conversations and messages: every channel lands here; agents read, assign, prioritise, snooze and resolve.
// Inbound storage is in incoming.ts, answers in outgoing.ts.
import {
  type Channel,
  type Conversation,
  type ConversationStatus,
  type Message,
  type Priority,
  WHATSAPP_WINDOW_MS,
  type Referral,
} from '@atiende/contract';
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { touchDaysOf } from './fact-days.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import { raiseEvent } from '../../platform/business-events.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications.js';
import { filesOfMessages } from '../../platform/storage/files.js';
import { iso } from '../../platform/time.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { queryTerms } from '../../platform/search.js';
import { LONGEST_PREFIX } from '../../db/migrations/0034_message_search_prefixes.js';
import { labelsOf, setConversationLabels } from '../labels/index.js';
import { segmentCondition } from '../segments/index.js';
import { loadDefinition } from '../segments/index.js';
import { applySla } from '../sla/index.js';
import { assertTeam, assigneeForTeam, noteAssignment, teamsOf } from '../teams/index.js';
import { recordEvent } from './history.js';
import { untallied } from './tally.js';
import { visibleConversationIds, visibleWhere } from './visibility.js';

export const PREVIEW_LENGTH = 140;

function conversationQuery(t: Tenant) {
  return (
    t
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('sla_policies', 'sla_policies.id', 'conversations.sla_policy_id')
      // A contact blocked by a privacy request takes their conversations out of the inbox with them.
      .where('contacts.privacy_blocked_at', 'is', null)
      .select([
        'sla_policies.name as sla_policy_name',
        'conversations.sla_policy_id',
        'conversations.first_response_due_at',
        'conversations.next_response_due_at',
        'conversations.resolution_due_at',
        'conversations.first_response_breached_at',
        'conversations.next_response_breached_at',
        'conversations.resolution_breached_at',
        'conversations.first_response_at',
        'conversations.resolved_at',
        'conversations.id',
        'conversations.inbox_id',
        'conversations.channel',
        'conversations.status',
        'conversations.visitor_id',
        'conversations.assignee_id',
        'conversations.last_message_at',
        'conversations.last_message_preview',
        'conversations.waiting_since',
        'conversations.priority',
        'conversations.snoozed_until',
        'conversations.last_incoming_at',
        'conversations.referral',
        'conversations.team_id',
        'conversations.created_at',
        'conversations.subject',
        'conversations.abandoned_at',
        'contacts.id as contact_id',
        'contacts.name as contact_name',
        'contacts.email as contact_email',
        'contacts.phone as contact_phone',
        'contacts.unverified_email as contact_unverified_email',
      ])
  );
}
type ConversationRow = Awaited<ReturnType<ReturnType<typeof conversationQuery>['executeTakeFirstOrThrow']>>;

function toConversation(row: ConversationRow, labels: Conversation['labels'] = []): Conversation {
  return {
    id: row.id,
    inboxId: row.inbox_id,
    channel: row.channel as Channel,
    status: row.status as ConversationStatus,
    contact: {
      id: row.contact_id,
      name: row.contact_name,
      email: row.contact_email,
      phone: row.contact_phone,
      unverifiedEmail: row.contact_unverified_email,
    },
    assigneeId: row.assignee_id,
    lastMessageAt: iso(row.last_message_at),
    lastMessagePreview: row.last_message_preview,
    waitingSince: iso(row.waiting_since),
    priority: row.priority as Priority,
    snoozedUntil: iso(row.snoozed_until),
    lastIncomingAt: iso(row.last_incoming_at),
    replyWindowClosesAt:
      row.channel === 'whatsapp' && row.last_incoming_at !== null
        ? iso(row.last_incoming_at + WHATSAPP_WINDOW_MS)
        : null,
    teamId: row.team_id,
    subject: row.subject,
    abandonedAt: iso(row.abandoned_at),
    referral: row.referral ? (JSON.parse(row.referral) as Referral) : null,
    labels,
    sla: row.sla_policy_id
      ? {
          policyId: row.sla_policy_id,
          policyName: row.sla_policy_name ?? '',
          // A clock shows only while it runs: until the first answer, while the customer waits, until resolved.
          firstResponseDueAt: row.first_response_at === null ? iso(row.first_response_due_at) : null,
          nextResponseDueAt:
            row.waiting_since !== null && row.first_response_at !== null ? iso(row.next_response_due_at) : null,
          resolutionDueAt: row.resolved_at === null ? iso(row.resolution_due_at) : null,
          breached: [
            ...(row.first_response_breached_at !== null ? (['first_response'] as const) : []),
            ...(row.next_response_breached_at !== null ? (['next_response'] as const) : []),
            ...(row.resolution_breached_at !== null ? (['resolution'] as const) : []),
          ],
        }
      : null,
    createdAt: iso(row.created_at),
  };
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  direction: string;
  sender_type: string;
  sender_name: string | null;
  body: string;
  is_private: number;
  kind: string;
  delivery_status: string | null;
  delivery_error: string | null;
  metadata: string;
  created_at: number;
}

/** Messages as the API shows them, with their attachments (one query for all of them). */
/** Kinds that never carry files: a page of plain text messages needs no look-up of attachments. */
const WITHOUT_FILES = new Set(['text', 'location', 'interactive', 'template', 'unsupported']);

export async function toMessages(t: Tenant, rows: MessageRow[]): Promise<Message[]> {
  const withFiles = rows.filter((r) => !WITHOUT_FILES.has(r.kind) || r.direction === 'outgoing');
  const files = await filesOfMessages(
    t,
    withFiles.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction as Message['direction'],
    senderType: row.sender_type as Message['senderType'],
    senderName: row.sender_name,
    body: row.body,
    private: row.is_private === 1,
    kind: row.kind as Message['kind'],
    deliveryStatus: row.delivery_status as Message['deliveryStatus'],
    deliveryError: row.delivery_error,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    attachments: files
      .filter((f) => f.messageId === row.id)
      .map(({ messageId: _m, ...f }) => ({ ...f, url: `/api/files/${f.id}` })),
    createdAt: iso(row.created_at),
  }));
}

export async function loadMessage(t: Tenant, id: string): Promise<Message> {
  const row = await t.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await toMessages(t, [row]))[0]!;
}

export async function loadConversation(t: Tenant, id: string): Promise<Conversation & { visitorId: string | null }> {
  const found = (await loadConversations(t, [id])).get(id);
  if (!found) throw new AppError('not_found');
  return found;
}

/** Several conversations in two queries (those not found are left out). */
export async function loadConversations(
  t: Tenant,
  ids: string[],
): Promise<Map<string, Conversation & { visitorId: string | null }>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, Conversation & { visitorId: string | null }>();
  if (!unique.length) return found;
  const rows = await conversationQuery(t).where('conversations.id', 'in', unique).execute();
  const labels = await labelsOf(
    t,
    rows.map((r) => r.id),
  );
  for (const row of rows) found.set(row.id, { ...toConversation(row, labels.get(row.id)), visitorId: row.visitor_id });
  return found;
}

export function stripVisitor(conversation: Conversation & { visitorId: string | null }): Conversation {
  const { visitorId: _hidden, ...rest } = conversation;
  return rest;
}

export async function getConversation(ctx: AppContext, workspaceId: string, id: string): Promise<Conversation> {
  return stripVisitor(await loadConversation(tenant(ctx.db, workspaceId), id));
}

/** After commit: the message (and the conversation it changed) to consoles, and to the visitor who started it. */
export function publishMessage(
  ctx: AppContext,
  workspaceId: string,
  conversation: Conversation & { visitorId: string | null },
  message: Message,
): void {
  ctx.events.publish({
    type: 'message.created',
    workspaceId,
    conversation: stripVisitor(conversation),
    message,
    visitorId: conversation.visitorId,
  });
}

export interface ConversationFilters {
  status: ConversationStatus | 'all';
  channel?: Channel;
  assignee: 'me' | 'unassigned' | 'all';
  view?: 'all' | 'mine' | 'unassigned' | 'team' | 'mentions';
  teamId?: string;
  labelId?: string;
  priority?: Priority;
  segmentId?: string;
  fromAd?: boolean;
  adId?: string;
  sla?: 'breached' | 'at_risk' | 'on_track';
  sort?: 'activity' | 'waiting';
  before?: string;
  limit: number;
}

/** A running clock is close to its end within this; the console's badge turns orange later, in the last minutes. */
export const AT_RISK_MS = 30 * 60_000;

/** The SLA state of a conversation as a condition: the same clocks the badges show (see toConversation). */
function slaState(state: 'breached' | 'at_risk' | 'on_track', now: number) {
  return (eb: ExpressionBuilder<DB, 'conversations'>) => {
    const breached = eb.or([
      eb('conversations.first_response_breached_at', 'is not', null),
      eb('conversations.next_response_breached_at', 'is not', null),
      eb('conversations.resolution_breached_at', 'is not', null),
    ]);
    const soon = now + AT_RISK_MS;
    // Each branch names its due time as not null, so a missing clock is false, never NULL (which NOT would keep NULL).
    const atRisk = eb.or([
      eb.and([
        eb('conversations.first_response_at', 'is', null),
        eb('conversations.first_response_due_at', 'is not', null),
        eb('conversations.first_response_due_at', '<=', soon),
      ]),
      eb.and([
        eb('conversations.first_response_at', 'is not', null),
        eb('conversations.waiting_since', 'is not', null),
        eb('conversations.next_response_due_at', 'is not', null),
        eb('conversations.next_response_due_at', '<=', soon),
      ]),
      eb.and([
        eb('conversations.resolved_at', 'is', null),
        eb('conversations.resolution_due_at', 'is not', null),
        eb('conversations.resolution_due_at', '<=', soon),
      ]),
    ]);
    const governed = eb('conversations.sla_policy_id', 'is not', null);
    if (state === 'breached') return breached;
    if (state === 'at_risk') return eb.and([governed, eb.not(breached), atRisk]);
    return eb.and([governed, eb.not(breached), eb.not(atRisk)]);
  };
}

/** What waits for me: open conversations of mine, those of mine where the customer awaits an answer, and open
 * ones nobody has taken (among those I may see); the console shows it beside the inbox and on the home page. */
export async function waitingCounts(
  ctx: AppContext,
  auth: AuthContext,
): Promise<{ mine: number; mineWaiting: number; unassigned: number }> {
  const t = tenant(ctx.db, auth.workspaceId);
  const me = auth.user?.id ?? '';
  let q = t.selectFrom('conversations').where('conversations.status', '=', 'open');
  if (auth.scope) q = q.where(visibleWhere(auth.workspaceId, auth.scope));
  const row = await q
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('conversations.assignee_id', '=', me).then(1).else(0).end()).as('mine'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('conversations.assignee_id', '=', me), eb('conversations.waiting_since', 'is not', null)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('mine_waiting'),
      eb.fn.sum<number>(eb.case().when('conversations.assignee_id', 'is', null).then(1).else(0).end()).as('unassigned'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mine: Number(row.mine ?? 0),
    mineWaiting: Number(row.mine_waiting ?? 0),
    unassigned: Number(row.unassigned ?? 0),
  };
}

export async function listConversations(
  ctx: AppContext,
  auth: AuthContext,
  query: ConversationFilters,
): Promise<{ items: Conversation[]; nextCursor: string | null }> {
  const t = tenant(ctx.db, auth.workspaceId);
  const me = auth.user?.id ?? '';
  let q = conversationQuery(t);
  if (query.status !== 'all') q = q.where('conversations.status', '=', query.status);
  if (query.channel) q = q.where('conversations.channel', '=', query.channel);
  if (query.assignee === 'unassigned' || query.view === 'unassigned')
    q = q.where('conversations.assignee_id', 'is', null);
  if (query.assignee === 'me' || query.view === 'mine') q = q.where('conversations.assignee_id', '=', me);
  if (query.view === 'team') {
    const teams = await teamsOf(t, me);
    q = q.where('conversations.team_id', 'in', teams.length ? teams : ['']);
  }
  if (query.view === 'mentions') {
    // Internal notes keep the ids they @mention in their metadata.
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('messages')
          .select('messages.id')
          .whereRef('messages.conversation_id', '=', 'conversations.id')
          .where('messages.is_private', '=', 1)
          .where('messages.metadata', 'like', `%"${me.replace(/[%_"]/g, '')}"%`),
      ),
    );
  }
  if (query.teamId) q = q.where('conversations.team_id', '=', query.teamId);
  if (query.priority) q = q.where('conversations.priority', '=', query.priority);
  if (query.labelId) {
    const labelId = query.labelId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversation_labels')
          .select('conversation_labels.label_id')
          .whereRef('conversation_labels.conversation_id', '=', 'conversations.id')
          .where('conversation_labels.label_id', '=', labelId),
      ),
    );
  }
  if (query.segmentId) {
    const definition = await loadDefinition(ctx, auth.workspaceId, query.segmentId);
    q = q.where('conversations.contact_id', 'in', (eb) =>
      eb
        .selectFrom('contacts')
        .select('contacts.id')
        .where('contacts.workspace_id', '=', auth.workspaceId)
        .where(segmentCondition(definition, auth.workspaceId)),
    );
  }
  if (query.fromAd !== undefined) q = q.where('conversations.referral_source_id', query.fromAd ? 'is not' : 'is', null);
  if (query.adId) q = q.where('conversations.referral_source_id', '=', query.adId);
  if (query.sla) q = q.where(slaState(query.sla, Date.now()));
  if (auth.scope) q = q.where(visibleWhere(auth.workspaceId, auth.scope));
  const waiting = query.sort === 'waiting';
  const column = waiting ? 'conversations.waiting_since' : 'conversations.last_message_at';
  if (waiting) q = q.where('conversations.waiting_since', 'is not', null);
  if (query.before) {
    const [at, id] = query.before.split('|');
    const atMs = Number(at);
    if (!Number.isFinite(atMs) || !id)
      throw new AppError('validation_failed', [{ path: 'before', message: 'field.invalidCursor' }]);
    // Activity: newest first; waiting: longest wait (oldest waiting_since) first.
    q = q.where((eb) =>
      eb.or([
        eb(column, waiting ? '>' : '<', atMs),
        eb.and([eb(column, '=', atMs), eb('conversations.id', waiting ? '>' : '<', id)]),
      ]),
    );
  }
  const direction = waiting ? 'asc' : 'desc';
  const rows = await q
    .orderBy(column, direction)
    .orderBy('conversations.id', direction)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const labels = await labelsOf(
    t,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  const cursorAt = last ? (waiting ? last.waiting_since : last.last_message_at) : null;
  return {
    items: page.map((r) => toConversation(r, labels.get(r.id))),
    nextCursor: rows.length > query.limit && last ? `${cursorAt}|${last.id}` : null,
  };
}

export async function listMessages(
  ctx: AppContext,
  workspaceId: string,
  conversationId: string,
  options: { after?: string; includePrivate: boolean },
) {
  const t = tenant(ctx.db, workspaceId);
  await loadConversation(t, conversationId);
  let q = t.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
  if (options.after) q = q.where('id', '>', options.after);
  if (!options.includePrivate) q = q.where('is_private', '=', 0);
  return toMessages(t, await q.orderBy('created_at').orderBy('id').limit(1000).execute());
}

const statusAudit: Record<ConversationStatus, string> = {
  open: 'conversation.reopened',
  pending: 'conversation.pending',
  snoozed: 'conversation.snoozed',
  resolved: 'conversation.resolved',
};

export async function updateConversation(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  id: string,
  input: {
    status?: ConversationStatus;
    snoozedUntil?: string;
    assigneeId?: string | null;
    teamId?: string | null;
    priority?: Priority;
    labelIds?: string[];
  },
) {
  const now = Date.now();
  const t0 = tenant(ctx.db, auth.workspaceId);
  const snoozedUntil = input.snoozedUntil ? Date.parse(input.snoozedUntil) : null;
  if (input.status === 'snoozed' && (snoozedUntil === null || snoozedUntil <= now))
    throw new AppError('validation_failed', [{ path: 'snoozedUntil', message: 'field.inPast' }]);
  const newAssignee = await t0.transaction(async (t) => {
    const current = await t
      .selectFrom('conversations')
      .select(['status', 'assignee_id', 'team_id', 'priority', 'channel', 'inbox_id', 'contact_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await assertAgentMember(t, input.assigneeId, 'assigneeId');
    await assertTeam(t, input.teamId, 'teamId');
    let assigneeId = input.assigneeId;
    // A transfer to a team without naming the agent: the team's round robin chooses.
    if (input.teamId && input.teamId !== current.team_id && assigneeId === undefined)
      assigneeId = await assigneeForTeam(t, input.teamId, now);
    await t
      .updateTable('conversations')
      .set({
        ...(input.status
          ? {
              status: input.status,
              resolved_at: input.status === 'resolved' ? now : null,
              snoozed_until: input.status === 'snoozed' ? snoozedUntil : null,
            }
          : {}),
        ...(input.status === 'open' && current.status === 'resolved' ? { reopened_at: now } : {}),
        ...(assigneeId !== undefined ? { assignee_id: assigneeId } : {}),
        ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
        ...(input.priority ? { priority: input.priority } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (input.labelIds) await setConversationLabels(t, id, input.labelIds);
    if (input.status && input.status !== current.status) {
      await audit(t, actor, statusAudit[input.status], { type: 'conversation', id });
      await recordEvent(
        t,
        id,
        'status_changed',
        actor,
        {
          from: current.status,
          to: input.status,
          ...(snoozedUntil && input.status === 'snoozed' ? { until: iso(snoozedUntil) } : {}),
        },
        now,
      );
      if (input.status === 'resolved')
        await raiseEvent(
          ctx,
          t,
          {
            name: 'conversation.resolved',
            data: {
              conversation: {
                id,
                channel: current.channel as Channel,
                inboxId: current.inbox_id,
                contactId: current.contact_id,
              },
            },
          },
          now,
        );
    }
    const teamChanged = input.teamId !== undefined && input.teamId !== current.team_id;
    const assigneeChanged = assigneeId !== undefined && assigneeId !== current.assignee_id;
    if (teamChanged || assigneeChanged) {
      const data = {
        from: current.assignee_id,
        to: assigneeId ?? current.assignee_id,
        fromTeam: current.team_id,
        toTeam: input.teamId !== undefined ? input.teamId : current.team_id,
      };
      // Moving a conversation someone already held (or a team already had) is a transfer: customer effort counts them.
      const transfer = current.assignee_id !== null || (teamChanged && current.team_id !== null);
      await audit(t, actor, 'conversation.assigned', { type: 'conversation', id }, data);
      await recordEvent(t, id, transfer ? 'transferred' : 'assigned', actor, data, now);
      const team = input.teamId ?? current.team_id;
      if (assigneeId && team) await noteAssignment(t, team, assigneeId, now);
    }
    if (input.priority && input.priority !== current.priority)
      await recordEvent(t, id, 'priority_changed', actor, { from: current.priority, to: input.priority }, now);
    // Priority and team decide which service level applies.
    if ((input.priority && input.priority !== current.priority) || teamChanged) await applySla(ctx, t, id);
    return assigneeChanged ? assigneeId : null;
  });
  const conversation = stripVisitor(await loadConversation(t0, id));
  ctx.events.publish({ type: 'conversation.updated', workspaceId: auth.workspaceId, conversation });
  // Whoever the conversation now belongs to hears about it, unless they took it themselves.
  if (newAssignee && newAssignee !== auth.user?.id) {
    await notify(ctx, auth.workspaceId, [newAssignee], {
      kind: 'assigned',
      conversationId: id,
      contactName: conversation.contact.name,
      by: auth.user?.name ?? null,
      excerpt: conversation.lastMessagePreview,
    });
  }
  return conversation;
}

/** Snoozed conversations whose time has come are open again; run by housekeeping every minute on every process. */
export async function wakeSnoozed(ctx: AppContext, now = Date.now()): Promise<number> {
  const due = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'workspace_id'])
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .limit(500)
    .execute();
  for (const c of due) {
    const t0 = tenant(ctx.db, c.workspace_id);
    const woke = await t0.transaction(async (t) => {
      const changed = await t
        .updateTable('conversations')
        .set({ status: 'open', snoozed_until: null, updated_at: now })
        .where('id', '=', c.id)
        .where('status', '=', 'snoozed')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) return false;
      await recordEvent(
        t,
        c.id,
        'status_changed',
        { type: 'system', id: null },
        { from: 'snoozed', to: 'open', reason: 'snooze_ended' },
        now,
      );
      return true;
    });
    if (woke)
      ctx.events.publish({
        type: 'conversation.updated',
        workspaceId: c.workspace_id,
        conversation: stripVisitor(await loadConversation(t0, c.id)),
      });
  }
  return due.length;
}

/** What a website visitor sees: the public messages of the conversations they started, oldest first. */
export async function listMessagesForVisitor(
  ctx: AppContext,
  workspaceId: string,
  visitorId: string,
  after?: string,
): Promise<Message[]> {
  const t = tenant(ctx.db, workspaceId);
  let q = t
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .selectAll('messages')
    .where('conversations.visitor_id', '=', visitorId)
    .where('messages.is_private', '=', 0);
  if (after) q = q.where('messages.id', '>', after);
  const rows = await q.orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(200).execute();
  return toMessages(t, rows.reverse());
}

/** Every conversation of a contact with all its messages (internal notes included), for the contact's privacy export. */
export async function conversationsOfContact(t: Tenant, contactId: string) {
  const conversations = await t
    .selectFrom('conversations')
    .select(['id', 'channel', 'status', 'created_at', 'resolved_at'])
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .execute();
  const messages = conversations.length
    ? await toMessages(
        t,
        await t
          .selectFrom('messages')
          .selectAll()
          .where(
            'conversation_id',
            'in',
            conversations.map((c) => c.id),
          )
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
      )
    : [];
  return conversations.map((c) => ({
    id: c.id,
    channel: c.channel,
    status: c.status,
    createdAt: iso(c.created_at),
    resolvedAt: iso(c.resolved_at),
    messages: messages.filter((m) => m.conversationId === c.id),
  }));
}

/** How many of the newest messages a search reads first on PostgreSQL before asking the word index. */
const RECENT_WINDOW = 20_000;

/** Messages (and notes) containing every word of `q`, newest first, each with its conversation. */
export async function searchMessages(
  ctx: AppContext,
  auth: AuthContext,
  q: string,
  limit: number,
): Promise<{ message: Message; conversation: Conversation }[]> {
  const terms = queryTerms(q);
  if (!terms.length) return [];
  const t = tenant(ctx.db, auth.workspaceId);
  let rows: MessageRow[];
  if (ctx.dialect === 'postgres') {
    // The stored vector holds each word's prefixes (migration 0034): a term is one exact entry of the word index.
    // Only a term longer than the longest stored prefix is matched as a prefix, over the few words that long.
    const tsquery = terms.map((w) => (w.length > LONGEST_PREFIX ? `${w}:*` : w)).join(' & ');
    const matching = sql<SqlBool>`search_vector @@ to_tsquery('simple', ${tsquery})`;
    // A common word matches a large share of all messages: sorting every match is slow, but the newest messages
    // hold enough of them. Look there first; a rarer word falls back to the index of words, whose matches are few.
    const recent = t.selectFrom('messages').selectAll().orderBy('created_at', 'desc').limit(RECENT_WINDOW).as('recent');
    rows = await t.db
      .selectFrom(recent)
      .selectAll()
      .where(matching)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit * 2)
      .execute();
    if (rows.length < limit * 2) {
      rows = await t.transaction(async (tx) => {
        // A common word gathers its matches in a bitmap; with the default 4 MB it turns lossy and every matching page is
        // read again (measured with prefix terms: 130 ms instead of 40 at 2.5 million messages).
        await sql`set local work_mem = '32MB'`.execute(tx.db);
        // Materialized, so the planner cannot walk the whole table in time order hunting for matches that may not exist.
        const ids = await tx.db
          .with(
            (cte) => cte('matches').materialized(),
            () => tx.selectFrom('messages').select(['id', 'created_at']).where(matching),
          )
          .selectFrom('matches')
          .select('id')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit * 2)
          .execute();
        return ids.length
          ? tx
              .selectFrom('messages')
              .selectAll()
              .where(
                'id',
                'in',
                ids.map((r) => r.id),
              )
              .orderBy('created_at', 'desc')
              .orderBy('id', 'desc')
              .execute()
          : [];
      });
    }
  } else {
    // FTS5 walks its matches newest first (rowid order) and stops early; the workspace filter comes after.
    const match = terms.map((w) => (w.length >= 3 ? `"${w}"*` : `"${w}"`)).join(' ');
    rows = await t
      .selectFrom('messages')
      .selectAll()
      .where(
        sql<SqlBool>`messages.rowid in (select rowid from messages_fts where messages_fts match ${match} order by rowid desc limit ${limit * 20})`,
      )
      .orderBy(sql`messages.rowid`, 'desc')
      .limit(limit * 2)
      .execute();
  }
  let found = conversationQuery(t).where('conversations.id', 'in', [...new Set(rows.map((r) => r.conversation_id))]);
  if (auth.scope) found = found.where(visibleWhere(auth.workspaceId, auth.scope));
  const conversations = rows.length ? await found.execute() : [];
  const labels = await labelsOf(
    t,
    conversations.map((c) => c.id),
  );
  const byId = new Map(conversations.map((c) => [c.id, toConversation(c, labels.get(c.id))]));
  // Messages of conversations the inbox hides (a blocked contact, outside a limited agent's teams) are left out.
  const visible = rows.filter((r) => byId.has(r.conversation_id)).slice(0, limit);
  const messages = await toMessages(t, visible);
  return messages.map((message) => ({ message, conversation: byId.get(message.conversationId)! }));
}

/**
 * Merges two conversations of the same contact: messages (with their files), history and labels move into one, the
 * earlier start and first response are kept, and the other goes. One transaction; answers with the one that stays.
 */
export async function mergeConversations(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  targetId: string,
  otherId: string,
): Promise<Conversation> {
  if (targetId === otherId)
    throw new AppError('validation_failed', [{ path: 'mergeId', message: 'field.sameConversation' }]);
  const t0 = tenant(ctx.db, auth.workspaceId);
  const survivor = await t0.transaction(async (t) => {
    const both = await t.selectFrom('conversations').selectAll().where('id', 'in', [targetId, otherId]).execute();
    const target = both.find((c) => c.id === targetId);
    const other = both.find((c) => c.id === otherId);
    if (!target) throw new AppError('not_found');
    if (!other || (auth.scope && !(await visibleConversationIds(t, auth.scope, [other.id])).has(other.id)))
      throw new AppError('validation_failed', [{ path: 'mergeId', message: 'field.noSuchConversation' }]);
    if (other.contact_id !== target.contact_id)
      throw new AppError('validation_failed', [{ path: 'mergeId', message: 'field.otherContact' }]);
    // The conversation on a channel agents can write to survives (a logged call merged with a chat keeps the chat).
    const loggedOnly = (c: { channel: string }) => c.channel === 'phone' || c.channel === 'visit';
    const [keep, merge] = loggedOnly(target) && !loggedOnly(other) ? [other, target] : [target, other];
    const keepId = keep.id;
    const mergeId = merge.id;
    await t.updateTable('messages').set({ conversation_id: keepId }).where('conversation_id', '=', mergeId).execute();
    await t
      .updateTable('conversation_events')
      .set({ conversation_id: keepId })
      .where('conversation_id', '=', mergeId)
      .execute();
    const labels = await t
      .selectFrom('conversation_labels')
      .select('label_id')
      .where('conversation_id', 'in', [keepId, mergeId])
      .execute();
    await setConversationLabels(
      t,
      keepId,
      labels.map((l) => l.label_id),
    );
    const min = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
    const latest = merge.last_message_at > keep.last_message_at ? merge : keep;
    await t
      .updateTable('conversations')
      .set({
        created_at: Math.min(keep.created_at, merge.created_at),
        first_response_at: min(keep.first_response_at, merge.first_response_at),
        last_message_at: latest.last_message_at,
        last_message_preview: latest.last_message_preview,
        last_incoming_at: Math.max(keep.last_incoming_at ?? 0, merge.last_incoming_at ?? 0) || null,
        waiting_since: min(keep.waiting_since, merge.waiting_since),
        assignee_id: keep.assignee_id ?? merge.assignee_id,
        updated_at: Date.now(),
      })
      // Both histories in one: its tally is counted again from the messages.
      .set(untallied)
      .where('id', '=', keepId)
      .execute();
    await touchDaysOf(t, { conversationIds: [mergeId] });
    await t.deleteFrom('conversations').where('id', '=', mergeId).execute();
    await recordEvent(t, keepId, 'merged', actor, { mergedId: mergeId });
    await audit(t, actor, 'conversation.merged', { type: 'conversation', id: keepId }, { merged: mergeId });
    return keepId;
  });
  const conversation = stripVisitor(await loadConversation(t0, survivor));
  ctx.events.publish({ type: 'conversation.updated', workspaceId: auth.workspaceId, conversation });
  return conversation;
}

/** The other conversations of the same contact (candidates for a merge), newest first. */
export async function siblingConversations(ctx: AppContext, auth: AuthContext, id: string): Promise<Conversation[]> {
  const t = tenant(ctx.db, auth.workspaceId);
  const current = await loadConversation(t, id);
  let q = conversationQuery(t)
    .where('conversations.contact_id', '=', current.contact.id)
    .where('conversations.id', '!=', id);
  if (auth.scope) q = q.where(visibleWhere(auth.workspaceId, auth.scope));
  const rows = await q.orderBy('conversations.last_message_at', 'desc').limit(50).execute();
  return rows.map((r) => toConversation(r));
}
