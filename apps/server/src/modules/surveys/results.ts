// Survey results: response rate, CSAT / NPS / CES, a percentage table per question (answers read with the version of
// the question they answered), free-text answers with who wrote them, a cross-tab by channel, agent, segment or month,
// and the CSV of every response. Figures are grouped sums over the survey's own indexes.
import type { SurveyDefinition, SurveyResults } from '@atiende/contract';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { offsetMinutes } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { iso, localEpochDay } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { csvLine } from '../../platform/csv.js';
import { segmentCondition } from '../segments/index.js';
import { listSegments, loadDefinition } from '../segments/index.js';
import { pick } from './pages.js';

type Lang = 'es' | 'en';
const DAY = 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Filters {
  from: number;
  to: number;
  channel?: string;
  agentId?: string;
  contactIds?: ((eb: ExpressionBuilder<DB, 'contacts'>) => Expression<SqlBool>) | null;
}

export function scoreSelections(eb: ExpressionBuilder<DB, 'survey_responses'>) {
  const count = (col: 'csat' | 'nps' | 'ces', op: '>=' | '<=', n: number) =>
    eb.fn.sum<number>(eb.case().when(col, op, n).then(1).else(0).end());
  return [
    eb.fn.countAll<number>().as('responses'),
    eb.fn.count<number>('csat').as('csat_n'),
    count('csat', '>=', 4).as('csat_pos'),
    eb.fn.count<number>('nps').as('nps_n'),
    count('nps', '>=', 9).as('nps_pro'),
    count('nps', '<=', 6).as('nps_det'),
    eb.fn.count<number>('ces').as('ces_n'),
    eb.fn.sum<number>('ces').as('ces_sum'),
    count('ces', '>=', 5).as('ces_easy'),
    eb.fn.sum<number>('detractor').as('detractors'),
  ] as const;
}

export interface ScoreSums {
  responses: number | string;
  csat_n: number | string;
  csat_pos: number | string | null;
  nps_n: number | string;
  nps_pro: number | string | null;
  nps_det: number | string | null;
  ces_n: number | string;
  ces_sum: number | string | null;
  ces_easy: number | string | null;
}

export function scoresOf(r: ScoreSums | undefined): SurveyResults['scores'] {
  const n = (v: unknown) => Number(v ?? 0);
  const csatN = n(r?.csat_n);
  const npsN = n(r?.nps_n);
  const cesN = n(r?.ces_n);
  const pro = n(r?.nps_pro);
  const det = n(r?.nps_det);
  return {
    csat: { answers: csatN, value: csatN ? round1((n(r?.csat_pos) / csatN) * 100) : null },
    nps: {
      answers: npsN,
      value: npsN ? Math.round(((pro - det) / npsN) * 100) : null,
      promoters: pro,
      passives: npsN - pro - det,
      detractors: det,
    },
    ces: {
      answers: cesN,
      value: cesN ? Math.round((n(r?.ces_sum) / cesN) * 100) / 100 : null,
      easyShare: cesN ? round1((n(r?.ces_easy) / cesN) * 100) : null,
    },
  };
}

function filtered(t: Tenant, surveyId: string, f: Filters) {
  let q = t
    .selectFrom('survey_responses')
    .where('survey_responses.survey_id', '=', surveyId)
    .where('survey_responses.submitted_at', '>=', f.from)
    .where('survey_responses.submitted_at', '<', f.to);
  if (f.channel) q = q.where('survey_responses.channel', '=', f.channel);
  if (f.agentId) q = q.where('survey_responses.agent_id', '=', f.agentId);
  if (f.contactIds) {
    const condition = f.contactIds;
    q = q.where('survey_responses.contact_id', 'in', (eb) =>
      eb
        .selectFrom('contacts')
        .select('contacts.id')
        .where('contacts.workspace_id', '=', t.workspaceId)
        .where(condition as never),
    );
  }
  return q;
}

interface VersionedQuestion {
  id: string;
  type: SurveyDefinition['sections'][number]['questions'][number]['type'];
  text: string;
  section: string;
  options: Map<string, string>;
  changed: boolean;
  current: boolean;
}

