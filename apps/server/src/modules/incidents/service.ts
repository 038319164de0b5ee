// Incidents: each problem a customer reports, from when and how it arrived to its root cause, the customer's attitude
// before and after, the steps taken and the time it took (calendar and business). Opened from a conversation
// (pre-filled) or on their own.
import type { Incident } from '@atiende/contract';
import type { z } from 'zod';
import type { IncidentListQuery, IncidentUpdate, IncidentWrite } from '@atiende/contract';
import { withNumber } from '../../db/numbering.js';
import { raiseEvent } from '../../platform/business-events.js';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import { businessMsBetween } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { matches, queryTerms, searchText } from '../../platform/search.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';

export type IncidentInput = z.infer<typeof IncidentWrite>;
export type IncidentPatch = z.infer<typeof IncidentUpdate>;
export type IncidentFilters = z.infer<typeof IncidentListQuery>;

const MINUTE = 60_000;

/** The select every incident read shares: the incident with the names of what it points at. */
export function incidentRows(t: Tenant) {
  return t
    .selectFrom('incidents')
    .leftJoin('contacts', 'contacts.id', 'incidents.contact_id')
    .leftJoin('companies', 'companies.id', 'incidents.company_id')
    .leftJoin('incident_categories', 'incident_categories.id', 'incidents.category_id')
    .leftJoin('users as assignee', 'assignee.id', 'incidents.assignee_id')
    .leftJoin('articles', 'articles.id', 'incidents.article_id')
    .leftJoin('problems', 'problems.id', 'incidents.problem_id')
    .selectAll('incidents')
    .select([
      'contacts.name as contact_name',
      'companies.name as company_name',
      'incident_categories.name as category_name',
      'assignee.name as assignee_name',
      'articles.title as article_title',
      'problems.number as problem_number',
      'problems.title as problem_title',
      'problems.status as problem_status',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof incidentRows>['executeTakeFirstOrThrow']>>;

export function toIncident(r: Row): Incident {
  const minutes = (ms: number | null) => (ms === null ? null : Math.round(Number(ms) / MINUTE));
  return {
    id: r.id,
    number: r.number,
    contact: r.contact_id && r.contact_name !== null ? { id: r.contact_id, name: r.contact_name } : null,
    company: r.company_id && r.company_name !== null ? { id: r.company_id, name: r.company_name } : null,
    conversationId: r.conversation_id,
    reportedAt: iso(r.reported_at),
    channel: r.channel as Incident['channel'],
    customerWords: r.customer_words,
    summary: r.summary,
    area: r.area,
    category: r.category_id && r.category_name !== null ? { id: r.category_id, name: r.category_name } : null,
    severity: r.severity as Incident['severity'],
    rootCause: r.root_cause as Incident['rootCause'],
    rootCauseNotes: r.root_cause_notes,
    attitudeBefore: r.attitude_before,
    attitudeBeforeNotes: r.attitude_before_notes,
    attitudeAfter: r.attitude_after,
    attitudeAfterNotes: r.attitude_after_notes,
    assignee: r.assignee_id && r.assignee_name !== null ? { id: r.assignee_id, name: r.assignee_name } : null,
    steps: JSON.parse(r.steps) as Incident['steps'],
    article: r.article_id && r.article_title !== null ? { id: r.article_id, title: r.article_title } : null,
    problem:
      r.problem_id && r.problem_number !== null
        ? {
            id: r.problem_id,
            number: r.problem_number,
            title: r.problem_title!,
            status: r.problem_status as 'investigating',
          }
        : null,
    status: r.status as Incident['status'],
    resolvedAt: iso(r.resolved_at),
    resolutionMinutes: minutes(r.resolution_ms),
    resolutionBusinessMinutes: minutes(r.resolution_business_ms),
    timeSpentMinutes: r.time_spent_minutes,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function getIncident(t: Tenant, id: string): Promise<Incident> {
  const row = await incidentRows(t).where('incidents.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toIncident(row);
}

/** Every id the write points at must be of this workspace; a wrong one is a field error, not a foreign-key crash. */
async function checkReferences(t: Tenant, input: Partial<IncidentInput>): Promise<void> {
  await assertReferences(t, [
    { table: 'contacts', id: input.contactId, path: 'contactId', message: 'field.noSuchContact' },
    { table: 'companies', id: input.companyId, path: 'companyId', message: 'field.noSuchCompany' },
    { table: 'conversations', id: input.conversationId, path: 'conversationId', message: 'field.noSuchConversation' },
    { table: 'incident_categories', id: input.categoryId, path: 'categoryId', message: 'field.noSuchCategory' },
    { table: 'articles', id: input.articleId, path: 'articleId', message: 'field.noSuchArticle' },
    { table: 'problems', id: input.problemId, path: 'problemId', message: 'field.noSuchProblem' },
  ]);
  await assertAgentMember(t, input.assigneeId, 'assigneeId');
}

function incidentSearchText(
  i: { summary: string; customer_words: string; area: string; root_cause_notes: string },
  contactName: string | null,
): string {
  return searchText([i.summary, i.area, i.customer_words, i.root_cause_notes, contactName], 8_000);
}

/** What a conversation tells an incident opened from it: who, when, through which channel, in the customer's words. */
async function conversationDefaults(t: Tenant, conversationId: string) {
  const conversation = await t
    .selectFrom('conversations')
    .select(['id', 'contact_id', 'channel', 'created_at'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation)
    throw new AppError('validation_failed', [{ path: 'conversationId', message: 'field.noSuchConversation' }]);
  const words = await t
    .selectFrom('messages')
    .select('body')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'incoming')
    .where('sender_type', '<>', 'system')
    .orderBy('created_at')
    .limit(5)
    .execute();
  return {
    contactId: conversation.contact_id,
    channel: conversation.channel,
    reportedAt: conversation.created_at,
    customerWords: words
      .map((w) => w.body)
      .filter(Boolean)
      .join('\n')
      .slice(0, 4_000),
  };
}

async function firstCompanyOf(t: Tenant, contactId: string | null | undefined): Promise<string | null> {
  if (!contactId) return null;
  const row = await t
    .selectFrom('contact_companies')
    .select('company_id')
    .where('contact_id', '=', contactId)
    .orderBy('company_id')
    .executeTakeFirst();
  return row?.company_id ?? null;
}

async function resolution(ctx: AppContext, t: Tenant, reportedAt: number, resolvedAt: number) {
  const calendar = await workspaceCalendar(ctx, t.workspaceId, t);
  return {
    resolution_ms: Math.max(0, resolvedAt - reportedAt),
    resolution_business_ms: businessMsBetween(
      calendar.businessHours,
      calendar.timeZone,
      reportedAt,
      resolvedAt,
      calendar.holidays,
    ),
  };
}

const parseTime = (value: string | undefined, path: string): number | undefined => {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new AppError('validation_failed', [{ path, message: 'field.dateTime' }]);
  return ms;
};

export async function createIncident(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: IncidentInput,
): Promise<Incident> {
  const reportedAtInput = parseTime(input.reportedAt, 'reportedAt');
  const id = newId();
  await withNumber(ctx, workspaceId, 'incidents', async (t, number) => {
    await checkReferences(t, input);
    const fromConversation = input.conversationId ? await conversationDefaults(t, input.conversationId) : null;
    const contactId = input.contactId !== undefined ? input.contactId : (fromConversation?.contactId ?? null);
    const now = Date.now();
    const row = {
      id,
      number,
      contact_id: contactId,
      company_id: input.companyId !== undefined ? input.companyId : await firstCompanyOf(t, contactId),
      conversation_id: input.conversationId ?? null,
      reported_at: reportedAtInput ?? fromConversation?.reportedAt ?? now,
      channel: input.channel ?? fromConversation?.channel ?? 'other',
      customer_words: input.customerWords ?? fromConversation?.customerWords ?? '',
      summary: input.summary,
      area: input.area ?? '',
      category_id: input.categoryId ?? null,
      severity: input.severity ?? 'medium',
      root_cause: input.rootCause ?? 'unknown',
      root_cause_notes: input.rootCauseNotes ?? '',
      attitude_before: input.attitudeBefore ?? null,
      attitude_before_notes: input.attitudeBeforeNotes ?? '',
      attitude_after: input.attitudeAfter ?? null,
      attitude_after_notes: input.attitudeAfterNotes ?? '',
      assignee_id: input.assigneeId !== undefined ? input.assigneeId : actor.type === 'user' ? actor.id : null,
      steps: '[]',
      article_id: input.articleId ?? null,
      problem_id: input.problemId ?? null,
      status: 'open',
      resolved_at: null,
      resolution_ms: null,
      resolution_business_ms: null,
      time_spent_minutes: input.timeSpentMinutes ?? 0,
      search_text: '',
      created_by: actor.type === 'user' ? actor.id : null,
      created_at: now,
      updated_at: now,
    };
    if (row.reported_at > now + MINUTE)
      throw new AppError('validation_failed', [{ path: 'reportedAt', message: 'field.inFuture' }]);
    const contact = contactId
      ? await t.selectFrom('contacts').select('name').where('id', '=', contactId).executeTakeFirst()
      : undefined;
    row.search_text = incidentSearchText(row, contact?.name ?? null);
    await t.insertInto('incidents', row).execute();
    if (row.article_id) await recordArticleUse(t, row.article_id, actor, row.conversation_id);
    await audit(
      t,
      actor,
      'incident.created',
      { type: 'incident', id },
      { number, conversationId: row.conversation_id },
    );
  });
  return getIncident(tenant(ctx.db, workspaceId), id);
}

/** Using an article to work an incident counts as a use of the article. */
async function recordArticleUse(
  t: Tenant,
  articleId: string,
  actor: Actor,
  conversationId: string | null,
): Promise<void> {
  await t
    .insertInto('article_uses', {
      id: newId(),
      article_id: articleId,
      conversation_id: conversationId,
      user_id: actor.type === 'user' ? actor.id : null,
      kind: 'incident',
      created_at: Date.now(),
    })
    .execute();
  await t
    .updateTable('articles')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', articleId)
    .execute();
}

const columnOf = {
  contactId: 'contact_id',
  companyId: 'company_id',
  channel: 'channel',
  customerWords: 'customer_words',
  summary: 'summary',
  area: 'area',
  categoryId: 'category_id',
  severity: 'severity',
  rootCause: 'root_cause',
  rootCauseNotes: 'root_cause_notes',
  attitudeBefore: 'attitude_before',
  attitudeBeforeNotes: 'attitude_before_notes',
  attitudeAfter: 'attitude_after',
  attitudeAfterNotes: 'attitude_after_notes',
  assigneeId: 'assignee_id',
  articleId: 'article_id',
  problemId: 'problem_id',
  timeSpentMinutes: 'time_spent_minutes',
} as const;

export async function updateIncident(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: IncidentPatch,
): Promise<Incident> {
  const reportedAt = parseTime(patch.reportedAt, 'reportedAt');
  const resolvedAtInput = parseTime(patch.resolvedAt, 'resolvedAt');
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await checkReferences(t, patch);
    const set: Record<string, unknown> = { updated_at: Date.now() };
    for (const [key, column] of Object.entries(columnOf)) {
      const value = patch[key as keyof typeof columnOf];
      if (value !== undefined) set[column] = value;
    }
    if (reportedAt !== undefined) set.reported_at = reportedAt;
    const next = { ...current, ...set };
    const status = patch.status ?? current.status;
    if (status === 'resolved') {
      const resolvedAt = resolvedAtInput ?? (current.status === 'resolved' ? current.resolved_at! : Date.now());
      if (resolvedAt < next.reported_at)
        throw new AppError('validation_failed', [{ path: 'resolvedAt', message: 'field.beforeReported' }]);
      if (resolvedAt > Date.now() + MINUTE)
        throw new AppError('validation_failed', [{ path: 'resolvedAt', message: 'field.inFuture' }]);
      Object.assign(set, { status, resolved_at: resolvedAt }, await resolution(ctx, t, next.reported_at, resolvedAt));
    } else if (patch.status === 'open') {
      Object.assign(set, { status: 'open', resolved_at: null, resolution_ms: null, resolution_business_ms: null });
    }
    const contact = next.contact_id
      ? await t.selectFrom('contacts').select('name').where('id', '=', next.contact_id).executeTakeFirst()
      : undefined;
    set.search_text = incidentSearchText(next, contact?.name ?? null);
    await t.updateTable('incidents').set(set).where('id', '=', id).execute();
    if (patch.articleId && patch.articleId !== current.article_id)
      await recordArticleUse(t, patch.articleId, actor, current.conversation_id);
    const action =
      patch.status === 'resolved' && current.status !== 'resolved'
        ? 'incident.resolved'
        : patch.status === 'open' && current.status === 'resolved'
          ? 'incident.reopened'
          : 'incident.updated';
    // Resolved: a business event (the after-incident sequences, webhooks, rules).
    if (action === 'incident.resolved') {
      await raiseEvent(ctx, t, {
        name: 'incident.resolved',
        data: {
          incident: {
            id,
            number: next.number,
            summary: next.summary,
            rootCause: next.root_cause,
            contactId: next.contact_id,
            companyId: next.company_id,
            assigneeId: next.assignee_id,
          },
        },
      });
    }
    await audit(t, actor, action, { type: 'incident', id }, { fields: Object.keys(patch) });
  });
  return getIncident(tenant(ctx.db, workspaceId), id);
}

export async function addIncidentStep(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  actorName: string | null,
  id: string,
  text: string,
): Promise<Incident> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('incidents').select('steps').where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    const steps = JSON.parse(current.steps) as Incident['steps'];
    if (steps.length >= 200) throw new AppError('validation_failed', [{ path: 'text', message: 'field.tooManySteps' }]);
    steps.push({ text, at: new Date().toISOString(), by: actorName });
    await t
      .updateTable('incidents')
      .set({ steps: JSON.stringify(steps), updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
    await audit(t, actor, 'incident.step_added', { type: 'incident', id });
  });
  return getIncident(tenant(ctx.db, workspaceId), id);
}

/** A person's incidents, for their access request (ARCO). */
export async function incidentsOfContact(t: Tenant, contactId: string): Promise<Incident[]> {
  return (
    await incidentRows(t).where('incidents.contact_id', '=', contactId).orderBy('incidents.reported_at').execute()
  ).map(toIncident);
}

/** Erasing a person erases their incidents: their words, attitude and what was done for them. */
export async function eraseIncidentsOf(t: Tenant, contactId: string): Promise<void> {
  await t.deleteFrom('incidents').where('contact_id', '=', contactId).execute();
}

export async function deleteIncident(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('incidents').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'incident.deleted', { type: 'incident', id });
  });
}

