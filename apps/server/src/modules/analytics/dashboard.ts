// The service-standards dashboard: every standard of seed 002 for a period, against its target, with the period
// before it and a weekly trend; per channel, team and agent; incoming against resolved and the backlog; the hour-by-day
// heat map; new customers against the same month a year before; satisfaction by month; and the outliers (median and
// MAD). A period's facts are read once, as compact rows in time order, and every figure is computed from that one
// pass with exact medians; satisfaction, backlog and new customers are grouped queries of their own.
import type { Breakdown, Channel, Dashboard, Standard, StandardKey, TargetStandard } from '@atiende/contract';
import { sql } from 'kysely';
import { type Tenant, tenant } from '../../db/tenant.js';
import { offsetMinutes } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { iso, localEpochDay } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { newContactsPerDay } from '../contacts/index.js';
import { scoreSelections, scoresOf } from '../surveys/index.js';
import { FIELDS } from './fact-days.js';
import { refreshFacts } from './facts.js';
import { listTargets, targetLookup } from './targets.js';
import {
  DAY,
  type Filters,
  RESOLVED,
  FIRST_CONTACT,
  REOPENED,
  ABANDONED,
  SUCCESSFUL,
  readPeriod,
  unpack,
  dimensionFilter,
  epochDayOf,
  yyyymmdd,
} from './period.js';
import { type Metric, type Group, emptyGroup, minutes, percent, ratio } from './figures.js';
import { conversationOutliers, agentOutliers } from './outliers.js';

const MINUTE = 60_000;

export function resolveRange(query: { from?: string; to?: string }): { from: number; to: number } {
  const to = query.to ? Date.parse(query.to) : Date.now();
  const from = query.from ? Date.parse(query.from) : to - 30 * DAY;
  if (!(from < to)) throw new AppError('validation_failed', [{ path: 'from', message: 'field.range' }]);
  if (to - from > 400 * DAY) throw new AppError('validation_failed', [{ path: 'from', message: 'field.rangeTooLong' }]);
  return { from, to };
}

// ── The measurements of a period ─────────────────────────────────────────────

// Breakdown tables read first response and resolution; outliers (per channel and agent) read handle time too;
// weekly trends and the period before read the three times of the standards.
const BREAKDOWN = ['first_response', 'resolution'] as const;
const WITH_OUTLIERS = ['first_response', 'resolution', 'handle'] as const;
const STANDARDS = ['first_response', 'first_response_business', 'resolution'] as const;

/** One fact (at `k` of the columns) into a group: the flags each standard counts, and the durations. */
function addFact(g: Group, d: number[], k: number, responseTargetMs: number, flag: number, transfers: number): void {
  const s = g.sums;
  s.n += 1;
  if (flag & RESOLVED) {
    s.resolved += 1;
    g.dist.resolution.add(d[k + 4]!);
  }
  if (flag & FIRST_CONTACT) s.fcr += 1;
  if (flag & REOPENED) s.reopened += 1;
  if (flag & ABANDONED) s.abandoned += 1;
  if (flag & SUCCESSFUL) s.successful += 1;
  s.transfers += transfers;
  const handle = d[k + 5]!;
  s.handle += handle;
  g.dist.handle.add(handle);
  const frt = d[k + 2]!;
  if (frt >= 0) {
    s.answered += 1;
    if (frt <= responseTargetMs) s.instant += 1;
    else {
      s.waitedN += 1;
      s.waitedMs += frt;
    }
    g.dist.first_response.add(frt);
    const business = d[k + 3]!;
    g.dist.first_response_business.add(business >= 0 ? business : frt);
  }
}

