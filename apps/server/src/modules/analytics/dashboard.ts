// The service-standards dashboard: every standard of seed 002 for a period, against its target, with the period
// before it and a weekly trend; per channel, team and agent; incoming against resolved and the backlog; the hour-by-day
// heat map; new customers against the same month a year before; satisfaction by month; and the outliers (median and
// MAD). A period's facts are read once, as compact rows in time order, and every figure is computed from that one
// pass with exact medians; satisfaction, backlog and new customers are grouped queries of their own.
import type { Breakdown, Channel, Dashboard, Standard, StandardKey, TargetStandard } from '@atiende/contract';
import { sql } from 'kysely';
import { type Tenant, tenant } from '../../db/tenant.js';
import { localClock, offsetMinutes } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { iso, localEpochDay } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { newContactsPerDay } from '../contacts/index.js';
import { scoreSelections, scoresOf } from '../surveys/index.js';
import { FIELDS, type FactColumns, appendPage, appendRows, dayPages, noFacts } from './fact-days.js';
import { refreshFacts } from './facts.js';
import { Distribution } from './distributions.js';
import { listTargets, targetLookup } from './targets.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
type Metric = 'first_response' | 'first_response_business' | 'resolution' | 'handle';

export interface Filters {
  from: number;
  to: number;
  channel?: Channel;
  teamId?: string;
  agentId?: string;
}

export function resolveRange(query: { from?: string; to?: string }): { from: number; to: number } {
  const to = query.to ? Date.parse(query.to) : Date.now();
  const from = query.from ? Date.parse(query.from) : to - 30 * DAY;
  if (!(from < to)) throw new AppError('validation_failed', [{ path: 'from', message: 'field.range' }]);
  if (to - from > 400 * DAY) throw new AppError('validation_failed', [{ path: 'from', message: 'field.rangeTooLong' }]);
  return { from, to };
}

// ── The measurements of a period ─────────────────────────────────────────────

interface Sums {
  n: number;
  resolved: number;
  fcr: number;
  reopened: number;
  abandoned: number;
  transfers: number;
  handle: number;
  answered: number;
  instant: number;
  waitedN: number;
  waitedMs: number;
  successful: number;
}
const zero = (): Sums => ({
  n: 0,
  resolved: 0,
  fcr: 0,
  reopened: 0,
  abandoned: 0,
  transfers: 0,
  handle: 0,
  answered: 0,
  instant: 0,
  waitedN: 0,
  waitedMs: 0,
  successful: 0,
});

interface Group {
  sums: Sums;
  dist: Record<Metric, Distribution>;
}
/** A distribution nobody reads is not collected (a dashboard adds each row to five groups). */
const ignored = { add() {}, quantile: () => null, mad: () => null, total: 0 } as unknown as Distribution;
const emptyGroup = (
  keep: readonly Metric[] = ['first_response', 'first_response_business', 'resolution', 'handle'],
): Group => ({
  sums: zero(),
  dist: {
    first_response: keep.includes('first_response') ? new Distribution() : ignored,
    first_response_business: keep.includes('first_response_business') ? new Distribution() : ignored,
    resolution: keep.includes('resolution') ? new Distribution() : ignored,
    handle: keep.includes('handle') ? new Distribution() : ignored,
  },
});
// Breakdown tables read first response and resolution; outliers (per channel and agent) read handle time too;
// weekly trends and the period before read the three times of the standards.
const BREAKDOWN = ['first_response', 'resolution'] as const;
const WITH_OUTLIERS = ['first_response', 'resolution', 'handle'] as const;
const STANDARDS = ['first_response', 'first_response_business', 'resolution'] as const;

function factsIn(t: Tenant, f: Filters) {
  return dimensionFilter(
    t
      .selectFrom('conversation_facts')
      .where('conversation_facts.created_at', '>=', f.from)
      .where('conversation_facts.created_at', '<', f.to),
    f,
  );
}

// What a conversation counts for, packed into one number by the database (each column read costs more than the math).
// Only conversations not already successful look for a positive survey answer (the CASE stops at the first match).
const RESOLVED = 1;
const FIRST_CONTACT = 2;
const REOPENED = 4;
const ABANDONED = 8;
const SUCCESSFUL = 16;
const flags = sql<number>`(case when conversation_facts.resolution_ms is not null then ${sql.lit(RESOLVED)} else 0 end)
  + (case when conversation_facts.resolution_ms is not null and conversation_facts.agent_replies <= 1 and conversation_facts.returned_within_7d = 0 then ${sql.lit(FIRST_CONTACT)} else 0 end)
  + (case when conversation_facts.reopens > 0 then ${sql.lit(REOPENED)} else 0 end)
  + conversation_facts.abandoned * ${sql.lit(ABANDONED)}
  + (case when conversation_facts.resolution_ms is not null and conversation_facts.returned_within_7d = 0 then ${sql.lit(SUCCESSFUL)}
      when exists (select 1 from survey_responses r where r.conversation_id = conversation_facts.conversation_id and r.workspace_id = conversation_facts.workspace_id and (r.csat >= 4 or r.nps >= 9 or r.ces >= 5)) then ${sql.lit(SUCCESSFUL)}
      else 0 end)`;

