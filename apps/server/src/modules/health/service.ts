// Customer health. A score for each active customer, computed when read from what the other modules keep: their latest
// survey answer, open incidents, how long since anyone spoke with them, the nearest renewal, and the usage readings a
// program sends. Each factor that counted is a reason with its points, so nobody has to guess why a customer is red.
import {
  type CustomerHealth,
  type HealthLevel,
  type HealthOverview,
  type HealthReason,
  addDays,
  daysBetween,
} from '@atiende/contract';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { localToday } from '../projects/index.js';
import { nearestRenewals } from '../subscriptions/index.js';

const DAY = 86_400_000;
/** Where every customer starts; good signs add, problems take away. */
const BASE = 80;

export function levelOf(score: number): HealthLevel {
  return score >= 70 ? 'healthy' : score >= 40 ? 'watch' : 'at_risk';
}

export interface HealthSignals {
  answer?: { detractor: boolean; happy: boolean; at: number };
  openIncidents?: { count: number; oldestAt: number };
  lastContactAt?: number;
  createdAt: number;
  renewsOn?: string;
  usage?: { recent: number; before: number };
}

/** The score and its reasons from one customer's signals (`today` in the workspace's calendar). */
export function scoreOf(s: HealthSignals, now: number, today: string): { score: number; reasons: HealthReason[] } {
  const reasons: HealthReason[] = [];
  const add = (code: HealthReason['code'], points: number, value: number | null) =>
    reasons.push({ code, points, value });
  if (s.answer?.detractor) add('unhappy_answer', -30, Math.floor((now - s.answer.at) / DAY));
  else if (s.answer?.happy) add('happy_answer', 10, Math.floor((now - s.answer.at) / DAY));
  if (s.openIncidents?.count) {
    add('open_incidents', -Math.min(30, 10 * s.openIncidents.count), s.openIncidents.count);
    const age = Math.floor((now - s.openIncidents.oldestAt) / DAY);
    if (age > 7) add('old_incident', -10, age);
  }
  const silentDays = Math.floor((now - (s.lastContactAt ?? s.createdAt)) / DAY);
  if (s.lastContactAt !== undefined && silentDays <= 30) add('recent_contact', 10, silentDays);
  else if (silentDays > 120) add('silent', -25, silentDays);
  else if (silentDays > 60) add('silent', -15, silentDays);
  if (s.renewsOn) {
    const days = daysBetween(today, s.renewsOn);
    if (days < 0) add('renewal_overdue', -25, -days);
    else if (days <= 30) add('renewal_soon', -10, days);
  }
  if (s.usage && s.usage.before > 0) {
    // The last 30 days against the average 30 days of the 90 before them.
    const ratio = s.usage.recent / (s.usage.before / 3);
    if (s.usage.recent === 0) add('usage_stopped', -25, 100);
    else if (ratio < 0.5) add('usage_drop', -20, Math.round((1 - ratio) * 100));
  }
  const score = Math.max(0, Math.min(100, BASE + reasons.reduce((n, r) => n + r.points, 0)));
  return { score, reasons: reasons.sort((a, b) => a.points - b.points) };
}