function applyFilters(ctx: AppContext, t: Tenant, filters: IncidentFilters) {
  let q = incidentRows(t);
  const from = parseTime(filters.from, 'from');
  const to = parseTime(filters.to, 'to');
  if (filters.status) q = q.where('incidents.status', '=', filters.status);
  if (filters.rootCause) q = q.where('incidents.root_cause', '=', filters.rootCause);
  if (filters.severity) q = q.where('incidents.severity', '=', filters.severity);
  if (filters.categoryId) q = q.where('incidents.category_id', '=', filters.categoryId);
  if (filters.problemId) q = q.where('incidents.problem_id', '=', filters.problemId);
  if (filters.contactId) q = q.where('incidents.contact_id', '=', filters.contactId);
  if (filters.companyId) q = q.where('incidents.company_id', '=', filters.companyId);
  if (filters.conversationId) q = q.where('incidents.conversation_id', '=', filters.conversationId);
  if (filters.unlinked === 'true') q = q.where('incidents.problem_id', 'is', null);
  if (from !== undefined) q = q.where('incidents.reported_at', '>=', from);
  if (to !== undefined) q = q.where('incidents.reported_at', '<', to);
  const terms = filters.q ? queryTerms(filters.q) : [];
  if (terms.length) q = q.where(matches(ctx.dialect, 'incidents', terms));
  return q;
}