/** Every question any version asked, in the current order (removed ones after), with the labels of each option key. */
async function questionsOfAllVersions(
  t: Tenant,
  surveyId: string,
  currentVersion: number,
  language: Lang,
): Promise<VersionedQuestion[]> {
  const versions = await t
    .selectFrom('survey_versions')
    .select(['version', 'definition'])
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .execute();
  const byId = new Map<string, VersionedQuestion>();
  const wording = new Map<string, Set<string>>();
  for (const v of versions) {
    const definition = JSON.parse(v.definition) as SurveyDefinition;
    for (const section of definition.sections) {
      for (const q of section.questions) {
        const text = pick(q.text, language);
        wording.set(q.id, (wording.get(q.id) ?? new Set()).add(`${q.type}|${text}`));
        const entry = byId.get(q.id) ?? {
          id: q.id,
          type: q.type,
          text,
          section: pick(section.title, language),
          options: new Map<string, string>(),
          changed: false,
          current: v.version === currentVersion,
        };
        (q.options ?? []).forEach((o, i) => {
          const key = q.type === 'likert' ? String(i + 1) : o.id;
          if (!entry.options.has(key)) entry.options.set(key, pick(o.label, language));
        });
        byId.set(q.id, entry);
      }
    }
  }
  for (const [id, set] of wording) byId.get(id)!.changed = set.size > 1;
  return [...byId.values()].sort((a, b) => Number(b.current) - Number(a.current));
}

function scaleKeys(type: string, options: Map<string, string>, language: Lang): [string, string][] {
  const yes = language === 'es' ? 'Sí' : 'Yes';
  if (type === 'csat') return [5, 4, 3, 2, 1].map((n) => [String(n), String(n)]);
  if (type === 'nps') return [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((n) => [String(n), String(n)]);
  if (type === 'ces') return [7, 6, 5, 4, 3, 2, 1].map((n) => [String(n), String(n)]);
  if (type === 'yes_no')
    return [
      ['yes', yes],
      ['no', 'No'],
    ];
  return [...options];
}

export async function resolveFilters(
  ctx: AppContext,
  workspaceId: string,
  query: { from?: string; to?: string; channel?: string; agentId?: string; segmentId?: string },
): Promise<Filters> {
  const to = query.to ? Date.parse(query.to) : Date.now();
  const from = query.from ? Date.parse(query.from) : to - 365 * DAY;
  if (!(from < to)) throw new AppError('validation_failed', [{ path: 'from', message: 'field.range' }]);
  let contactIds: Filters['contactIds'] = null;
  if (query.segmentId) {
    const definition = await loadDefinition(ctx, workspaceId, query.segmentId).catch(() => {
      throw new AppError('validation_failed', [{ path: 'segmentId', message: 'field.noSuchSegment' }]);
    });
    contactIds = segmentCondition(definition, workspaceId);
  }
  return { from, to, channel: query.channel, agentId: query.agentId, contactIds };
}

export async function surveyResults(
  ctx: AppContext,
  workspaceId: string,
  surveyId: string,
  query: {
    from?: string;
    to?: string;
    channel?: string;
    agentId?: string;
    segmentId?: string;
    by?: 'channel' | 'agent' | 'segment' | 'month';
  },
  language: Lang,
): Promise<SurveyResults> {
  const t = tenant(ctx.db, workspaceId);
  const survey = await t
    .selectFrom('surveys')
    .select(['id', 'name', 'version'])
    .where('id', '=', surveyId)
    .executeTakeFirst();
  if (!survey) throw new AppError('not_found');
  const f = await resolveFilters(ctx, workspaceId, query);
  const narrowed = Boolean(f.channel || f.agentId || f.contactIds);

  let invitations = t
    .selectFrom('survey_invitations')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'answered').then(1).else(0).end()).as('answered'),
    ])
    .where('survey_id', '=', surveyId)
    .where('created_at', '>=', f.from)
    .where('created_at', '<', f.to)
    .where('status', 'in', ['sent', 'answered']);
  if (f.channel) invitations = invitations.where('channel', '=', f.channel);
  if (f.agentId) invitations = invitations.where('agent_id', '=', f.agentId);
  // Answers are read straight from their own index unless the results are narrowed to some respondents.
  const answers = () => {
    const base = t
      .selectFrom('survey_answers')
      .where('survey_answers.survey_id', '=', surveyId)
      .where('survey_answers.submitted_at', '>=', f.from)
      .where('survey_answers.submitted_at', '<', f.to);
    return narrowed
      ? base.where('survey_answers.response_id', 'in', filtered(t, surveyId, f).select('survey_responses.id'))
      : base;
  };
  const questions = await questionsOfAllVersions(t, surveyId, survey.version, language);
  const multiples = questions.filter((q) => q.type === 'multiple').map((q) => q.id);
  const [totals, invited, counts, multipleRespondents] = await Promise.all([
    filtered(t, surveyId, f)
      .select((eb) => scoreSelections(eb))
      .executeTakeFirst(),
    f.contactIds ? Promise.resolve(null) : invitations.executeTakeFirstOrThrow(),
    // Text answers count under a null value: the same grouped read gives every question's number of answers.
    answers()
      .select(['survey_answers.question_id', 'survey_answers.value', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['survey_answers.question_id', 'survey_answers.value'])
      .execute(),
    multiples.length
      ? answers()
          .where('survey_answers.question_id', 'in', multiples)
          .select([
            'survey_answers.question_id',
            (eb) => eb.fn.count<number>('survey_answers.response_id').distinct().as('n'),
          ])
          .groupBy('survey_answers.question_id')
          .execute()
      : Promise.resolve([]),
  ]);
  const answered = new Map<string, number>();
  for (const c of counts)
    if (!multiples.includes(c.question_id))
      answered.set(c.question_id, (answered.get(c.question_id) ?? 0) + Number(c.n));
  for (const m of multipleRespondents) answered.set(m.question_id, Number(m.n));
  const textQuestions = questions.filter((q) => q.type === 'short_text' || q.type === 'long_text');
  const texts = new Map(
    await Promise.all(
      textQuestions.map(async (q) => {
        const rows = await answers()
          .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
          .leftJoin('contacts', (j) =>
            j.onRef('contacts.id', '=', 'survey_responses.contact_id').on('contacts.privacy_blocked_at', 'is', null),
          )
          .select([
            'survey_answers.text',
            'survey_answers.submitted_at',
            'contacts.id as contactId',
            'contacts.name as contactName',
          ])
          .where('survey_answers.question_id', '=', q.id)
          .where('survey_answers.text', 'is not', null)
          .orderBy('survey_answers.submitted_at', 'desc')
          .limit(50)
          .execute();
        return [
          q.id,
          rows.map((r) => ({
            text: r.text!,
            contact: r.contactId ? { id: r.contactId, name: r.contactName ?? '' } : null,
            submittedAt: iso(r.submitted_at),
          })),
        ] as const;
      }),
    ),
  );
  const byQuestion = new Map<string, Map<string, number>>();
  for (const c of counts)
    if (c.value !== null)
      byQuestion.set(
        c.question_id,
        (byQuestion.get(c.question_id) ?? new Map<string, number>()).set(c.value, Number(c.n)),
      );

  const questionResults = questions.map((q) => {
    const n = answered.get(q.id) ?? 0;
    const values = byQuestion.get(q.id) ?? new Map<string, number>();
    const keys = scaleKeys(q.type, q.options, language);
    for (const key of values.keys()) if (!keys.some(([k]) => k === key)) keys.push([key, key]);
    const rows =
      q.type === 'short_text' || q.type === 'long_text'
        ? []
        : keys.map(([key, label]) => ({
            key,
            label,
            count: values.get(key) ?? 0,
            percent: n ? round1(((values.get(key) ?? 0) / n) * 100) : 0,
          }));
    const numeric = ['csat', 'nps', 'ces', 'likert'].includes(q.type);
    const sum = numeric ? [...values].reduce((s, [k, c]) => s + Number(k) * c, 0) : 0;
    return {
      id: q.id,
      type: q.type,
      text: q.text,
      section: q.section,
      answers: n,
      rows,
      mean: numeric && n ? Math.round((sum / n) * 100) / 100 : null,
      texts: texts.get(q.id) ?? [],
      changed: q.changed,
    };
  });

  const responses = Number(totals?.responses ?? 0);
  const sent = invited ? Number(invited.n) : null;
  const answeredInvitations = invited ? Number(invited.answered ?? 0) : 0;
  return {
    survey: { id: survey.id, name: survey.name, version: survey.version },
    from: iso(f.from),
    to: iso(f.to),
    invitations: sent ?? 0,
    responses,
    responseRate: sent ? round1((answeredInvitations / sent) * 100) : null,
    scores: scoresOf(totals),
    questions: questionResults,
    crossTab: query.by ? await crossTab(ctx, t, surveyId, f, query.by, language) : [],
    detractors: Number((totals as { detractors?: unknown } | undefined)?.detractors ?? 0),
  };
}