// Each value read costs more than the arithmetic: the database packs what it can. `who` is channel|team|agent;
// `packed` is ((local day × 256 + weekday × 24 + hour) × 64 + transfers (up to 63)) × 32 + flags.
const who = sql<string>`conversation_facts.channel || '|' || coalesce(conversation_facts.team_id, '') || '|' || coalesce(conversation_facts.assignee_id, '')`;
const packed = sql<number>`((cast(conversation_facts.local_day as bigint) * 256 + conversation_facts.local_weekday * 24 + conversation_facts.local_hour) * 64 + (case when conversation_facts.transfers > 63 then 63 else conversation_facts.transfers end)) * 32 + ${flags}`;
const measures = [
  'conversation_facts.conversation_id',
  who.as('who'),
  packed.as('packed'),
  'first_response_ms',
  'first_response_business_ms',
  'resolution_ms',
  'handle_ms',
] as const;

const dayOf = (ms: number, timeZone: string) => Number(localClock(new Date(ms), timeZone).date.replaceAll('-', ''));

/**
 * The facts of a period in compact columns: the whole local days inside it from their pages (decision 0010), the
 * partial days at its edges from the facts themselves; filtered by channel, team or agent.
 */
async function readPeriod(t: Tenant, f: Filters, timeZone: string): Promise<FactColumns> {
  const first = dayOf(f.from, timeZone);
  const last = dayOf(f.to - 1, timeZone);
  const out = noFacts();
  const index = new Map<string, number>();
  // The edges: a day holds at most 25 hours, so two days either side bound the scan.
  const edge = (day: number, from: number, to: number) =>
    factsIn(t, { ...f, from, to })
      .where('conversation_facts.local_day', '=', day)
      .select(measures)
      .execute();
  const [head, tail] = await Promise.all([
    edge(first, f.from, Math.min(f.to, f.from + 2 * DAY)),
    last !== first ? edge(last, Math.max(f.from, f.to - 2 * DAY), f.to) : Promise.resolve([]),
  ]);
  appendRows(out, head, index);
  const inner: number[] = [];
  for (let d = epochDayOf(first) + 1; d < epochDayOf(last); d++) inner.push(yyyymmdd(d));
  const pages = await dayPages(t, inner, async (days) => {
    const rows = await t
      .selectFrom('conversation_facts')
      .where('conversation_facts.created_at', '>=', epochDayOf(days[0]!) * DAY - 2 * DAY)
      .where('conversation_facts.created_at', '<', (epochDayOf(days.at(-1)!) + 3) * DAY)
      .where('conversation_facts.local_day', 'in', days)
      .select([...measures, 'conversation_facts.local_day'])
      .execute();
    const byDay = new Map<number, FactColumns>();
    const indexes = new Map<number, Map<string, number>>();
    for (const r of rows) {
      const day = Number(r.local_day);
      let page = byDay.get(day);
      if (!page) {
        byDay.set(day, (page = noFacts()));
        indexes.set(day, new Map());
      }
      appendRows(page, [r], indexes.get(day));
    }
    return byDay;
  });
  const accepts = (who: string) => {
    const [channel, team, agent] = who.split('|');
    return (
      (!f.channel || channel === f.channel) && (!f.teamId || team === f.teamId) && (!f.agentId || agent === f.agentId)
    );
  };
  for (const page of pages) appendPage(out, page, index, accepts);
  appendRows(out, tail, index);
  return out;
}

const unpack = (n: number) => {
  const flag = n % 32;
  const rest = Math.floor(n / 32);
  const transfers = rest % 64;
  const time = Math.floor(rest / 64);
  return { flag, transfers, slot: time % 256, day: Math.floor(time / 256) };
};

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

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / MINUTE) * 10) / 10);
const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);
const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) / 100 : null);

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
const epochDayOf = (yyyymmdd: number) =>
  Date.UTC(Math.floor(yyyymmdd / 10_000), (Math.floor(yyyymmdd / 100) % 100) - 1, yyyymmdd % 100) / DAY;