function breakdown(key: string, label: string, group: Group, responseTarget: number | null): Breakdown {
  const s = group.sums;
  return {
    key,
    label,
    conversations: s.n,
    firstResponseMinutes: minutes(group.dist.first_response.quantile(0.5)),
    firstResponseP90Minutes: minutes(group.dist.first_response.quantile(0.9)),
    firstResponseTargetMinutes: responseTarget,
    instantService: percent(s.instant, s.answered),
    firstContactResolution: percent(s.fcr, s.n),
    resolutionMinutes: minutes(group.dist.resolution.quantile(0.5)),
    reopenRate: percent(s.reopened, s.resolved),
    handleMinutes: s.n ? minutes(s.handle / s.n) : null,
    minutesPerMatter: s.resolved ? minutes(s.handle / s.resolved) : null,
    transfersPerConversation: ratio(s.transfers, s.n),
  };
}

// ── Standards ────────────────────────────────────────────────────────────────

const units: Record<StandardKey, Standard['unit']> = {
  first_response: 'minutes',
  first_response_p90: 'minutes',
  first_response_business: 'minutes',
  first_contact_resolution: 'percent',
  instant_service: 'percent',
  waiting_time: 'minutes',
  resolution: 'minutes',
  reopen_rate: 'percent',
  successful_customer: 'percent',
  complaints_per_1000: 'per_thousand',
  transfers_per_conversation: 'ratio',
  abandoned_rate: 'percent',
  ces: 'score',
  handle_time: 'minutes',
  minutes_per_matter: 'minutes',
  csat: 'percent',
  nps: 'score',
  backlog: 'count',
};
const lowerIsBetter = new Set<StandardKey>([
  'first_response',
  'first_response_p90',
  'first_response_business',
  'waiting_time',
  'resolution',
  'reopen_rate',
  'complaints_per_1000',
  'transfers_per_conversation',
  'abandoned_rate',
  'handle_time',
  'minutes_per_matter',
  'backlog',
]);
const targetOf: Partial<Record<StandardKey, TargetStandard>> = {
  first_response: 'first_response',
  first_response_business: 'first_response',
  first_contact_resolution: 'first_contact_resolution',
  instant_service: 'instant_service',
  resolution: 'resolution',
  reopen_rate: 'reopen_rate',
  successful_customer: 'successful_customer',
  complaints_per_1000: 'complaints_per_1000',
  transfers_per_conversation: 'transfers_per_conversation',
  abandoned_rate: 'abandoned_rate',
  ces: 'ces',
  handle_time: 'handle_time',
  csat: 'csat',
  nps: 'nps',
};

interface SurveyFigures {
  csat: number | null;
  nps: number | null;
  ces: number | null;
  csatN: number;
  npsN: number;
  cesN: number;
  responses: number;
  detractors: number;
}

function standardValues(
  group: Group,
  surveys: SurveyFigures,
  backlog: number | null,
): Record<StandardKey, { value: number | null; basis: number }> {
  const s = group.sums;
  return {
    first_response: { value: minutes(group.dist.first_response.quantile(0.5)), basis: s.answered },
    first_response_p90: { value: minutes(group.dist.first_response.quantile(0.9)), basis: s.answered },
    first_response_business: { value: minutes(group.dist.first_response_business.quantile(0.5)), basis: s.answered },
    first_contact_resolution: { value: percent(s.fcr, s.n), basis: s.n },
    instant_service: { value: percent(s.instant, s.answered), basis: s.answered },
    waiting_time: { value: s.waitedN ? minutes(s.waitedMs / s.waitedN) : null, basis: s.waitedN },
    resolution: { value: minutes(group.dist.resolution.quantile(0.5)), basis: s.resolved },
    reopen_rate: { value: percent(s.reopened, s.resolved), basis: s.resolved },
    successful_customer: { value: percent(s.successful, s.n), basis: s.n },
    complaints_per_1000: {
      value: surveys.responses ? Math.round((surveys.detractors / surveys.responses) * 1000) : null,
      basis: surveys.responses,
    },
    transfers_per_conversation: { value: ratio(s.transfers, s.n), basis: s.n },
    abandoned_rate: { value: percent(s.abandoned, s.n), basis: s.n },
    ces: { value: surveys.ces, basis: surveys.cesN },
    handle_time: { value: s.n ? minutes(s.handle / s.n) : null, basis: s.n },
    minutes_per_matter: { value: s.resolved ? minutes(s.handle / s.resolved) : null, basis: s.resolved },
    csat: { value: surveys.csat, basis: surveys.csatN },
    nps: { value: surveys.nps, basis: surveys.npsN },
    backlog: { value: backlog, basis: backlog ?? 0 },
  };
}

