// Automation rules. A business event, inside the transaction of the change that raised it, queues one job naming the
// enabled rules of that event (none: nothing is written). The job reads the event's subject as it is then, checks each
// rule's conditions and runs its actions in order, logging what each did. A failed action is logged and the next one
// still runs; the job is not retried, so an action is never done twice. No action raises an event a rule listens to
// (assigning, labelling, an automatic message, a task, a notice or a webhook call), so rules cannot loop.
import {
  type AutomationAction,
  type AutomationCondition,
  type AutomationEvent,
  type AutomationField,
  type AutomationRule,
  type AutomationRun,
  type BusinessEvent,
  automationFields,
  conversationEvents,
} from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import type { AuthContext } from '../../platform/auth/context.js';
import { type Actor, audit } from '../../platform/audit.js';
import { isOpenAt } from '../../platform/business-hours.js';
import { oncePerTransaction } from '../../platform/business-events.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notifications.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { loadConversation, updateConversation } from '../conversations/index.js';
import { announceOutgoing, storeOutgoing } from '../conversations/index.js';
import { fill } from '../followups/index.js';
import { createTask } from '../tasks/index.js';
import { teamBusinessHours } from '../teams/index.js';
import { queueDelivery } from '../webhooks/index.js';

declare module '../../platform/jobs.js' {
  interface JobPayloads {
    'automation.run': { workspaceId: string; event: AutomationEvent; data: Record<string, unknown>; ruleIds: string[] };
  }
}

const DAY = 86_400_000;
const WHATSAPP_WINDOW_MS = 24 * 60 * 60_000;
const SYSTEM: Actor = { type: 'system', id: null };

type Write = {
  name: string;
  event: AutomationEvent;
  enabled: boolean;
  conditions: AutomationCondition[];
  actions: AutomationAction[];
};

