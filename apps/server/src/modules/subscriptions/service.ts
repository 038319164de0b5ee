// Subscriptions and renewals. Each active subscription keeps one open task for its owner, due a set number of days
// before the renewal date (the task reminders tell the owner when it falls due); renewing moves the date one interval
// on and makes the next reminder, not renewing ends it with a reason and, when the customer has nothing else active,
// makes them a former customer (win-back sequences, webhooks and automation follow). Every change names the version it
// was made on, as deals do, so an edit over a teammate's is refused.
import {
  type RetentionReport,
  type Subscription,
  type SubscriptionEvent,
  type SubscriptionInterval,
  addDays,
  addInterval,
  addMonths,
  daysBetween,
} from '@atiende/contract';
import { afterSalesWords } from '@atiende/contract/i18n';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import { offsetMinutes } from '../../platform/business-hours.js';
import { raiseEvent } from '../../platform/business-events.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { assertAgentMember, loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { contains } from '../../db/like.js';
import { patchContact } from '../contacts/index.js';
import { localToday } from '../projects/index.js';
import { closeTask, createTask, rescheduleTask } from '../tasks/index.js';

const DAY = 86_400_000;
const money = (cents: number) => Math.round(cents) / 100;
const monthlyCents = (cents: number, interval: string) => (interval === 'yearly' ? cents / 12 : cents);

export { addInterval };

/** 9:00 in the workspace's time zone on the day `days` before the renewal (now, when that has passed). */
function reminderDue(renewsOn: string, days: number, timeZone: string, now: number): number {
  const day = Date.parse(`${renewsOn}T09:00:00Z`) - days * DAY;
  const at = day - offsetMinutes(timeZone, day) * 60_000;
  return Math.max(at, now);
}