async function surveyFigures(t: Tenant, f: Filters, offsetMs: number) {
  let q = t
    .selectFrom('survey_responses')
    .where('survey_responses.submitted_at', '>=', f.from)
    .where('survey_responses.submitted_at', '<', f.to);
  if (f.channel) q = q.where('survey_responses.channel', '=', f.channel);
  if (f.teamId) q = q.where('survey_responses.team_id', '=', f.teamId);
  if (f.agentId) q = q.where('survey_responses.agent_id', '=', f.agentId);
  const rows = await q
    .select((eb) => [localEpochDay('survey_responses.submitted_at', offsetMs).as('day'), ...scoreSelections(eb)])
    .groupBy('day')
    .execute();
  const total = {
    responses: 0,
    csat_n: 0,
    csat_pos: 0,
    nps_n: 0,
    nps_pro: 0,
    nps_det: 0,
    ces_n: 0,
    ces_sum: 0,
    ces_easy: 0,
    detractors: 0,
  };
  const days = rows.map((r) => {
    for (const k of Object.keys(total) as (keyof typeof total)[])
      total[k] += Number((r as Record<string, unknown>)[k] ?? 0);
    return { day: Number(r.day), row: r };
  });
  const figures = (r: Parameters<typeof scoresOf>[0] & { detractors?: unknown }): SurveyFigures => {
    const s = scoresOf(r);
    return {
      csat: s.csat.value,
      nps: s.nps.value,
      ces: s.ces.value,
      csatN: s.csat.answers,
      npsN: s.nps.answers,
      cesN: s.ces.answers,
      responses: Number(r?.responses ?? 0),
      detractors: Number(r?.detractors ?? 0),
    };
  };
  return { total: figures(total), days, figures };
}

/** Monday of the local week of a local day number (days since the epoch), as YYYY-MM-DD. */
const weekOf = (epochDay: number) => {
  const weekday = (new Date(epochDay * DAY).getUTCDay() + 6) % 7;
  return new Date((epochDay - weekday) * DAY).toISOString().slice(0, 10);
};