const yyyymmdd = (epochDay: number) => Number(new Date(epochDay * DAY).toISOString().slice(0, 10).replaceAll('-', ''));

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter for the count and the page: Kysely types `where` per builder
function dimensionFilter<Q extends { where: (...args: any[]) => Q }>(q: Q, f: Filters): Q {
  let out = q;
  if (f.channel) out = out.where('conversation_facts.channel', '=', f.channel);
  if (f.teamId) out = out.where('conversation_facts.team_id', '=', f.teamId);
  if (f.agentId) out = out.where('conversation_facts.assignee_id', '=', f.agentId);
  return out;
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

/** Robust z-score: how many (scaled) median absolute deviations a value is from the median. */
const robustZ = (value: number, median: number, mad: number) => (mad > 0 ? (value - median) / (1.4826 * mad) : 0);
const OUTLIER_Z = 3.5;

/**
 * Conversations far from the usual of their own channel (an email is not slow next to a chat): per channel, the
 * median and MAD of the metric; the five furthest of each metric, with how many deviations away they are. Found in
 * the period's facts already read; only the few kept are looked up (a blocked contact is left out).
 */
async function conversationOutliers(
  t: Tenant,
  facts: FactColumns,
  byChannel: Map<string, Group>,
  users: Map<string, string>,
): Promise<Dashboard['outliers']['conversations']> {
  const metrics = [
    ['first_response', 'first_response', 2],
    ['resolution', 'resolution', 4],
    ['handle_time', 'handle', 5],
  ] as const;
  const channelOf = facts.who.map((w) => w.slice(0, w.indexOf('|')));
  const found = metrics.map(([metric, dist, field]) => {
    const usual = new Map<string, { median: number; mad: number; limit: number }>();
    for (const [channel, group] of byChannel) {
      const d = group.dist[dist];
      const median = d.quantile(0.5);
      const mad = d.mad();
      if (median !== null && mad && d.total >= 10)
        usual.set(channel, { median, mad, limit: Math.round(median + OUTLIER_Z * 1.4826 * mad) });
    }
    // The ten furthest (more than five, for contacts left out), furthest first.
    const far: { row: number; channel: string; value: number; deviations: number }[] = [];
    if (usual.size) {
      const data = facts.data;
      for (let k = 0, row = 0; k < data.length; k += FIELDS, row++) {
        const value = data[k + field]!;
        const channel = channelOf[data[k]!]!;
        const u = usual.get(channel);
        if (!u || value < 0 || value <= u.limit) continue;
        const deviations = robustZ(value, u.median, u.mad);
        if (far.length === 10 && deviations <= far[9]!.deviations) continue;
        far.push({ row, channel, value, deviations });
        far.sort((a, b) => b.deviations - a.deviations);
        if (far.length > 10) far.pop();
      }
    }
    return { metric, usual, far };
  });
  const ids = [...new Set(found.flatMap((m) => m.far.map((x) => facts.ids[x.row]!)))];
  if (!ids.length) return [];
  const rows = await t
    .selectFrom('conversation_facts')
    .innerJoin('contacts', (j) =>
      j.onRef('contacts.id', '=', 'conversation_facts.contact_id').on('contacts.privacy_blocked_at', 'is', null),
    )
    .select([
      'conversation_facts.conversation_id',
      'conversation_facts.assignee_id',
      'conversation_facts.created_at',
      'contacts.name',
    ])
    .where('conversation_facts.conversation_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.conversation_id, r]));
  return found.flatMap(({ metric, usual, far }) =>
    far
      .filter((x) => byId.has(facts.ids[x.row]!))
      .slice(0, 5)
      .map((x) => {
        const r = byId.get(facts.ids[x.row]!)!;
        const u = usual.get(x.channel)!;
        return {
          id: r.conversation_id,
          contactName: r.name,
          channel: x.channel as Channel,
          assignee: r.assignee_id ? (users.get(r.assignee_id) ?? null) : null,
          createdAt: iso(Number(r.created_at)),
          metric,
          minutes: minutes(x.value)!,
          usualMinutes: minutes(u.median)!,
          deviations: Math.round(x.deviations * 10) / 10,
        };
      }),
  );
}

function agentOutliers(
  byAgent: Map<string | null, Group>,
  users: Map<string, string>,
): Dashboard['outliers']['agents'] {
  const agents = [...byAgent].flatMap(([id, g]) => (id !== null && g.sums.n >= 5 ? [{ id, ...g }] : []));
  if (agents.length < 3) return [];
  const out: Dashboard['outliers']['agents'] = [];
  for (const [metric, histogram] of [
    ['first_response', 'first_response'],
    ['resolution', 'resolution'],
    ['handle_time', 'handle'],
  ] as const) {
    const values = agents
      .map((a) => ({ a, v: a.dist[histogram].quantile(0.5) }))
      .filter((x): x is { a: (typeof agents)[number]; v: number } => x.v !== null);
    if (values.length < 3) continue;
    const sorted = values.map((x) => x.v).sort((p, q) => p - q);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const deviations = sorted.map((v) => Math.abs(v - median)).sort((p, q) => p - q);
    const mad = deviations[Math.floor(deviations.length / 2)]!;
    for (const { a, v } of values) {
      const z = robustZ(v, median, mad);
      if (Math.abs(z) >= OUTLIER_Z)
        out.push({
          id: a.id,
          name: users.get(a.id) ?? a.id,
          metric,
          minutes: minutes(v)!,
          usualMinutes: minutes(median)!,
          deviations: Math.round(z * 10) / 10,
          conversations: a.sums.n,
        });
    }
  }
  return out;
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