function toRule(r: {
  id: string;
  name: string;
  event: string;
  enabled: number;
  conditions: string;
  actions: string;
  position: number;
  runs: number;
  last_run_at: number | null;
  created_at: number;
  updated_at: number;
}): AutomationRule {
  return {
    id: r.id,
    name: r.name,
    event: r.event as AutomationEvent,
    enabled: r.enabled === 1,
    conditions: JSON.parse(r.conditions) as AutomationRule['conditions'],
    actions: JSON.parse(r.actions) as AutomationRule['actions'],
    position: r.position,
    runs: r.runs,
    lastRunAt: iso(r.last_run_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Fields the event offers, actions its subject allows, and every id a rule names belongs to this workspace. */
async function check(t: Tenant, rule: Write): Promise<void> {
  const fields: { path: string; message: string }[] = [];
  const offered = new Set(automationFields[rule.event]);
  rule.conditions.forEach((c, i) => {
    if (!offered.has(c.field)) fields.push({ path: `conditions.${i}.field`, message: 'field.notForEvent' });
    if (!['is_empty', 'is_not_empty'].includes(c.operator) && (c.value === null || c.value === ''))
      fields.push({ path: `conditions.${i}.value`, message: 'field.required' });
  });
  const onConversation = conversationEvents.includes(rule.event);
  const exists = async (table: 'labels' | 'teams' | 'webhooks' | 'whatsapp_templates', id: string) =>
    Boolean(await t.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
  const member = async (id: string) =>
    Boolean(
      await t
        .selectFrom('memberships')
        .select('user_id')
        .where('user_id', '=', id)
        .where('role', '!=', 'viewer')
        .executeTakeFirst(),
    );
  for (const [i, a] of rule.actions.entries()) {
    const path = `actions.${i}`;
    if (
      ['assign_agent', 'assign_team', 'add_label', 'set_priority', 'send_message'].includes(a.type) &&
      !onConversation
    )
      fields.push({ path: `${path}.type`, message: 'field.notForEvent' });
    if (a.type === 'assign_agent' && !(await member(a.userId)))
      fields.push({ path: `${path}.userId`, message: 'field.notAgent' });
    if (a.type === 'assign_team' && !(await exists('teams', a.teamId)))
      fields.push({ path: `${path}.teamId`, message: 'field.noSuchTeam' });
    if (a.type === 'add_label' && !(await exists('labels', a.labelId)))
      fields.push({ path: `${path}.labelId`, message: 'field.noSuchLabel' });
    if (a.type === 'call_webhook' && !(await exists('webhooks', a.webhookId)))
      fields.push({ path: `${path}.webhookId`, message: 'field.noSuchWebhook' });
    if (
      a.type === 'send_message' &&
      a.whatsappTemplateId &&
      !(await exists('whatsapp_templates', a.whatsappTemplateId))
    )
      fields.push({ path: `${path}.whatsappTemplateId`, message: 'field.noSuchTemplate' });
    if (a.type === 'notify') {
      for (const [k, id] of a.userIds.entries())
        if (!(await member(id))) fields.push({ path: `${path}.userIds.${k}`, message: 'field.notAgent' });
      if (!a.userIds.length && !a.owner && !a.assignee)
        fields.push({ path: `${path}.userIds`, message: 'field.required' });
      if (a.assignee && !onConversation) fields.push({ path: `${path}.assignee`, message: 'field.notForEvent' });
    }
    if (a.type === 'create_task' && a.assignTo === 'assignee' && !onConversation)
      fields.push({ path: `${path}.assignTo`, message: 'field.notForEvent' });
    if (a.type === 'create_task' && a.assignTo !== 'owner' && a.assignTo !== 'assignee' && !(await member(a.assignTo)))
      fields.push({ path: `${path}.assignTo`, message: 'field.notAgent' });
  }
  if (fields.length) throw new AppError('validation_failed', fields);
}

export async function listRules(ctx: AppContext, workspaceId: string): Promise<AutomationRule[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('automation_rules')
    .selectAll()
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  return rows.map(toRule);
}

async function getRule(t: Tenant, id: string): Promise<AutomationRule> {
  const row = await t.selectFrom('automation_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toRule(row);
}

export async function createRule(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: Write,
): Promise<AutomationRule> {
  const id = newId();
  const now = Date.now();
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await check(t, input);
    const last = await t
      .selectFrom('automation_rules')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .executeTakeFirst();
    await t
      .insertInto('automation_rules', {
        id,
        name: input.name,
        event: input.event,
        enabled: input.enabled ? 1 : 0,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
        position: Number(last?.p ?? -1) + 1,
        runs: 0,
        last_run_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(
      t,
      actor,
      'automation.created',
      { type: 'automation_rule', id },
      { name: input.name, event: input.event },
    );
    return getRule(t, id);
  });
}

export async function updateRule(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: Partial<Write>,
): Promise<AutomationRule> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await getRule(t, id);
    const next: Write = {
      name: input.name ?? current.name,
      event: input.event ?? current.event,
      enabled: input.enabled ?? current.enabled,
      conditions: input.conditions ?? current.conditions,
      actions: input.actions ?? current.actions,
    };
    await check(t, next);
    await t
      .updateTable('automation_rules')
      .set({
        name: next.name,
        event: next.event,
        enabled: next.enabled ? 1 : 0,
        conditions: JSON.stringify(next.conditions),
        actions: JSON.stringify(next.actions),
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
    await audit(t, actor, 'automation.updated', { type: 'automation_rule', id }, { fields: Object.keys(input) });
    return getRule(t, id);
  });
}

export async function deleteRule(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.deleteFrom('automation_rules').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'automation.deleted', { type: 'automation_rule', id });
  });
}

export async function listRuns(ctx: AppContext, workspaceId: string, ruleId: string): Promise<AutomationRun[]> {
  const t = tenant(ctx.db, workspaceId);
  await getRule(t, ruleId);
  const rows = await t
    .selectFrom('automation_runs')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ruleId: r.rule_id,
    event: r.event as AutomationEvent,
    subject: { type: r.subject_type, id: r.subject_id },
    status: r.status as AutomationRun['status'],
    actions: JSON.parse(r.outcome) as AutomationRun['actions'],
    createdAt: iso(r.created_at),
  }));
}

// ── Queueing and running ─────────────────────────────────────────────────────

/** The business-event listener: one job for the rules of this event, in the change's transaction. */
export async function queueAutomationRuns(
  ctx: AppContext,
  t: Tenant,
  event: BusinessEvent,
  _now: number,
): Promise<void> {
  const rules = await oncePerTransaction(t, `rules:${event.name}`, () =>
    t.selectFrom('automation_rules').select('id').where('event', '=', event.name).where('enabled', '=', 1).execute(),
  );
  if (!rules.length) return;
  await ctx.jobs.enqueue(
    'automation.run',
    { workspaceId: t.workspaceId, event: event.name, data: event.data, ruleIds: rules.map((r) => r.id) },
    { executor: t.db, maxAttempts: 1 },
  );
  ctx.jobs.nudge();
}

type Facts = Partial<Record<AutomationField, string | number | boolean | string[] | null>>;
interface Subject {
  type: string;
  id: string;
  contactId: string | null;
  conversationId: string | null;
  contactOwnerId: string | null;
  assigneeId: string | null;
  contactName: string;
}