export async function serviceDashboard(
  ctx: AppContext,
  workspaceId: string,
  query: { from?: string; to?: string; channel?: Channel; teamId?: string; agentId?: string },
  language: 'es' | 'en',
): Promise<Dashboard> {
  const t = tenant(ctx.db, workspaceId);
  const { from, to } = resolveRange(query);
  // The facts are brought up to date first; if that fails (another process holds the rows), the last pass serves.
  await refreshFacts(ctx, workspaceId).catch((err) => ctx.log.warn({ err }, 'refreshing the service facts failed'));
  const f: Filters = { from, to, channel: query.channel, teamId: query.teamId, agentId: query.agentId };
  const previousRange: Filters = { ...f, from: from - (to - from), to: from };
  const [settings, targets] = await Promise.all([
    loadWorkspaceSettings(ctx, workspaceId),
    listTargets(ctx, workspaceId),
  ]);
  const target = targetLookup(targets);
  const responseTarget = (channel: string) => target('first_response', channel) ?? 60;
  const offsetMs = offsetMinutes(settings.timeZone, to) * MINUTE;
  const fromDay = Math.floor((from + offsetMs) / DAY);
  const toDay = Math.floor((to - 1 + offsetMs) / DAY);

  const [currentFacts, previousFacts, resolvedDaily, openNow, ages, surveys, previousSurveys, names] =
    await Promise.all([
      readPeriod(t, f, settings.timeZone),
      readPeriod(t, previousRange, settings.timeZone),
      dimensionFilter(t.selectFrom('conversation_facts').where('resolved_day', '>=', yyyymmdd(fromDay)), f)
        .select(['resolved_day as day', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('resolved_day')
        .execute(),
      dimensionFilter(t.selectFrom('conversation_facts').where('open', '=', 1), f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      backlogAges(t, f),
      surveyFigures(t, f, offsetMs),
      surveyFigures(t, previousRange, offsetMs),
      namesOf(t),
    ]);

  // One pass: per channel, team and agent; per local day (the flow) and week (the trends); per weekday and hour.
  const channelTargetMs = new Map<string, number>();
  const targetMsOf = (channel: string) => {
    let ms = channelTargetMs.get(channel);
    if (ms === undefined) channelTargetMs.set(channel, (ms = responseTarget(channel) * MINUTE));
    return ms;
  };
  const all = emptyGroup();
  const byChannelGroup = new Map<string, Group>();
  const byTeamGroup = new Map<string | null, Group>();
  const byAgentGroup = new Map<string | null, Group>();
  const groupIn = <K>(map: Map<K, Group>, key: K, keep: readonly Metric[]) => {
    let g = map.get(key);
    if (!g) map.set(key, (g = emptyGroup(keep)));
    return g;
  };
  const weeks = new Map<string, Group & { survey: Record<string, number> }>();
  const incomingBy = new Map<number, number>();
  const heatCounts = new Map<number, number>();
  const weekEntry = (epochDay: number) => {
    const key = weekOf(epochDay);
    let w = weeks.get(key);
    if (!w) weeks.set(key, (w = { ...emptyGroup(STANDARDS), survey: {} }));
    return w;
  };
  let lastDay = -1;
  let lastWeek: ReturnType<typeof weekEntry> | undefined;
  // Each channel|team|agent combination is resolved once to its groups and target; the loop only adds.
  const dims = new Map<string, { channel: string; targetMs: number; groups: [Group, Group, Group] }>();
  const dimsOf = (key: string) => {
    let d = dims.get(key);
    if (!d) {
      const [channel, team, agent] = key.split('|') as [string, string, string];
      d = {
        channel,
        targetMs: targetMsOf(channel),
        groups: [
          groupIn(byChannelGroup, channel, WITH_OUTLIERS),
          groupIn(byTeamGroup, team || null, BREAKDOWN),
          groupIn(byAgentGroup, agent || null, WITH_OUTLIERS),
        ],
      };
      dims.set(key, d);
    }
    return d;
  };
  const whoDims = currentFacts.who.map(dimsOf);
  const data = currentFacts.data;
  for (let k = 0; k < data.length; k += FIELDS) {
    const d = whoDims[data[k]!]!;
    const { flag, transfers, slot, day } = unpack(data[k + 1]!);
    addFact(all, data, k, d.targetMs, flag, transfers);
    addFact(d.groups[0], data, k, d.targetMs, flag, transfers);
    addFact(d.groups[1], data, k, d.targetMs, flag, transfers);
    addFact(d.groups[2], data, k, d.targetMs, flag, transfers);
    if (day !== lastDay) {
      lastDay = day;
      lastWeek = weekEntry(epochDayOf(day));
    }
    addFact(lastWeek!, data, k, d.targetMs, flag, transfers);
    incomingBy.set(day, (incomingBy.get(day) ?? 0) + 1);
    heatCounts.set(slot, (heatCounts.get(slot) ?? 0) + 1);
  }
  const previous = emptyGroup(STANDARDS);
  // Not dimsOf: the breakdowns list only who had conversations in this period.
  const previousTargets = previousFacts.who.map((w) => targetMsOf(w.slice(0, w.indexOf('|'))));
  for (let k = 0; k < previousFacts.data.length; k += FIELDS) {
    const { flag, transfers } = unpack(previousFacts.data[k + 1]!);
    addFact(previous, previousFacts.data, k, previousTargets[previousFacts.data[k]!]!, flag, transfers);
  }
  const backlogNow = Number(openNow.n);

  // Incoming and resolved per local day; the backlog at the end of each day counted back from today's open ones.
  const resolvedBy = new Map(resolvedDaily.map((d) => [Number(d.day), Number(d.n)]));
  const nowDay = Math.floor((Date.now() + offsetMs) / DAY);
  const [incomingAfter, resolvedAfter] = await Promise.all([
    dimensionFilter(t.selectFrom('conversation_facts').where('created_at', '>=', to), f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    dimensionFilter(t.selectFrom('conversation_facts').where('resolved_day', '>', yyyymmdd(toDay)), f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  let backlog = backlogNow - Number(incomingAfter.n) + Number(resolvedAfter.n);
  const dailySeries: Dashboard['daily'] = [];
  for (let day = Math.min(toDay, nowDay); day >= fromDay; day--) {
    const key = yyyymmdd(day);
    dailySeries.push({
      day: new Date(day * DAY).toISOString().slice(0, 10),
      incoming: incomingBy.get(key) ?? 0,
      resolved: resolvedBy.get(key) ?? 0,
      backlog: Math.max(0, backlog),
    });
    backlog -= (incomingBy.get(key) ?? 0) - (resolvedBy.get(key) ?? 0);
  }
  dailySeries.reverse();

  // Weekly trends, survey scores included.
  for (const d of surveys.days) {
    const w = weekEntry(d.day);
    for (const [k, v] of Object.entries(d.row)) if (k !== 'day') w.survey[k] = (w.survey[k] ?? 0) + Number(v ?? 0);
  }
  const weekKeys = [...weeks.keys()].sort();
  const weekly = weekKeys.map((week) => {
    const w = weeks.get(week)!;
    return { week, values: standardValues(w, surveys.figures(w.survey as never), null) };
  });

  const current = standardValues(all, surveys.total, backlogNow);
  const before = standardValues(previous, previousSurveys.total, null);
  const standards: Standard[] = (Object.keys(units) as StandardKey[]).map((key) => {
    const targetKey = targetOf[key];
    const goal = targetKey ? target(targetKey, f.channel ?? '') : null;
    const value = current[key].value;
    const low = lowerIsBetter.has(key);
    return {
      key,
      unit: units[key],
      value,
      previous: before[key].value,
      target: goal,
      lowerIsBetter: low,
      met: value === null || goal === null ? null : low ? value <= goal : value >= goal,
      basis: current[key].basis,
      trend:
        key === 'backlog'
          ? weekKeys.map((week) => ({
              week,
              value: dailySeries.filter((d) => weekOf(Date.parse(d.day) / DAY) === week).at(-1)?.backlog ?? null,
            }))
          : weekly.map((w) => ({ week: w.week, value: w.values[key].value })),
    };
  });

  const byChannel = [...byChannelGroup]
    .map(([channel, g]) => breakdown(channel, channel, g, responseTarget(channel)))
    .sort((a, b) => b.conversations - a.conversations);
  const noTeam = language === 'es' ? 'Sin equipo' : 'No team';
  const noAgent = language === 'es' ? 'Sin asignar' : 'Unassigned';
  const byTeam = [...byTeamGroup]
    .map(([team, g]) => breakdown(team ?? '', team ? (names.teams.get(team) ?? team) : noTeam, g, null))
    .sort((a, b) => b.conversations - a.conversations);
  const byAgent = [...byAgentGroup]
    .map(([agent, g]) => breakdown(agent ?? '', agent ? (names.users.get(agent) ?? agent) : noAgent, g, null))
    .sort((a, b) => b.conversations - a.conversations);

  const [outlierConversations, newCustomers] = await Promise.all([
    conversationOutliers(t, currentFacts, byChannelGroup, names.users),
    newCustomersByMonth(t, to, offsetMs),
  ]);
  const satisfaction = monthly(surveys.days, surveys.figures);
  return {
    from: iso(from),
    to: iso(to),
    timeZone: settings.timeZone,
    conversations: all.sums.n,
    standards,
    byChannel,
    byTeam,
    byAgent,
    daily: dailySeries,
    backlogAge: ages,
    heatmap: [...heatCounts].map(([slot, count]) => ({ weekday: Math.floor(slot / 24), hour: slot % 24, count })),
    newCustomers,
    satisfaction,
    outliers: { conversations: outlierConversations, agents: agentOutliers(byAgentGroup, names.users) },
  };
}

async function backlogAges(t: Tenant, f: Filters): Promise<Dashboard['backlogAge']> {
  const now = Date.now();
  const limits = [
    ['under_1h', 3_600_000],
    ['under_4h', 4 * 3_600_000],
    ['under_1d', DAY],
    ['under_3d', 3 * DAY],
    ['under_7d', 7 * DAY],
  ] as const;
  const age = sql<string>`case ${sql.join(
    limits.map(([key, ms]) => sql`when conversation_facts.created_at > ${sql.lit(now - ms)} then ${sql.lit(key)}`),
    sql` `,
  )} else 'over_7d' end`;
  const rows = await dimensionFilter(t.selectFrom('conversation_facts').where('open', '=', 1), f)
    .select([age.as('age'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('age')
    .execute();
  const counts = new Map(rows.map((r) => [r.age, Number(r.n)]));
  return [...limits.map(([key]) => key), 'over_7d' as const].map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

async function namesOf(t: Tenant) {
  const [users, teams] = await Promise.all([
    t
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.name'])
      .execute(),
    t.selectFrom('teams').select(['id', 'name']).execute(),
  ]);
  return { users: new Map(users.map((u) => [u.id, u.name])), teams: new Map(teams.map((x) => [x.id, x.name])) };
}

async function newCustomersByMonth(t: Tenant, to: number, offsetMs: number): Promise<Dashboard['newCustomers']> {
  const end = new Date(to + offsetMs);
  const month = (y: number, m: number) => `${y}-${String(m + 1).padStart(2, '0')}`;
  const start = Date.UTC(end.getUTCFullYear() - 2, end.getUTCMonth() + 1, 1) - offsetMs;
  const days = await newContactsPerDay(t, start, to, offsetMs);
  const byMonth = new Map<string, number>();
  for (const d of days) {
    const key = new Date(d.day * DAY).toISOString().slice(0, 7);
    byMonth.set(key, (byMonth.get(key) ?? 0) + d.count);
  }
  const out: Dashboard['newCustomers'] = [];
  for (let i = 11; i >= 0; i--) {
    const date = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i, 1));
    const key = month(date.getUTCFullYear(), date.getUTCMonth());
    out.push({
      month: key,
      count: byMonth.get(key) ?? 0,
      sameMonthLastYear: byMonth.get(month(date.getUTCFullYear() - 1, date.getUTCMonth())) ?? 0,
    });
  }
  return out;
}

function monthly(
  days: { day: number; row: Record<string, unknown> }[],
  figures: (r: never) => SurveyFigures,
): Dashboard['satisfaction'] {
  const months = new Map<string, Record<string, number>>();
  for (const d of days) {
    const key = new Date(d.day * DAY).toISOString().slice(0, 7);
    const m = months.get(key) ?? {};
    for (const [k, v] of Object.entries(d.row)) if (k !== 'day') m[k] = (m[k] ?? 0) + Number(v ?? 0);
    months.set(key, m);
  }
  return [...months]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, m]) => {
      const s = figures(m as never);
      return { month, responses: s.responses, csat: s.csat, nps: s.nps, ces: s.ces };
    });
}
