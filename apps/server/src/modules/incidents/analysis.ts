// Recurring-problem analysis: Pareto of categories and root causes (by count and by time spent), the weekly trend,
// this month against the last, the customer's attitude before and after, and groups of similar open incidents that
// may share one cause. Every figure is one grouped query over the reporting index; nothing is read row by row.
import type { IncidentAnalysis, RootCause } from '@atiende/contract';
import { rootCauseNames } from '@atiende/contract/i18n';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { GroupingSuggestion } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { localClock, offsetMinutes } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { fold } from '../../platform/search.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const ROOT_CAUSES: RootCause[] = ['service', 'product', 'customer_error', 'third_party', 'unknown'];

type Analysis = z.infer<typeof IncidentAnalysis>;

function pareto(rows: { key: string; label: string; count: number; minutes: number }[]) {
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  let running = 0;
  return rows
    .sort((a, b) => b.count - a.count || b.minutes - a.minutes || a.label.localeCompare(b.label))
    .map((r) => {
      running += r.count;
      return { ...r, cumulativeShare: total ? Math.round((running / total) * 1000) / 1000 : 0 };
    });
}

/** Local midnight of the first day of a month, as an instant, in the workspace's time zone. */
function monthStart(year: number, month: number, timeZone: string): number {
  const utc = Date.UTC(year, month - 1, 1);
  return utc - offsetMinutes(timeZone, utc) * 60_000;
}

export async function incidentAnalysis(
  ctx: AppContext,
  workspaceId: string,
  range: { from?: string; to?: string },
  language: 'es' | 'en',
): Promise<Analysis> {
  const t = tenant(ctx.db, workspaceId);
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  const to = range.to ? Date.parse(range.to) : Date.now();
  const from = range.from ? Date.parse(range.from) : to - 365 * DAY;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to)
    throw new AppError('validation_failed', [{ path: 'from', message: 'field.range' }]);

  const categoryName = new Map(
    (await t.selectFrom('incident_categories').select(['id', 'name']).execute()).map((c) => [c.id, c.name]),
  );
  const uncategorised = language === 'es' ? 'Sin categoría' : 'Uncategorised';
  const inRange = () => t.selectFrom('incidents').where('reported_at', '>=', from).where('reported_at', '<', to);
  // Each figure groups by the leading columns of its own index, so none of them sorts a year of incidents.
  const [cells, weekly] = await Promise.all([
    inRange()
      .select([
        'category_id',
        'root_cause',
        'status',
        'attitude_before',
        'attitude_after',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>('time_spent_minutes').as('minutes'),
      ])
      .groupBy(['category_id', 'root_cause', 'status', 'attitude_before', 'attitude_after'])
      .execute(),
    weeklyCounts(t, from, to, settings.timeZone),
  ]);
  const byCategory = new Map<string, { count: number; minutes: number }>();
  const byCause = new Map<string, { count: number; minutes: number }>();
  const attitude = { beforeSum: 0, beforeN: 0, afterSum: 0, afterN: 0, improved: 0, worsened: 0 };
  let resolvedCount = 0;
  for (const c of cells) {
    const n = Number(c.n);
    const minutes = Number(c.minutes ?? 0);
    for (const [map, key] of [
      [byCategory, c.category_id ?? 'none'],
      [byCause, c.root_cause],
    ] as const) {
      const entry = map.get(key) ?? { count: 0, minutes: 0 };
      entry.count += n;
      entry.minutes += minutes;
      map.set(key, entry);
    }
    if (c.status === 'resolved') resolvedCount += n;
    const [before, after] = [
      c.attitude_before === null ? null : Number(c.attitude_before),
      c.attitude_after === null ? null : Number(c.attitude_after),
    ];
    if (before !== null) {
      attitude.beforeSum += before * n;
      attitude.beforeN += n;
    }
    if (after !== null) {
      attitude.afterSum += after * n;
      attitude.afterN += n;
    }
    if (before !== null && after !== null && after > before) attitude.improved += n;
    if (before !== null && after !== null && after < before) attitude.worsened += n;
  }
  const average = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : null);
  const [resolution, thisMonthVsLast] = await Promise.all([
    medians(t, from, to, resolvedCount),
    monthComparison(t, to, settings.timeZone, categoryName, uncategorised),
  ]);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    total: cells.reduce((sum, c) => sum + Number(c.n), 0),
    byCategory: pareto(
      [...byCategory].map(([key, v]) => ({
        key,
        label: key === 'none' ? uncategorised : (categoryName.get(key) ?? uncategorised),
        ...v,
      })),
    ),
    byRootCause: pareto(
      [...byCause].map(([key, v]) => ({ key, label: rootCauseNames[language][key as RootCause] ?? key, ...v })),
    ),
    weekly,
    thisMonthVsLast,
    attitude: {
      rated: attitude.afterN,
      before: average(attitude.beforeSum, attitude.beforeN),
      after: average(attitude.afterSum, attitude.afterN),
      improved: attitude.improved,
      worsened: attitude.worsened,
    },
    resolution,
  };
}