/** What the rules of an event may look at, read as things stand now. */
async function factsOf(
  ctx: AppContext,
  t: Tenant,
  event: BusinessEvent,
): Promise<{ facts: Facts; subject: Subject } | null> {
  const facts: Facts = {};
  let conversationId: string | null = null;
  let contactId: string | null = null;
  let subject: { type: string; id: string };
  let assigneeId: string | null = null;
  if (
    event.name === 'conversation.created' ||
    event.name === 'message.received' ||
    event.name === 'conversation.resolved'
  ) {
    conversationId = event.data.conversation.id;
    const conversation = await loadConversation(t, conversationId).catch(() => null);
    if (!conversation) return null;
    contactId = conversation.contact.id;
    assigneeId = conversation.assigneeId;
    subject = { type: 'conversation', id: conversationId };
    Object.assign(facts, {
      'conversation.channel': conversation.channel,
      'conversation.priority': conversation.priority,
      'conversation.teamId': conversation.teamId,
      'conversation.assigneeId': conversation.assigneeId,
      'conversation.labels': conversation.labels.map((l) => l.name),
      'message.text':
        'message' in event.data && typeof event.data.message.body === 'string' ? event.data.message.body : null,
    });
    const calendar = await workspaceCalendar(ctx, t.workspaceId, t);
    const hours = (await teamBusinessHours(t, conversation.teamId)) ?? calendar.businessHours;
    facts['time.businessHours'] = isOpenAt(hours, calendar.timeZone, new Date(), calendar.holidays);
  } else {
    switch (event.name) {
      case 'deal.won':
      case 'deal.lost': {
        const deal = event.data.deal;
        subject = { type: 'deal', id: deal.id };
        contactId = deal.contactId;
        Object.assign(facts, {
          'deal.value': Number(deal.value ?? 0),
          'deal.pipelineId': deal.pipelineId ?? null,
          'deal.lostReason': deal.lostReason ?? null,
        });
        break;
      }
      case 'quote.accepted':
      case 'quote.declined':
        subject = { type: 'quote', id: event.data.quote.id };
        contactId = event.data.quote.contactId;
        facts['quote.total'] = Number(event.data.quote.total ?? 0);
        break;
      case 'project.status_changed':
        subject = { type: 'project', id: event.data.project.id };
        contactId = event.data.project.contactId;
        facts['project.status'] = event.data.project.to ?? null;
        break;
      case 'incident.resolved':
        subject = { type: 'incident', id: event.data.incident.id };
        contactId = event.data.incident.contactId;
        facts['incident.rootCause'] = event.data.incident.rootCause ?? null;
        break;
      case 'contact.lost':
      case 'contact.merged':
        subject = { type: 'contact', id: event.data.contact.id };
        contactId = event.data.contact.id;
        break;
      case 'subscription.renewed':
      case 'subscription.ended': {
        const subscription = event.data.subscription;
        subject = { type: 'subscription', id: subscription.id };
        contactId = subscription.contactId;
        Object.assign(facts, {
          'subscription.plan': subscription.plan ?? null,
          'subscription.price': Number(subscription.price ?? 0),
          'subscription.reason': 'reason' in subscription ? subscription.reason : null,
        });
        break;
      }
    }
  }
  let contact: { name: string; status: string | null; owner_id: string | null; left_reason: string | null } | undefined;
  if (contactId) {
    contact = await t
      .selectFrom('contacts')
      .select(['name', 'status', 'owner_id', 'left_reason'])
      .where('id', '=', contactId)
      .where('privacy_blocked_at', 'is', null)
      .executeTakeFirst();
    if (contact) {
      const tags = await t
        .selectFrom('record_tags')
        .select('tag')
        .where('entity', '=', 'contact')
        .where('record_id', '=', contactId)
        .execute();
      Object.assign(facts, {
        'contact.status': contact.status,
        'contact.ownerId': contact.owner_id,
        'contact.tags': tags.map((x) => x.tag),
        'contact.leftReason': contact.left_reason,
      });
    }
  }
  return {
    facts,
    subject: {
      ...subject,
      contactId: contact ? contactId : null,
      conversationId,
      contactOwnerId: contact?.owner_id ?? null,
      assigneeId,
      contactName: contact?.name ?? '',
    },
  };
}

