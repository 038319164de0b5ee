// Everything that happened with a contact (or a company's people), newest first: conversations, messages, notes,
// incidents and changes to the record. Each source is read with its own index up to one page, then merged.
import type { TimelineItem } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { visibleConversationIds, visibleWhere } from '../conversations/index.js';
import { AppError } from '../../platform/errors.js';

type Kind = TimelineItem['kind'];
const ALL: Kind[] = ['conversation', 'message', 'note', 'change', 'incident', 'survey', 'task'];

interface Cursor {
  at: number;
  id: string;
}

function parseCursor(before?: string): Cursor | null {
  if (!before) return null;
  const [at, id] = before.split('|');
  if (!at || !id || !Number.isFinite(Number(at)))
    throw new AppError('validation_failed', [{ path: 'before', message: 'field.invalidCursor' }]);
  return { at: Number(at), id };
}

export async function timeline(
  ctx: AppContext,
  auth: AuthContext,
  subject: { type: 'contact' | 'company'; id: string },
  query: { kinds?: string; before?: string; limit: number },
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  const t = tenant(ctx.db, auth.workspaceId);
  const scope = auth.scope;
  const exists =
    subject.type === 'contact'
      ? await t
          .selectFrom('contacts')
          .select('id')
          .where('id', '=', subject.id)
          .where('privacy_blocked_at', 'is', null)
          .executeTakeFirst()
      : await t.selectFrom('companies').select('id').where('id', '=', subject.id).executeTakeFirst();
  if (!exists) throw new AppError('not_found');
  const kinds = query.kinds ? (query.kinds.split(',').filter((k) => ALL.includes(k as Kind)) as Kind[]) : ALL;
  const cursor = parseCursor(query.before);
  const n = query.limit + 1;
  const contactIds =
    subject.type === 'contact'
      ? [subject.id]
      : (
          await t.selectFrom('contact_companies').select('contact_id').where('company_id', '=', subject.id).execute()
        ).map((r) => r.contact_id);

  // One keyset condition for five tables' columns, which Kysely's builders type one table at a time.
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return */
  const before =
    <C extends string, I extends string>(atColumn: C, idColumn: I) =>
    (eb: any) =>
      cursor
        ? eb.or([eb(atColumn, '<', cursor.at), eb.and([eb(atColumn, '=', cursor.at), eb(idColumn, '<', cursor.id)])])
        : eb.lit(true);
  /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return */

  const items: (TimelineItem & { ms: number })[] = [];
  const push = (item: Omit<TimelineItem, 'at'> & { ms: number }) =>
    items.push({ ...item, at: new Date(item.ms).toISOString() });

  if (kinds.includes('conversation') && contactIds.length) {
    const rows = await t
      .selectFrom('conversations')
      .select(['id', 'channel', 'status', 'created_at', 'last_message_preview'])
      .where('contact_id', 'in', contactIds)
      .where((eb) => (scope ? visibleWhere(t.workspaceId, scope)(eb) : eb.lit(true)))
      .where(before('conversations.created_at', 'conversations.id'))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(n)
      .execute();
    for (const r of rows)
      push({
        kind: 'conversation',
        id: r.id,
        ms: r.created_at,
        title: r.status,
        body: null,
        channel: r.channel,
        conversationId: r.id,
        actorName: null,
      });
  }
  if (kinds.includes('message') && contactIds.length) {
    const rows = await t
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.id',
        'messages.body',
        'messages.sender_name',
        'messages.direction',
        'messages.is_private',
        'messages.created_at',
        'conversations.id as conversationId',
        'conversations.channel',
      ])
      .where('conversations.contact_id', 'in', contactIds)
      .where((eb) => (scope ? visibleWhere(t.workspaceId, scope)(eb) : eb.lit(true)))
      .where(before('messages.created_at', 'messages.id'))
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.id', 'desc')
      .limit(n)
      .execute();
    for (const r of rows) {
      push({
        kind: 'message',
        id: r.id,
        ms: r.created_at,
        title: r.is_private ? 'note' : r.direction,
        body: r.body,
        channel: r.channel,
        conversationId: r.conversationId,
        actorName: r.sender_name,
      });
    }
  }
  if (kinds.includes('note')) {
    const rows = await t
      .selectFrom('notes')
      .leftJoin('users', 'users.id', 'notes.author_id')
      .select(['notes.id', 'notes.body', 'notes.created_at', 'users.name as authorName'])
      .where('notes.subject_type', '=', subject.type)
      .where('notes.subject_id', '=', subject.id)
      .where(before('notes.created_at', 'notes.id'))
      .orderBy('notes.created_at', 'desc')
      .orderBy('notes.id', 'desc')
      .limit(n)
      .execute();
    for (const r of rows)
      push({
        kind: 'note',
        id: r.id,
        ms: r.created_at,
        title: 'note',
        body: r.body,
        channel: null,
        conversationId: null,
        actorName: r.authorName,
      });
  }
  if (kinds.includes('incident')) {
    let q = t
      .selectFrom('incidents')
      .select(['id', 'number', 'summary', 'status', 'root_cause', 'channel', 'conversation_id', 'reported_at'])
      .where(before('incidents.reported_at', 'incidents.id'));
    q =
      subject.type === 'contact'
        ? q.where('contact_id', '=', subject.id)
        : q.where((eb) =>
            eb.or([
              eb('company_id', '=', subject.id),
              ...(contactIds.length ? [eb('contact_id', 'in', contactIds)] : []),
            ]),
          );
    const rows = await q.orderBy('reported_at', 'desc').orderBy('id', 'desc').limit(n).execute();
    for (const r of rows)
      push({
        kind: 'incident',
        id: r.id,
        ms: r.reported_at,
        title: `#${r.number} ${r.summary}`,
        body: `${r.status} · ${r.root_cause}`,
        channel: r.channel,
        conversationId: r.conversation_id,
        actorName: null,
      });
  }
  if (kinds.includes('survey') && contactIds.length) {
    const rows = await t
      .selectFrom('survey_responses')
      .innerJoin('surveys', 'surveys.id', 'survey_responses.survey_id')
      .select([
        'survey_responses.id',
        'surveys.name',
        'survey_responses.csat',
        'survey_responses.nps',
        'survey_responses.ces',
        'survey_responses.detractor',
        'survey_responses.channel',
        'survey_responses.conversation_id',
        'survey_responses.submitted_at',
      ])
      .where('survey_responses.contact_id', 'in', contactIds)
      .where(before('survey_responses.submitted_at', 'survey_responses.id'))
      .orderBy('survey_responses.submitted_at', 'desc')
      .orderBy('survey_responses.id', 'desc')
      .limit(n)
      .execute();
    for (const r of rows) {
      const scores = (['csat', 'nps', 'ces'] as const)
        .filter((k) => r[k] !== null)
        .map((k) => `${k.toUpperCase()} ${r[k]}`)
        .join(' · ');
      push({
        kind: 'survey',
        id: r.id,
        ms: r.submitted_at,
        title: r.name,
        body: `${scores}${r.detractor ? ' · ⚠' : ''}`,
        channel: r.channel,
        conversationId: r.conversation_id,
        actorName: null,
      });
    }
  }
  if (kinds.includes('task') && contactIds.length) {
    const rows = await t
      .selectFrom('tasks')
      .leftJoin('users', 'users.id', 'tasks.assignee_id')
      .select(['tasks.id', 'tasks.title', 'tasks.status', 'tasks.created_at', 'users.name as assigneeName'])
      .where('tasks.contact_id', 'in', contactIds)
      .where(before('tasks.created_at', 'tasks.id'))
      .orderBy('tasks.created_at', 'desc')
      .orderBy('tasks.id', 'desc')
      .limit(n)
      .execute();
    for (const r of rows)
      push({
        kind: 'task',
        id: r.id,
        ms: r.created_at,
        title: r.title,
        body: r.status,
        channel: null,
        conversationId: null,
        actorName: r.assigneeName,
      });
  }
  if (kinds.includes('change')) {
    const rows = await changes(t, subject, before, n);
    for (const r of rows)
      push({
        kind: 'change',
        id: r.id,
        ms: r.created_at,
        title: r.action,
        body: null,
        channel: null,
        conversationId: null,
        actorName: r.actorName,
      });
  }

  items.sort((a, b) => b.ms - a.ms || (a.id < b.id ? 1 : -1));
  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  // An incident or an answer may point at a conversation this person does not see: it shows, without the link.
  const linked = await visibleConversationIds(t, scope, [
    ...new Set(page.flatMap((i) => (i.conversationId ? [i.conversationId] : []))),
  ]);
  const shown = page.map(({ ms: _ms, ...item }) =>
    item.conversationId && !linked.has(item.conversationId) ? { ...item, conversationId: null } : item,
  );
  return { items: shown, nextCursor: items.length > query.limit && last ? `${last.ms}|${last.id}` : null };
}

function changes(
  t: Tenant,
  subject: { type: string; id: string },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the keyset condition above
  before: (a: string, b: string) => (eb: any) => any,
  n: number,
) {
  return t
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.created_at', 'users.name as actorName'])
    .where('audit_log.subject_type', '=', subject.type)
    .where('audit_log.subject_id', '=', subject.id)
    .where('audit_log.action', '!=', 'note.added')
    .where(before('audit_log.created_at', 'audit_log.id'))
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(n)
    .execute();
}