/**
 * Weeks start on Monday in the workspace's time zone. The offset is the zone's at the end of the range: a
 * daylight-saving change moves at most an hour of one week into the next. 1970-01-01 was a Thursday: shifting by three
 * days puts week boundaries on Mondays.
 */
function weekShift(to: number, timeZone: string): number {
  return Math.round(offsetMinutes(timeZone, to) * 60_000 + 3 * DAY);
}

/**
 * Incidents per week and root cause: one count per (week, cause) pair, each read from the cause-and-time index (a
 * year is 53 × 5 small range counts in one statement). Every week of the range appears, quiet ones with zeros, so a
 * chart's axis is true to time.
 */
async function weeklyCounts(t: Tenant, from: number, to: number, timeZone: string): Promise<Analysis['weekly']> {
  const shift = weekShift(to, timeZone);
  const label = (w: number) => new Date(w * WEEK - 3 * DAY).toISOString().slice(0, 10);
  const weeks: number[] = [];
  for (let w = Math.floor((from + shift) / WEEK); w <= Math.floor((to - 1 + shift) / WEEK); w++) weeks.push(w);
  const starts = weeks.map((w) => Math.max(from, w * WEEK - shift));
  const ends = weeks.map((w) => Math.min(to, (w + 1) * WEEK - shift));
  // The week bounds are numbers we computed, written as literals: one statement, no parameter limit to mind.
  const bounds = sql.join(weeks.map((_, i) => sql`(${sql.lit(i)}, ${sql.lit(starts[i]!)}, ${sql.lit(ends[i]!)})`));
  const causes = sql.join(ROOT_CAUSES.map((c) => sql`(${sql.lit(c)})`));
  const rows = await sql<{ week: number; cause: string; n: number }>`
    select w.column1 as week, c.column1 as cause,
      (select count(*) from incidents
        where incidents.workspace_id = ${t.workspaceId} and incidents.root_cause = c.column1
          and incidents.reported_at >= w.column2 and incidents.reported_at < w.column3) as n
    from (values ${bounds}) as w cross join (values ${causes}) as c`.execute(t.db);
  const result = weeks.map((w) => ({
    week: label(w),
    count: 0,
    service: 0,
    product: 0,
    customer_error: 0,
    third_party: 0,
    unknown: 0,
  }));
  for (const r of rows.rows) {
    const entry = result[Number(r.week)];
    if (!entry) continue;
    entry[r.cause as RootCause] += Number(r.n);
    entry.count += Number(r.n);
  }
  return result;
}