const fold = (v: unknown) =>
  (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

/** One condition against the facts; text compares without case or accents, lists (labels, tags) by their items. */
export function holds(c: AutomationCondition, facts: Facts): boolean {
  const actual = facts[c.field];
  const empty =
    actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0);
  switch (c.operator) {
    case 'is_empty':
      return empty;
    case 'is_not_empty':
      return !empty;
    case 'gte':
    case 'lte': {
      const n = Number(actual);
      if (empty || Number.isNaN(n)) return false;
      return c.operator === 'gte' ? n >= Number(c.value) : n <= Number(c.value);
    }
    default: {
      const want = fold(c.value);
      const is = Array.isArray(actual)
        ? actual.some((x) => fold(x) === want)
        : typeof actual === 'boolean'
          ? String(actual) === want
          : fold(actual) === want;
      const has = Array.isArray(actual) ? actual.some((x) => fold(x).includes(want)) : fold(actual).includes(want);
      if (c.operator === 'is') return is;
      if (c.operator === 'is_not') return !is;
      if (c.operator === 'contains') return has;
      return !has;
    }
  }
}

type Outcome = { type: string; status: 'done' | 'skipped' | 'failed'; detail: string | null };
class Skip extends Error {}

async function runAction(
  ctx: AppContext,
  workspaceId: string,
  rule: AutomationRule,
  action: AutomationAction,
  subject: Subject,
  data: Record<string, unknown>,
  event: AutomationEvent,
): Promise<string | null> {
  const t = tenant(ctx.db, workspaceId);
  // The rule acts with an administrator's reach but as nobody: its changes are the system's in the history.
  const auth: AuthContext = { kind: 'api_token', workspaceId, role: 'admin', user: null };
  const conversationId = subject.conversationId;
  switch (action.type) {
    case 'assign_agent':
    case 'assign_team':
    case 'set_priority':
    case 'add_label': {
      if (!conversationId) throw new Skip('no conversation');
      const patch =
        action.type === 'assign_agent'
          ? { assigneeId: action.userId }
          : action.type === 'assign_team'
            ? { teamId: action.teamId }
            : action.type === 'set_priority'
              ? { priority: action.priority }
              : {
                  labelIds: [
                    ...new Set([
                      ...(
                        await t
                          .selectFrom('conversation_labels')
                          .select('label_id')
                          .where('conversation_id', '=', conversationId)
                          .execute()
                      ).map((l) => l.label_id),
                      action.labelId,
                    ]),
                  ],
                };
      const after = await updateConversation(ctx, auth, SYSTEM, conversationId, patch);
      if (action.type === 'assign_agent' || action.type === 'assign_team') subject.assigneeId = after.assigneeId;
      return null;
    }
    case 'notify': {
      const people = [
        ...action.userIds,
        ...(action.owner ? [subject.contactOwnerId] : []),
        ...(action.assignee ? [subject.assigneeId] : []),
      ].filter((x): x is string => Boolean(x));
      if (!people.length) throw new Skip('nobody to tell');
      await notify(ctx, workspaceId, people, {
        kind: 'automation',
        conversationId,
        contactId: subject.contactId,
        contactName: subject.contactName || rule.name,
        by: rule.name,
        excerpt: action.text,
      });
      return `${people.length}`;
    }
    case 'send_message': {
      if (!conversationId) throw new Skip('no conversation');
      const settings = await loadWorkspaceSettings(ctx, workspaceId);
      const messageId = await t.transaction(async (tx) => {
        const c = await tx
          .selectFrom('conversations')
          .select(['channel', 'inbox_id', 'last_incoming_at'])
          .where('id', '=', conversationId)
          .executeTakeFirstOrThrow();
        if (c.channel === 'phone' || c.channel === 'visit') throw new Skip(`cannot write on ${c.channel}`);
        const body = fill(action.body, { name: subject.contactName, company: settings.name });
        const windowOpen =
          c.channel !== 'whatsapp' ||
          (c.last_incoming_at !== null && Date.now() - Number(c.last_incoming_at) <= WHATSAPP_WINDOW_MS);
        if (windowOpen)
          return storeOutgoing(
            ctx,
            tx,
            auth,
            SYSTEM,
            conversationId,
            { body, private: false },
            { automated: { name: settings.name } },
          );
        if (!action.whatsappTemplateId) throw new Skip('outside the WhatsApp 24-hour window and no template');
        const template = await tx
          .selectFrom('whatsapp_templates')
          .selectAll()
          .where('id', '=', action.whatsappTemplateId)
          .where('inbox_id', '=', c.inbox_id)
          .executeTakeFirst();
        if (!template) throw new Skip('the template is not of this conversation’s number');
        const parameters = template.parameters ? [firstName(subject.contactName)] : [];
        const text = template.body.replace(/\{\{1\}\}/g, parameters[0] ?? '');
        return storeOutgoing(
          ctx,
          tx,
          auth,
          SYSTEM,
          conversationId,
          {
            body: text,
            private: false,
            kind: 'template',
            metadata: { template: { name: template.name, language: template.language, parameters } },
          },
          { bypassWindow: true, automated: { name: settings.name } },
        );
      });
      ctx.jobs.nudge();
      await announceOutgoing(ctx, workspaceId, conversationId, messageId);
      return messageId;
    }
    case 'create_task': {
      const assigneeId =
        action.assignTo === 'owner'
          ? subject.contactOwnerId
          : action.assignTo === 'assignee'
            ? subject.assigneeId
            : action.assignTo;
      const dealId = subject.type === 'deal' ? subject.id : null;
      const id = await t.transaction(async (tx) => {
        const existingDeal = dealId
          ? await tx.selectFrom('deals').select('id').where('id', '=', dealId).executeTakeFirst()
          : undefined;
        return createTask(tx, {
          title: action.title,
          body: action.body || rule.name,
          contactId: subject.contactId,
          assigneeId,
          dueAt: Date.now() + action.dueInDays * DAY,
          source: { type: 'automation', id: rule.id },
          kind: action.taskKind,
          dealId: existingDeal?.id ?? null,
        });
      });
      return `task:${id}`;
    }
    case 'call_webhook': {
      const id = await t.transaction(async (tx) => {
        const hook = await tx.selectFrom('webhooks').select('id').where('id', '=', action.webhookId).executeTakeFirst();
        if (!hook) throw new Skip('the webhook was deleted');
        return queueDelivery(ctx, tx, hook.id, event, { ...data, rule: { id: rule.id, name: rule.name } }, Date.now());
      });
      ctx.jobs.nudge();
      return `delivery:${id}`;
    }
  }
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** Runs the rules an event queued; returns how many ran (their conditions held). */
export async function runAutomation(
  ctx: AppContext,
  payload: { workspaceId: string; event: AutomationEvent; data: Record<string, unknown>; ruleIds: string[] },
): Promise<number> {
  const t = tenant(ctx.db, payload.workspaceId);
  // The event as it was raised, back from the queue's JSON.
  const event = { name: payload.event, data: payload.data } as BusinessEvent;
  const rules = (
    await t
      .selectFrom('automation_rules')
      .selectAll()
      .where('id', 'in', payload.ruleIds)
      .where('enabled', '=', 1)
      .orderBy('position')
      .execute()
  ).map(toRule);
  if (!rules.length) return 0;
  let ran = 0;
  for (const rule of rules) {
    // Read again for each rule: an earlier rule may have assigned or labelled the conversation.
    const read = await factsOf(ctx, t, event);
    if (!read) return ran;
    if (!rule.conditions.every((c) => holds(c, read.facts))) continue;
    const outcome: Outcome[] = [];
    for (const action of rule.actions) {
      try {
        const detail = await runAction(
          ctx,
          payload.workspaceId,
          rule,
          action,
          read.subject,
          payload.data,
          payload.event,
        );
        outcome.push({ type: action.type, status: 'done', detail });
      } catch (error) {
        if (error instanceof Skip) outcome.push({ type: action.type, status: 'skipped', detail: error.message });
        else {
          ctx.log.warn({ err: error, ruleId: rule.id }, 'automation action failed');
          outcome.push({
            type: action.type,
            status: 'failed',
            detail: error instanceof AppError ? error.code : 'internal_error',
          });
        }
      }
    }
    const failed = outcome.filter((o) => o.status === 'failed').length;
    const now = Date.now();
    await t
      .insertInto('automation_runs', {
        id: newId(),
        rule_id: rule.id,
        event: payload.event,
        subject_type: read.subject.type,
        subject_id: read.subject.id,
        status: failed === 0 ? 'done' : failed === outcome.length ? 'failed' : 'partial',
        outcome: JSON.stringify(outcome),
        created_at: now,
      })
      .execute();
    await t
      .updateTable('automation_rules')
      .set((eb) => ({ runs: eb('runs', '+', 1), last_run_at: now }))
      .where('id', '=', rule.id)
      .execute();
    ran++;
  }
  return ran;
}

export function registerAutomationJobs(ctx: AppContext): void {
  ctx.jobs.register('automation.run', async (payload) => {
    await runAutomation(ctx, payload);
  });
}

/** Runs of the last days are kept; older ones go (called by housekeeping). */
export async function pruneRuns(ctx: AppContext, now = Date.now()): Promise<void> {
  await ctx.db
    .deleteFrom('automation_runs')
    .where('created_at', '<', now - 90 * DAY)
    .execute();
}