function selectSubscriptions(t: Tenant) {
  return t
    .selectFrom('subscriptions')
    .innerJoin('contacts', 'contacts.id', 'subscriptions.contact_id')
    .leftJoin('companies', 'companies.id', 'subscriptions.company_id')
    .leftJoin('users', 'users.id', 'subscriptions.owner_id')
    .selectAll('subscriptions')
    .select(['contacts.name as contactName', 'companies.name as companyName', 'users.name as ownerName'])
    .where('contacts.privacy_blocked_at', 'is', null);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectSubscriptions>['executeTakeFirstOrThrow']>>;

function toSubscription(r: Row, today: string, events: SubscriptionEvent[] = []): Subscription {
  return {
    id: r.id,
    plan: r.plan,
    price: money(Number(r.price_cents)),
    currency: r.currency,
    interval: r.interval as SubscriptionInterval,
    monthlyValue: money(monthlyCents(Number(r.price_cents), r.interval)),
    startedOn: r.started_on,
    renewsOn: r.renews_on,
    remindDaysBefore: r.remind_days_before,
    status: r.status as Subscription['status'],
    endedOn: r.ended_on,
    endReason: r.end_reason,
    daysToRenewal: r.status === 'active' ? daysBetween(today, r.renews_on) : null,
    contact: { id: r.contact_id, name: r.contactName },
    company: r.company_id ? { id: r.company_id, name: r.companyName ?? '' } : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.ownerName ?? '' } : null,
    dealId: r.deal_id,
    notes: r.notes,
    version: r.version,
    events,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function listSubscriptions(
  ctx: AppContext,
  workspaceId: string,
  query: {
    status?: 'active' | 'ended';
    contactId?: string;
    companyId?: string;
    renewingWithinDays?: number;
    q?: string;
    limit: number;
  },
): Promise<Subscription[]> {
  const t = tenant(ctx.db, workspaceId);
  const today = localToday(await workspaceCalendar(ctx, workspaceId, t));
  let q = selectSubscriptions(t);
  if (query.status) q = q.where('subscriptions.status', '=', query.status);
  if (query.contactId) q = q.where('subscriptions.contact_id', '=', query.contactId);
  if (query.companyId) q = q.where('subscriptions.company_id', '=', query.companyId);
  if (query.renewingWithinDays !== undefined)
    q = q
      .where('subscriptions.status', '=', 'active')
      .where('subscriptions.renews_on', '<=', addDays(today, query.renewingWithinDays));
  if (query.q)
    q = q.where((eb) =>
      eb.or([
        contains('subscriptions.plan', query.q!),
        contains('contacts.name', query.q!),
        contains('companies.name', query.q!),
      ]),
    );
  const rows = await q
    .orderBy('subscriptions.status')
    .orderBy('subscriptions.renews_on')
    .orderBy('subscriptions.id')
    .limit(query.limit)
    .execute();
  return rows.map((r) => toSubscription(r, today));
}

export async function getSubscription(
  ctx: AppContext,
  workspaceId: string,
  id: string,
  t: Tenant = tenant(ctx.db, workspaceId),
): Promise<Subscription> {
  const row = await selectSubscriptions(t).where('subscriptions.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const events = await t
    .selectFrom('subscription_events')
    .leftJoin('users', 'users.id', 'subscription_events.by_user_id')
    .selectAll('subscription_events')
    .select('users.name as byName')
    .where('subscription_events.subscription_id', '=', id)
    .orderBy('subscription_events.created_at', 'desc')
    .orderBy('subscription_events.id')
    .execute();
  const today = localToday(await workspaceCalendar(ctx, workspaceId, t));
  return toSubscription(
    row,
    today,
    events.map((e) => ({
      id: e.id,
      kind: e.kind as SubscriptionEvent['kind'],
      periodEnd: e.period_end,
      renewsOn: e.renews_on,
      price: e.price_cents === null ? null : money(Number(e.price_cents)),
      plan: e.plan,
      reason: e.reason,
      by: e.byName ?? null,
      at: iso(e.created_at),
    })),
  );
}

async function recordEvent(
  t: Tenant,
  actor: Actor,
  subscriptionId: string,
  kind: SubscriptionEvent['kind'],
  values: {
    periodEnd?: string | null;
    renewsOn?: string | null;
    priceCents?: number | null;
    plan?: string | null;
    reason?: string | null;
  },
  now: number,
) {
  await t
    .insertInto('subscription_events', {
      id: newId(),
      subscription_id: subscriptionId,
      kind,
      period_end: values.periodEnd ?? null,
      renews_on: values.renewsOn ?? null,
      price_cents: values.priceCents ?? null,
      plan: values.plan ?? null,
      reason: values.reason ?? null,
      by_user_id: actor.type === 'user' ? actor.id : null,
      created_at: now,
    })
    .execute();
}

/** The reminder task of the coming renewal, for the owner (or nobody: it still shows on the contact). */
async function makeReminder(
  ctx: AppContext,
  t: Tenant,
  s: {
    id: string;
    plan: string;
    contactId: string;
    contactName: string;
    ownerId: string | null;
    renewsOn: string;
    remindDaysBefore: number;
  },
  now: number,
): Promise<string> {
  const settings = await loadWorkspaceSettings(ctx, t.workspaceId, t.db);
  const words = afterSalesWords[settings.language === 'en' ? 'en' : 'es'];
  return createTask(
    t,
    {
      title: reminderTitle(words, s),
      body: words.renewalBody,
      contactId: s.contactId,
      assigneeId: s.ownerId,
      dueAt: reminderDue(s.renewsOn, s.remindDaysBefore, settings.timeZone, now),
      source: { type: 'subscription', id: s.id },
      kind: 'call',
    },
    now,
  );
}
const reminderTitle = (
  words: (typeof afterSalesWords)['es'],
  s: { plan: string; contactName: string; renewsOn: string },
) =>
  words.renewalTask.replace('{{plan}}', s.plan).replace('{{contact}}', s.contactName).replace('{{date}}', s.renewsOn);

export async function createSubscription(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: {
    contactId: string;
    companyId?: string | null;
    plan: string;
    price: number;
    currency: string;
    interval: SubscriptionInterval;
    startedOn: string;
    renewsOn?: string;
    remindDaysBefore: number;
    ownerId?: string | null;
    dealId?: string | null;
    notes: string;
  },
): Promise<Subscription> {
  const renewsOn = input.renewsOn ?? addInterval(input.startedOn, input.interval);
  if (renewsOn <= input.startedOn)
    throw new AppError('validation_failed', [{ path: 'renewsOn', message: 'field.range' }]);
  const id = newId();
  const now = Date.now();
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertReferences(t, [
      { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
      { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
      { table: 'deals', id: input.dealId, path: 'dealId', message: 'field.noSuchDeal' },
    ]);
    await assertAgentMember(t, input.ownerId, 'ownerId');
    const contact = await t
      .selectFrom('contacts')
      .select(['name', 'owner_id', 'status'])
      .where('id', '=', input.contactId)
      .executeTakeFirstOrThrow();
    // A contact's first company is the subscription's unless another is named.
    const companyId =
      input.companyId !== undefined
        ? input.companyId
        : ((
            await t
              .selectFrom('contact_companies')
              .select('company_id')
              .where('contact_id', '=', input.contactId)
              .orderBy('created_at')
              .executeTakeFirst()
          )?.company_id ?? null);
    const ownerId =
      input.ownerId !== undefined ? input.ownerId : (contact.owner_id ?? (actor.type === 'user' ? actor.id : null));
    const priceCents = Math.round(input.price * 100);
    await t
      .insertInto('subscriptions', {
        id,
        contact_id: input.contactId,
        company_id: companyId,
        owner_id: ownerId,
        deal_id: input.dealId ?? null,
        plan: input.plan,
        price_cents: priceCents,
        currency: input.currency,
        interval: input.interval,
        started_on: input.startedOn,
        renews_on: renewsOn,
        remind_days_before: input.remindDaysBefore,
        status: 'active',
        ended_on: null,
        end_reason: null,
        reminder_task_id: null,
        notes: input.notes,
        version: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const taskId = await makeReminder(
      ctx,
      t,
      {
        id,
        plan: input.plan,
        contactId: input.contactId,
        contactName: contact.name,
        ownerId,
        renewsOn,
        remindDaysBefore: input.remindDaysBefore,
      },
      now,
    );
    await t.updateTable('subscriptions').set({ reminder_task_id: taskId }).where('id', '=', id).execute();
    await recordEvent(t, actor, id, 'started', { renewsOn, priceCents, plan: input.plan }, now);
    // Someone who pays is a customer.
    if (contact.status === 'prospect' || contact.status === 'former')
      await patchContact(ctx, t, actor, input.contactId, { status: 'active', leftReason: null });
    await audit(
      t,
      actor,
      'subscription.created',
      { type: 'subscription', id },
      { contactId: input.contactId, plan: input.plan },
    );
    return getSubscription(ctx, workspaceId, id, t);
  });
}

/** Loads the subscription as of `version`, or says someone else changed it since. */
async function current(t: Tenant, id: string, version: number) {
  const row = await selectSubscriptions(t).where('subscriptions.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.version !== version) throw new AppError('edit_conflict');
  return row;
}

/** The write names the version too: two changes read at once cannot both pass. */
async function write(
  t: Tenant,
  id: string,
  version: number,
  values: Record<string, unknown>,
  now: number,
): Promise<void> {
  const done = await t
    .updateTable('subscriptions')
    .set({ ...values, version: version + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!Number(done.numUpdatedRows)) throw new AppError('edit_conflict');
}

export async function updateSubscription(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: {
    version: number;
    plan?: string;
    price?: number;
    interval?: SubscriptionInterval;
    renewsOn?: string;
    remindDaysBefore?: number;
    ownerId?: string | null;
    companyId?: string | null;
    notes?: string;
  },
): Promise<Subscription> {
  const now = Date.now();
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await current(t, id, input.version);
    await assertReferences(t, [
      { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
    ]);
    await assertAgentMember(t, input.ownerId, 'ownerId');
    if (
      row.status !== 'active' &&
      (input.renewsOn !== undefined || input.price !== undefined || input.interval !== undefined)
    )
      throw new AppError('status_change_refused');
    const renewsOn = input.renewsOn ?? row.renews_on;
    if (renewsOn <= row.started_on)
      throw new AppError('validation_failed', [{ path: 'renewsOn', message: 'field.range' }]);
    await write(
      t,
      id,
      input.version,
      {
        ...(input.plan !== undefined && { plan: input.plan }),
        ...(input.price !== undefined && { price_cents: Math.round(input.price * 100) }),
        ...(input.interval !== undefined && { interval: input.interval }),
        ...(input.renewsOn !== undefined && { renews_on: input.renewsOn }),
        ...(input.remindDaysBefore !== undefined && { remind_days_before: input.remindDaysBefore }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        ...(input.companyId !== undefined && { company_id: input.companyId }),
        ...(input.notes !== undefined && { notes: input.notes }),
      },
      now,
    );
    // The reminder follows the renewal date, the days before it, the plan's name and the owner.
    if (
      row.status === 'active' &&
      row.reminder_task_id &&
      (input.renewsOn !== undefined ||
        input.remindDaysBefore !== undefined ||
        input.plan !== undefined ||
        input.ownerId !== undefined)
    ) {
      const settings = await loadWorkspaceSettings(ctx, workspaceId, t.db);
      const words = afterSalesWords[settings.language === 'en' ? 'en' : 'es'];
      await rescheduleTask(
        t,
        row.reminder_task_id,
        reminderDue(renewsOn, input.remindDaysBefore ?? row.remind_days_before, settings.timeZone, now),
        reminderTitle(words, { plan: input.plan ?? row.plan, contactName: row.contactName, renewsOn }),
      );
      if (input.ownerId !== undefined)
        await t
          .updateTable('tasks')
          .set({ assignee_id: input.ownerId })
          .where('id', '=', row.reminder_task_id)
          .where('status', '=', 'open')
          .execute();
    }
    if (input.plan !== undefined || input.price !== undefined || input.interval !== undefined) {
      await recordEvent(
        t,
        actor,
        id,
        'changed',
        { priceCents: input.price !== undefined ? Math.round(input.price * 100) : null, plan: input.plan ?? null },
        now,
      );
    }
    await audit(
      t,
      actor,
      'subscription.updated',
      { type: 'subscription', id },
      { fields: Object.keys(input).filter((k) => k !== 'version') },
    );
    return getSubscription(ctx, workspaceId, id, t);
  });
}

/** The customer renewed: the next renewal date is one interval after the one just passed, with a new reminder. */
export async function renewSubscription(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { version: number; price?: number; plan?: string; interval?: SubscriptionInterval },
): Promise<Subscription> {
  const now = Date.now();
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await current(t, id, input.version);
    if (row.status !== 'active') throw new AppError('status_change_refused');
    const interval = input.interval ?? (row.interval as SubscriptionInterval);
    const renewsOn = addInterval(row.renews_on, interval);
    const priceCents = input.price !== undefined ? Math.round(input.price * 100) : Number(row.price_cents);
    const plan = input.plan ?? row.plan;
    if (row.reminder_task_id) await closeTask(t, row.reminder_task_id, actor, now);
    const taskId = await makeReminder(
      ctx,
      t,
      {
        id,
        plan,
        contactId: row.contact_id,
        contactName: row.contactName,
        ownerId: row.owner_id,
        renewsOn,
        remindDaysBefore: row.remind_days_before,
      },
      now,
    );
    await write(
      t,
      id,
      input.version,
      { renews_on: renewsOn, interval, price_cents: priceCents, plan, reminder_task_id: taskId },
      now,
    );
    await recordEvent(t, actor, id, 'renewed', { periodEnd: row.renews_on, renewsOn, priceCents, plan }, now);
    await raiseEvent(
      ctx,
      t,
      {
        name: 'subscription.renewed',
        data: {
          subscription: {
            id,
            plan,
            price: money(priceCents),
            currency: row.currency,
            interval,
            renewsOn,
            contactId: row.contact_id,
            companyId: row.company_id,
            ownerId: row.owner_id,
          },
        },
      },
      now,
    );
    await audit(t, actor, 'subscription.renewed', { type: 'subscription', id }, { periodEnd: row.renews_on, renewsOn });
    return getSubscription(ctx, workspaceId, id, t);
  });
}

/** The customer did not renew: the subscription ends with the reason; a customer with nothing else active is former. */
export async function endSubscription(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { version: number; reason: string; endedOn?: string; markContactFormer: boolean },
): Promise<Subscription> {
  const now = Date.now();
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await current(t, id, input.version);
    if (row.status !== 'active') throw new AppError('status_change_refused');
    const today = localToday(await workspaceCalendar(ctx, workspaceId, t), now);
    const endedOn = input.endedOn ?? (row.renews_on < today ? row.renews_on : today);
    if (endedOn < row.started_on)
      throw new AppError('validation_failed', [{ path: 'endedOn', message: 'field.range' }]);
    if (row.reminder_task_id) await closeTask(t, row.reminder_task_id, actor, now);
    await write(
      t,
      id,
      input.version,
      { status: 'ended', ended_on: endedOn, end_reason: input.reason, reminder_task_id: null },
      now,
    );
    await recordEvent(
      t,
      actor,
      id,
      'not_renewed',
      { periodEnd: row.renews_on, reason: input.reason, plan: row.plan, priceCents: Number(row.price_cents) },
      now,
    );
    await raiseEvent(
      ctx,
      t,
      {
        name: 'subscription.ended',
        data: {
          subscription: {
            id,
            plan: row.plan,
            price: money(Number(row.price_cents)),
            currency: row.currency,
            interval: row.interval,
            endedOn,
            reason: input.reason,
            contactId: row.contact_id,
            companyId: row.company_id,
            ownerId: row.owner_id,
          },
        },
      },
      now,
    );
    if (input.markContactFormer) {
      const others = await t
        .selectFrom('subscriptions')
        .select('id')
        .where('contact_id', '=', row.contact_id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      const contact = await t
        .selectFrom('contacts')
        .select('status')
        .where('id', '=', row.contact_id)
        .executeTakeFirstOrThrow();
      if (!others && contact.status !== 'former')
        await patchContact(ctx, t, actor, row.contact_id, { status: 'former', leftReason: input.reason });
    }
    await audit(t, actor, 'subscription.ended', { type: 'subscription', id }, { reason: input.reason, endedOn });
    return getSubscription(ctx, workspaceId, id, t);
  });
}

export async function deleteSubscription(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const row = await t
      .selectFrom('subscriptions')
      .select(['reminder_task_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.reminder_task_id)
      await t.deleteFrom('tasks').where('id', '=', row.reminder_task_id).where('status', '=', 'open').execute();
    await t.deleteFrom('subscriptions').where('id', '=', id).execute();
    await audit(t, actor, 'subscription.deleted', { type: 'subscription', id });
  });
}

/** A contact's subscriptions with their history, for their access request (privacy export). */
export async function subscriptionsOfContact(t: Tenant, contactId: string) {
  const rows = await t
    .selectFrom('subscriptions')
    .select([
      'id',
      'plan',
      'price_cents',
      'currency',
      'interval',
      'started_on',
      'renews_on',
      'status',
      'ended_on',
      'end_reason',
    ])
    .where('contact_id', '=', contactId)
    .orderBy('started_on')
    .execute();
  const events = rows.length
    ? await t
        .selectFrom('subscription_events')
        .select(['subscription_id', 'kind', 'period_end', 'renews_on', 'reason', 'created_at'])
        .where(
          'subscription_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  return rows.map((r) => ({
    plan: r.plan,
    price: money(Number(r.price_cents)),
    currency: r.currency,
    interval: r.interval,
    startedOn: r.started_on,
    renewsOn: r.renews_on,
    status: r.status,
    endedOn: r.ended_on,
    endReason: r.end_reason,
    history: events
      .filter((e) => e.subscription_id === r.id)
      .map((e) => ({
        kind: e.kind,
        periodEnd: e.period_end,
        renewsOn: e.renews_on,
        reason: e.reason,
        at: iso(e.created_at),
      })),
  }));
}

/** For customer health: each contact's nearest renewal among their active subscriptions. */
export async function nearestRenewals(t: Tenant, contactIds?: string[]): Promise<Map<string, string>> {
  let q = t
    .selectFrom('subscriptions')
    .select(['contact_id', (eb) => eb.fn.min<string>('renews_on').as('renewsOn')])
    .where('status', '=', 'active');
  if (contactIds) q = q.where('contact_id', 'in', contactIds.length ? contactIds : ['']);
  const rows = await q.groupBy('contact_id').execute();
  return new Map(rows.map((r) => [r.contact_id, r.renewsOn]));
}

// ── Churn and retention ──────────────────────────────────────────────────────

const monthOf = (day: string) => day.slice(0, 7);
const monthStart = (month: string) => `${month}-01`;
const nextMonth = (month: string) => monthOf(addMonths(monthStart(month), 1));
const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * Month by month (the last `months`, ending with the current one): subscriptions active at the start, started, renewed,
 * ended, churn and renewal rates, recurring revenue at the start and lost; the same month a year before; cohorts by the
 * month they started with the share still active at the end of each later month; and the reasons for not renewing.
 * Read from the subscriptions and their renewal events in one pass each.
 */
export async function retentionReport(
  ctx: AppContext,
  workspaceId: string,
  query: { months: number },
): Promise<RetentionReport> {
  const t = tenant(ctx.db, workspaceId);
  const today = localToday(await workspaceCalendar(ctx, workspaceId, t));
  const [subs, renewals] = await Promise.all([
    t
      .selectFrom('subscriptions')
      .select(['id', 'started_on', 'ended_on', 'status', 'renews_on', 'price_cents', 'interval', 'end_reason'])
      .execute(),
    t.selectFrom('subscription_events').select(['period_end']).where('kind', '=', 'renewed').execute(),
  ]);
  const thisMonth = monthOf(today);
  // The shown months and the twelve before them (for "the same month a year before"), oldest first.
  const span = query.months + 12;
  const months = Array.from({ length: span }, (_, i) => monthOf(addMonths(monthStart(thisMonth), i - span + 1)));
  const renewedIn = new Map<string, number>();
  for (const r of renewals)
    if (r.period_end) renewedIn.set(monthOf(r.period_end), (renewedIn.get(monthOf(r.period_end)) ?? 0) + 1);
  const figures = new Map<
    string,
    { activeAtStart: number; started: number; ended: number; recurringAtStart: number; recurringLost: number }
  >();
  for (const month of months)
    figures.set(month, { activeAtStart: 0, started: 0, ended: 0, recurringAtStart: 0, recurringLost: 0 });
  for (const s of subs) {
    const value = monthlyCents(Number(s.price_cents), s.interval);
    const endMonth = s.ended_on ? monthOf(s.ended_on) : null;
    for (const month of months) {
      const f = figures.get(month)!;
      const start = monthStart(month);
      if (s.started_on < start && (!s.ended_on || s.ended_on >= start)) {
        f.activeAtStart++;
        f.recurringAtStart += value;
      }
      if (monthOf(s.started_on) === month) f.started++;
      if (endMonth === month) {
        f.ended++;
        f.recurringLost += value;
      }
    }
  }
  const shown = months.slice(-query.months);
  const row = (month: string) => {
    const f = figures.get(month)!;
    return { ended: f.ended, churnRate: percent(f.ended, f.activeAtStart) };
  };
  const yearBefore = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
  const monthly = shown.map((month) => {
    const f = figures.get(month)!;
    const renewed = renewedIn.get(month) ?? 0;
    const before = figures.has(yearBefore(month)) ? row(yearBefore(month)) : { ended: 0, churnRate: null };
    return {
      month,
      activeAtStart: f.activeAtStart,
      started: f.started,
      renewed,
      ended: f.ended,
      churnRate: percent(f.ended, f.activeAtStart),
      renewalRate: percent(renewed, renewed + f.ended),
      recurringAtStart: money(f.recurringAtStart),
      recurringLost: money(f.recurringLost),
      sameMonthLastYear: before,
    };
  });
  // Cohorts: the subscriptions that started in each shown month, and how many are still active at the end of it and
  // of each month after, up to the current one (whose end has not come: "still active today").
  const cohorts = shown.map((cohort) => {
    const members = subs.filter((s) => monthOf(s.started_on) === cohort);
    const retained: number[] = [];
    for (let month = cohort, k = 0; month <= thisMonth && k < 12; month = nextMonth(month), k++) {
      const end = month === thisMonth ? today : addDays(monthStart(nextMonth(month)), -1);
      const alive = members.filter((s) => !s.ended_on || s.ended_on > end).length;
      retained.push(percent(alive, members.length) ?? 0);
    }
    return { cohort, size: members.length, retained: members.length ? retained : [] };
  });
  const reasons = new Map<string, number>();
  for (const s of subs)
    if (s.status === 'ended') reasons.set(s.end_reason ?? '', (reasons.get(s.end_reason ?? '') ?? 0) + 1);
  const active = subs.filter((s) => s.status === 'active');
  const in30 = addDays(today, 30);
  return {
    months: monthly,
    cohorts,
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    active: active.length,
    recurring: money(active.reduce((n, s) => n + monthlyCents(Number(s.price_cents), s.interval), 0)),
    renewingIn30Days: active.filter((s) => s.renews_on >= today && s.renews_on <= in30).length,
    overdue: active.filter((s) => s.renews_on < today).length,
  };
}