async function monthComparison(
  t: Tenant,
  at: number,
  timeZone: string,
  categoryName: Map<string, string>,
  uncategorised: string,
): Promise<Analysis['thisMonthVsLast']> {
  const { date } = localClock(new Date(at), timeZone);
  const [year, month] = date.split('-').map(Number) as [number, number];
  const thisStart = monthStart(year, month, timeZone);
  const lastStart = month === 1 ? monthStart(year - 1, 12, timeZone) : monthStart(year, month - 1, timeZone);
  const nextStart = month === 12 ? monthStart(year + 1, 1, timeZone) : monthStart(year, month + 1, timeZone);
  const period = sql<string>`case when incidents.reported_at >= ${sql.lit(thisStart)} then 'this' else 'last' end`;
  const inMonths = t
    .selectFrom('incidents')
    .where('incidents.reported_at', '>=', lastStart)
    .where('incidents.reported_at', '<', nextStart);
  const [byProblem, byCategory] = await Promise.all([
    inMonths
      .innerJoin('problems', 'problems.id', 'incidents.problem_id')
      .select([
        'problems.id',
        'problems.number',
        'problems.title',
        period.as('period'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .groupBy(['problems.id', 'problems.number', 'problems.title', period])
      .execute(),
    inMonths
      .select(['incidents.category_id', period.as('period'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['incidents.category_id', period])
      .execute(),
  ]);
  const fold2 = (rows: { key: string; label: string; period: string; n: number }[]) => {
    const map = new Map<string, { key: string; label: string; thisMonth: number; lastMonth: number }>();
    for (const r of rows) {
      const entry = map.get(r.key) ?? { key: r.key, label: r.label, thisMonth: 0, lastMonth: 0 };
      if (r.period === 'this') entry.thisMonth += Number(r.n);
      else entry.lastMonth += Number(r.n);
      map.set(r.key, entry);
    }
    return [...map.values()].sort((a, b) => b.thisMonth - a.thisMonth || b.lastMonth - a.lastMonth).slice(0, 10);
  };
  return {
    month: date.slice(0, 7),
    problems: fold2(byProblem.map((r) => ({ key: r.id, label: `#${r.number} ${r.title}`, period: r.period, n: r.n }))),
    categories: fold2(
      byCategory.map((r) => ({
        key: r.category_id ?? 'none',
        label: r.category_id ? (categoryName.get(r.category_id) ?? uncategorised) : uncategorised,
        period: r.period,
        n: r.n,
      })),
    ),
  };
}

/**
 * Median resolution times: the middle row of each duration, read in order from its index (the count of resolved
 * incidents comes with the Pareto cells).
 */
async function medians(t: Tenant, from: number, to: number, resolved: number): Promise<Analysis['resolution']> {
  if (resolved === 0) return { resolved: 0, medianMinutes: null, medianBusinessMinutes: null };
  const middle = async (column: 'resolution_ms' | 'resolution_business_ms') => {
    const row = await t
      .selectFrom('incidents')
      .select(column)
      .where('status', '=', 'resolved')
      .where(column, 'is not', null)
      .where('reported_at', '>=', from)
      .where('reported_at', '<', to)
      .orderBy(column)
      .limit(1)
      .offset(Math.floor((resolved - 1) / 2))
      .executeTakeFirst();
    return row && row[column] !== null ? Math.round(Number(row[column]) / 60_000) : null;
  };
  const [medianMinutes, medianBusinessMinutes] = await Promise.all([
    middle('resolution_ms'),
    middle('resolution_business_ms'),
  ]);
  return { resolved, medianMinutes, medianBusinessMinutes };
}

// ---- Grouping similar open incidents -------------------------------------------------------------------------

const STOPWORDS = new Set(
  (
    'a al algo como con cual de del el ella ellos en es esta este esto ha han hay la las le les lo los mas me mi mis muy no nos o para pero por que se si sin sobre su sus te tu un una uno unos y ya yo ' +
    'cliente clienta usuario favor ayuda problema dice tiene puede hace cuando donde porque tambien ' +
    'the and for are but not you all any can had her was one our out has his how its may new now see two who did get him let put say she too use with from this that have they will your what when there been ' +
    'customer user please help issue problem says cannot does into'
  ).split(/\s+/),
);

/** Folded words of a summary, without stop words, with a light plural cut so "facturas" meets "factura". */
export function significantWords(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map((w) =>
      w.length > 4 && w.endsWith('es') && !w.endsWith('ies')
        ? w.slice(0, -2)
        : w.length > 3 && w.endsWith('s')
          ? w.slice(0, -1)
          : w,
    );
}

type Vector = Map<string, number>;

function vectors(texts: string[]): { vectors: Vector[]; idf: Map<string, number> } {
  const docs = texts.map((t) => significantWords(t));
  const df = new Map<string, number>();
  for (const words of docs) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log((1 + docs.length) / (1 + n)) + 1]));
  const result = docs.map((words) => {
    const v: Vector = new Map();
    for (const w of words) v.set(w, (v.get(w) ?? 0) + idf.get(w)!);
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
  return { vectors: result, idf };
}

function cosine(a: Vector, b: Vector): number {
  let sum = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [w, x] of small) sum += x * (large.get(w) ?? 0);
  return sum;
}

const THRESHOLD = 0.45;
const CONSIDERED = 2_000;

/**
 * Groups of open incidents not yet linked to a problem whose summaries say the same thing (TF-IDF cosine over the
 * significant words, linked when at least 0.45 alike). Each group says which words it shares, and names an open
 * problem whose incidents read the same, if there is one.
 */
export async function groupingSuggestions(
  ctx: AppContext,
  workspaceId: string,
): Promise<z.infer<typeof GroupingSuggestion>[]> {
  const t = tenant(ctx.db, workspaceId);
  const open = await t
    .selectFrom('incidents')
    .select(['id', 'number', 'summary'])
    .where('status', '=', 'open')
    .where('problem_id', 'is', null)
    .orderBy('reported_at', 'desc')
    .limit(CONSIDERED)
    .execute();
  if (open.length < 2) return [];
  const problems = await t
    .selectFrom('problems')
    .innerJoin('incidents', 'incidents.problem_id', 'problems.id')
    .select(['problems.id', 'problems.number', 'problems.title', 'incidents.summary'])
    .where('problems.status', '!=', 'solved')
    .orderBy('incidents.reported_at', 'desc')
    .limit(5_000)
    .execute();
  const problemTexts = new Map<string, { id: string; number: number; title: string; text: string }>();
  for (const p of problems) {
    const entry = problemTexts.get(p.id) ?? { id: p.id, number: p.number, title: p.title, text: p.title };
    entry.text += ` ${p.summary}`;
    problemTexts.set(p.id, entry);
  }
  const problemList = [...problemTexts.values()];
  const { vectors: all } = vectors([...open.map((o) => o.summary), ...problemList.map((p) => p.text)]);
  const incidentVectors = all.slice(0, open.length);
  const problemVectors = all.slice(open.length);

  // Only pairs that share a word can be alike: an inverted index keeps this far from n².
  const byWord = new Map<string, number[]>();
  incidentVectors.forEach((v, i) => {
    for (const w of v.keys()) byWord.set(w, [...(byWord.get(w) ?? []), i]);
  });
  const parent = open.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const pairScores = new Map<string, number>();
  for (let i = 0; i < open.length; i++) {
    const seen = new Set<number>();
    for (const w of incidentVectors[i]!.keys()) {
      const list = byWord.get(w)!;
      if (list.length > 200) continue; // a word in hundreds of summaries says nothing about a shared cause
      for (const j of list) {
        if (j <= i || seen.has(j)) continue;
        seen.add(j);
        const score = cosine(incidentVectors[i]!, incidentVectors[j]!);
        if (score >= THRESHOLD) {
          pairScores.set(`${i}:${j}`, score);
          parent[find(j)] = find(i);
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < open.length; i++) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }
  // Every linked pair sits inside one group: its average likeness is the group's.
  const likeness = new Map<number, { sum: number; pairs: number }>();
  for (const [key, score] of pairScores) {
    const root = find(Number(key.split(':')[0]));
    const entry = likeness.get(root) ?? { sum: 0, pairs: 0 };
    entry.sum += score;
    entry.pairs++;
    likeness.set(root, entry);
  }
  const suggestions: z.infer<typeof GroupingSuggestion>[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2) continue;
    const shown = members.slice(0, 50);
    const centroid: Vector = new Map();
    for (const m of shown)
      for (const [w, x] of incidentVectors[m]!) centroid.set(w, (centroid.get(w) ?? 0) + x / shown.length);
    const sharedWords = [...centroid.entries()]
      .filter(([w]) => shown.filter((m) => incidentVectors[m]!.has(w)).length * 2 >= shown.length)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([w]) => w);
    const { sum, pairs } = likeness.get(root) ?? { sum: 0, pairs: 0 };
    let best: { index: number; score: number } | null = null;
    problemVectors.forEach((pv, index) => {
      const score = cosine(centroid, pv);
      if (score >= THRESHOLD * 0.8 && (!best || score > best.score)) best = { index, score };
    });
    const match = best as { index: number; score: number } | null;
    suggestions.push({
      incidents: shown.map((m) => ({ id: open[m]!.id, number: open[m]!.number, summary: open[m]!.summary })),
      sharedWords,
      similarity: pairs ? Math.round((sum / pairs) * 100) / 100 : 0,
      problem: match
        ? {
            id: problemList[match.index]!.id,
            number: problemList[match.index]!.number,
            title: problemList[match.index]!.title,
          }
        : null,
    });
  }
  return suggestions
    .sort((a, b) => b.incidents.length - a.incidents.length || b.similarity - a.similarity)
    .slice(0, 20);
}