/** Health of the workspace's active customers (or of the ones named), from a handful of grouped reads. */
async function healthOf(
  ctx: AppContext,
  workspaceId: string,
  filter: { contactIds?: string[]; ownerId?: string },
): Promise<CustomerHealth[]> {
  const t = tenant(ctx.db, workspaceId);
  const now = Date.now();
  const today = localToday(await workspaceCalendar(ctx, workspaceId, t), now);
  let contacts = t
    .selectFrom('contacts')
    .leftJoin('users', 'users.id', 'contacts.owner_id')
    .select(['contacts.id', 'contacts.name', 'contacts.owner_id', 'contacts.created_at', 'users.name as ownerName'])
    .where('contacts.status', '=', 'active')
    .where('contacts.privacy_blocked_at', 'is', null);
  if (filter.contactIds) contacts = contacts.where('contacts.id', 'in', filter.contactIds);
  if (filter.ownerId) contacts = contacts.where('contacts.owner_id', '=', filter.ownerId);
  const people = await contacts.execute();
  if (!people.length) return [];
  // One contact is read by its id; the whole workspace is read grouped and joined here.
  const ids = filter.contactIds;
  let answersQ = t
    .selectFrom('survey_responses')
    .select(['contact_id', 'detractor', 'csat', 'nps', 'ces', 'submitted_at'])
    .where('contact_id', 'is not', null)
    .where('submitted_at', '>=', now - 180 * DAY);
  let incidentsQ = t
    .selectFrom('incidents')
    .select([
      'contact_id',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.min<number>('reported_at').as('oldest'),
    ])
    .where('status', '=', 'open')
    .where('contact_id', 'is not', null);
  let timesQ = t
    .selectFrom('conversations')
    .select(['contact_id', (eb) => eb.fn.max<number>('last_message_at').as('last')]);
  let usageQ = t
    .selectFrom('usage_readings')
    .select([
      'contact_id',
      (eb) =>
        eb.fn
          .sum<number>(eb.case().when('day', '>', addDays(today, -30)).then(eb.ref('quantity')).else(0).end())
          .as('recent'),
      (eb) =>
        eb.fn
          .sum<number>(eb.case().when('day', '<=', addDays(today, -30)).then(eb.ref('quantity')).else(0).end())
          .as('before'),
    ])
    .where('day', '>', addDays(today, -120));
  if (ids) {
    answersQ = answersQ.where('contact_id', 'in', ids);
    incidentsQ = incidentsQ.where('contact_id', 'in', ids);
    timesQ = timesQ.where('contact_id', 'in', ids);
    usageQ = usageQ.where('contact_id', 'in', ids);
  } else if (filter.ownerId) {
    // One person's customers: the aggregates read only theirs.
    const theirs = t.selectFrom('contacts').select('contacts.id').where('contacts.owner_id', '=', filter.ownerId);
    answersQ = answersQ.where('contact_id', 'in', theirs);
    incidentsQ = incidentsQ.where('contact_id', 'in', theirs);
    timesQ = timesQ.where('contact_id', 'in', theirs);
    usageQ = usageQ.where('contact_id', 'in', theirs);
  }
  const [answers, incidents, contactTimes, renewals, usage] = await Promise.all([
    answersQ.orderBy('submitted_at', 'desc').execute(),
    incidentsQ.groupBy('contact_id').execute(),
    timesQ.groupBy('contact_id').execute(),
    nearestRenewals(t, ids ?? (filter.ownerId ? people.map((p) => p.id) : undefined)),
    usageQ.groupBy('contact_id').execute(),
  ]);
  const latest = new Map<string, (typeof answers)[number]>();
  for (const a of answers) if (a.contact_id && !latest.has(a.contact_id)) latest.set(a.contact_id, a);
  const open = new Map(incidents.map((i) => [i.contact_id!, { count: Number(i.n), oldestAt: Number(i.oldest) }]));
  const lastContact = new Map(contactTimes.map((c) => [c.contact_id, Number(c.last)]));
  const used = new Map(
    usage.map((u) => [u.contact_id, { recent: Number(u.recent ?? 0), before: Number(u.before ?? 0) }]),
  );
  return people.map((p) => {
    const a = latest.get(p.id);
    const happy = a
      ? (a.csat !== null && a.csat >= 4) || (a.nps !== null && a.nps >= 9) || (a.ces !== null && a.ces >= 5)
      : false;
    const signals: HealthSignals = {
      answer: a ? { detractor: a.detractor === 1, happy, at: Number(a.submitted_at) } : undefined,
      openIncidents: open.get(p.id),
      lastContactAt: lastContact.get(p.id),
      createdAt: Number(p.created_at),
      renewsOn: renewals.get(p.id),
      usage: used.get(p.id),
    };
    const { score, reasons } = scoreOf(signals, now, today);
    return {
      contact: { id: p.id, name: p.name },
      owner: p.owner_id ? { id: p.owner_id, name: p.ownerName ?? '' } : null,
      score,
      level: levelOf(score),
      reasons,
      lastContactAt: iso(lastContact.get(p.id) ?? null),
      renewsOn: renewals.get(p.id) ?? null,
    };
  });
}