async function crossTab(
  ctx: AppContext,
  t: Tenant,
  surveyId: string,
  f: Filters,
  by: 'channel' | 'agent' | 'segment' | 'month',
  language: Lang,
): Promise<SurveyResults['crossTab']> {
  if (by === 'segment') {
    const segments = (await listSegments(ctx, t.workspaceId)).slice(0, 12);
    return Promise.all(
      segments.map(async (s) => {
        const condition = segmentCondition(await loadDefinition(ctx, t.workspaceId, s.id), t.workspaceId);
        const row = await filtered(t, surveyId, { ...f, contactIds: condition })
          .select((eb) => scoreSelections(eb))
          .executeTakeFirst();
        return { key: s.id, label: s.name, responses: Number(row?.responses ?? 0), scores: scoresOf(row) };
      }),
    );
  }
  if (by === 'month') {
    const { timeZone } = await loadWorkspaceSettings(ctx, t.workspaceId);
    const offset = offsetMinutes(timeZone, f.to) * 60_000;
    const rows = await filtered(t, surveyId, f)
      .select((eb) => [localEpochDay('survey_responses.submitted_at', offset).as('day'), ...scoreSelections(eb)])
      .groupBy('day')
      .execute();
    const months = new Map<string, Record<keyof ScoreSums, number>>();
    for (const r of rows) {
      const month = new Date(Number(r.day) * DAY).toISOString().slice(0, 7);
      const m = months.get(month) ?? {
        responses: 0,
        csat_n: 0,
        csat_pos: 0,
        nps_n: 0,
        nps_pro: 0,
        nps_det: 0,
        ces_n: 0,
        ces_sum: 0,
        ces_easy: 0,
      };
      for (const k of [
        'responses',
        'csat_n',
        'csat_pos',
        'nps_n',
        'nps_pro',
        'nps_det',
        'ces_n',
        'ces_sum',
        'ces_easy',
      ] as const)
        m[k] += Number(r[k] ?? 0);
      months.set(month, m);
    }
    return [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ key: month, label: month, responses: m.responses, scores: scoresOf(m) }));
  }
  const column = by === 'channel' ? 'survey_responses.channel' : 'survey_responses.agent_id';
  const rows = await filtered(t, surveyId, f)
    .select((eb) => [eb.ref(column).as('key'), ...scoreSelections(eb)])
    .groupBy(column)
    .execute();
  const names =
    by === 'agent'
      ? new Map(
          (
            await t
              .selectFrom('memberships')
              .innerJoin('users', 'users.id', 'memberships.user_id')
              .select(['users.id', 'users.name'])
              .execute()
          ).map((u) => [u.id, u.name]),
        )
      : new Map<string, string>();
  const none = language === 'es' ? 'Sin agente' : 'No agent';
  return rows
    .map((r) => ({
      key: String(r.key ?? ''),
      label: by === 'agent' ? (r.key ? (names.get(String(r.key)) ?? String(r.key)) : none) : String(r.key),
      responses: Number(r.responses),
      scores: scoresOf(r),
    }))
    .sort((a, b) => b.responses - a.responses);
}