/** Newest reported first, in pages; `total` counts every incident the filters match. */
export async function listIncidents(
  ctx: AppContext,
  workspaceId: string,
  filters: IncidentFilters,
): Promise<{ items: Incident[]; nextCursor: string | null; total: number }> {
  const t = tenant(ctx.db, workspaceId);
  const limit = filters.limit ?? 50;
  let q = applyFilters(ctx, t, filters);
  if (filters.cursor) {
    const [at, cursorId] = filters.cursor.split('|');
    if (!at || !cursorId || !Number.isFinite(Number(at)))
      throw new AppError('validation_failed', [{ path: 'cursor', message: 'field.invalidCursor' }]);
    q = q.where((eb) =>
      eb.or([
        eb('incidents.reported_at', '<', Number(at)),
        eb.and([eb('incidents.reported_at', '=', Number(at)), eb('incidents.id', '<', cursorId)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('incidents.reported_at', 'desc')
    .orderBy('incidents.id', 'desc')
    .limit(limit + 1)
    .execute();
  const counted = await applyFilters(ctx, t, filters)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toIncident),
    nextCursor: rows.length > limit && last ? `${last.reported_at}|${last.id}` : null,
    total: Number(counted.n),
  };
}

/** A new workspace starts with a taxonomy it can edit: the areas small service teams most often see. */
const defaultCategories = {
  es: [
    'Acceso y cuentas',
    'Facturación y pagos',
    'Uso del producto',
    'Falla del producto',
    'Entregas y tiempos',
    'Trato y atención',
  ],
  en: [
    'Access and accounts',
    'Billing and payments',
    'Using the product',
    'Product defect',
    'Deliveries and lead times',
    'Service and manners',
  ],
};

export async function provisionIncidentCategories(t: Tenant): Promise<void> {
  const workspace = await t.db
    .selectFrom('workspaces')
    .select('language')
    .where('id', '=', t.workspaceId)
    .executeTakeFirstOrThrow();
  const now = Date.now();
  await t
    .insertInto(
      'incident_categories',
      defaultCategories[workspace.language === 'en' ? 'en' : 'es'].map((name, position) => ({
        id: newId(),
        name,
        position,
        created_at: now,
      })),
    )
    .execute();
}

export async function listCategories(ctx: AppContext, workspaceId: string) {
  const t = tenant(ctx.db, workspaceId);
  const rows = await t.selectFrom('incident_categories').selectAll().orderBy('position').orderBy('name').execute();
  const counts = await t
    .selectFrom('incidents')
    .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('category_id', 'is not', null)
    .groupBy('category_id')
    .execute();
  const byCategory = new Map(counts.map((c) => [c.category_id, Number(c.n)]));
  return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, incidents: byCategory.get(r.id) ?? 0 }));
}

async function assertNameFree(t: Tenant, name: string, except?: string) {
  let q = t.selectFrom('incident_categories').select('id').where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst())
    throw new AppError('validation_failed', [{ path: 'name', message: 'field.nameTaken' }]);
}