/** One customer's health; null for a contact who is not an active customer (a prospect or a former one). */
export async function contactHealth(
  ctx: AppContext,
  workspaceId: string,
  contactId: string,
): Promise<CustomerHealth | null> {
  const t = tenant(ctx.db, workspaceId);
  const contact = await t
    .selectFrom('contacts')
    .select(['id'])
    .where('id', '=', contactId)
    .where('privacy_blocked_at', 'is', null)
    .executeTakeFirst();
  if (!contact) throw new AppError('not_found');
  return (await healthOf(ctx, workspaceId, { contactIds: [contactId] }))[0] ?? null;
}

/** How many customers are healthy, to watch and at risk, and the lowest scores first. */
export async function healthOverview(
  ctx: AppContext,
  workspaceId: string,
  query: { maxScore: number; ownerId?: string; limit: number },
): Promise<HealthOverview> {
  const all = await healthOf(ctx, workspaceId, { ownerId: query.ownerId });
  const counts = { healthy: 0, watch: 0, at_risk: 0 };
  for (const h of all) counts[h.level]++;
  const customers = all
    .filter((h) => h.score <= query.maxScore)
    .sort((a, b) => a.score - b.score || a.contact.name.localeCompare(b.contact.name))
    .slice(0, query.limit);
  return { counts, customers };
}

/** Usage readings from a program: one total per contact and day, a day sent again replaced. All or none are kept. */
export async function recordUsage(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  readings: { contactId: string; day: string; quantity: number }[],
): Promise<{ recorded: number }> {
  const now = Date.now();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const ids = [...new Set(readings.map((r) => r.contactId))];
    const known = new Set(
      (
        await t
          .selectFrom('contacts')
          .select('id')
          .where('id', 'in', ids)
          .where('privacy_blocked_at', 'is', null)
          .execute()
      ).map((c) => c.id),
    );
    const missing = readings.map((r, i) => ({ r, i })).filter(({ r }) => !known.has(r.contactId));
    if (missing.length)
      throw new AppError(
        'validation_failed',
        missing.slice(0, 20).map(({ i }) => ({ path: `readings.${i}.contactId`, message: 'field.noSuchContact' })),
      );
    for (const r of readings) {
      await t
        .insertInto('usage_readings', { contact_id: r.contactId, day: r.day, quantity: r.quantity, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'contact_id', 'day']).doUpdateSet({ quantity: r.quantity, updated_at: now }),
        )
        .execute();
    }
    await audit(
      t,
      actor,
      'usage.recorded',
      { type: 'usage', id: null },
      { readings: readings.length, contacts: ids.length },
    );
  });
  return { recorded: readings.length };
}

/** A contact's readings of the last `days` days, oldest first. */
export async function usageOf(
  ctx: AppContext,
  workspaceId: string,
  contactId: string,
  days: number,
): Promise<{ day: string; quantity: number }[]> {
  const t = tenant(ctx.db, workspaceId);
  try {
    await assertReferences(t, [{ table: 'contacts', id: contactId, path: 'id', message: 'field.noSuchContact' }]);
  } catch {
    throw new AppError('not_found');
  }
  const today = localToday(await workspaceCalendar(ctx, workspaceId, t));
  const rows = await t
    .selectFrom('usage_readings')
    .select(['day', 'quantity'])
    .where('contact_id', '=', contactId)
    .where('day', '>', addDays(today, -days))
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, quantity: Number(r.quantity) }));
}

/** Merging contacts: the duplicate's readings are added to the kept one's, day by day. */
export async function mergeUsage(t: Tenant, keepId: string, mergeId: string): Promise<void> {
  const moving = await t
    .selectFrom('usage_readings')
    .select(['day', 'quantity'])
    .where('contact_id', '=', mergeId)
    .execute();
  const now = Date.now();
  for (const r of moving) {
    await t
      .insertInto('usage_readings', { contact_id: keepId, day: r.day, quantity: Number(r.quantity), updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'contact_id', 'day'])
          .doUpdateSet((eb) => ({ quantity: eb('usage_readings.quantity', '+', Number(r.quantity)), updated_at: now })),
      )
      .execute();
  }
  await t.deleteFrom('usage_readings').where('contact_id', '=', mergeId).execute();
}