/** Every response of the period as CSV: who, when, where, and one column per question any version asked. */
export async function responsesCsv(
  ctx: AppContext,
  workspaceId: string,
  surveyId: string,
  query: { from?: string; to?: string; channel?: string; agentId?: string; segmentId?: string },
  language: Lang,
): Promise<string> {
  const t = tenant(ctx.db, workspaceId);
  const survey = await t.selectFrom('surveys').select(['version']).where('id', '=', surveyId).executeTakeFirst();
  if (!survey) throw new AppError('not_found');
  const f = await resolveFilters(ctx, workspaceId, query);
  const questions = await questionsOfAllVersions(t, surveyId, survey.version, language);
  const responses = await filtered(t, surveyId, f)
    .leftJoin('contacts', (j) =>
      j.onRef('contacts.id', '=', 'survey_responses.contact_id').on('contacts.privacy_blocked_at', 'is', null),
    )
    .leftJoin('users', 'users.id', 'survey_responses.agent_id')
    .select([
      'survey_responses.id',
      'survey_responses.submitted_at',
      'survey_responses.channel',
      'survey_responses.language',
      'survey_responses.version',
      'contacts.name as contactName',
      'contacts.email as contactEmail',
      'users.name as agentName',
    ])
    .orderBy('survey_responses.submitted_at')
    .limit(200_000)
    .execute();
  const header =
    language === 'es'
      ? ['respondida', 'contacto', 'correo', 'canal', 'agente', 'idioma', 'versión']
      : ['submitted', 'contact', 'email', 'channel', 'agent', 'language', 'version'];
  const lines = [csvLine([...header, ...questions.map((q) => q.text)])];
  const ids = responses.map((r) => r.id);
  const answersByResponse = new Map<string, Map<string, string[]>>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await t
      .selectFrom('survey_answers')
      .select(['response_id', 'question_id', 'value', 'text'])
      .where('response_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const a of rows) {
      const q = questions.find((x) => x.id === a.question_id);
      const shown =
        a.text ?? (q && q.options.size && q.type !== 'likert' ? (q.options.get(a.value!) ?? a.value!) : a.value!);
      const entry = answersByResponse.get(a.response_id) ?? new Map<string, string[]>();
      entry.set(a.question_id, [...(entry.get(a.question_id) ?? []), shown]);
      answersByResponse.set(a.response_id, entry);
    }
  }
  for (const r of responses) {
    const given = answersByResponse.get(r.id);
    lines.push(
      csvLine([
        iso(r.submitted_at),
        r.contactName ?? '',
        r.contactEmail ?? '',
        r.channel,
        r.agentName ?? '',
        r.language,
        r.version,
        ...questions.map((q) => (given?.get(q.id) ?? []).join('; ')),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