export async function createCategory(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; position?: number },
) {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertNameFree(t, input.name);
    const last = await t
      .selectFrom('incident_categories')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .executeTakeFirst();
    await t
      .insertInto('incident_categories', {
        id,
        name: input.name,
        position: input.position ?? Number(last?.p ?? -1) + 1,
        created_at: Date.now(),
      })
      .execute();
    await audit(t, actor, 'incident_category.created', { type: 'incident_category', id }, { name: input.name });
  });
  return (await listCategories(ctx, workspaceId)).find((c) => c.id === id)!;
}

export async function updateCategory(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { name?: string; position?: number },
) {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('incident_categories').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    if (input.name) await assertNameFree(t, input.name, id);
    await t
      .updateTable('incident_categories')
      .set({
        ...(input.name ? { name: input.name } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      })
      .where('id', '=', id)
      .execute();
    await audit(t, actor, 'incident_category.updated', { type: 'incident_category', id }, input);
  });
  return (await listCategories(ctx, workspaceId)).find((c) => c.id === id)!;
}

/** A category that still classifies incidents stays: deleting it would silently unclassify them. */
export async function deleteCategory(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('incident_categories').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    const used = await t
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(used.n) > 0) throw new AppError('category_in_use');
    await t.deleteFrom('incident_categories').where('id', '=', id).execute();
    await audit(t, actor, 'incident_category.deleted', { type: 'incident_category', id });
  });
}
