// The facts of each local day kept as one compact page (decision 0010), so a month of standards is read as thirty
// rows. Whatever changes a day's facts (a fact computed again, a return within 7 days marked on an earlier
// conversation, a survey answer, a conversation deleted) raises the day's version in the same transaction; a page
// built from an older version is built again when next read. The page is only ever a copy: the facts decide.
import type { Tenant } from '../../db/tenant.js';
import { newId } from '../../platform/ids.js';

/**
 * The facts of a stretch of time in one compact form: `who[i]` is "channel|team|agent"; each row is six numbers of
 * `data` (the index into `who`, the packed day/slot/transfers/flags, first response, first response in business
 * hours, resolution and handle time in ms; -1 for none) and its conversation in `ids`.
 */
export interface FactColumns {
  who: string[];
  data: number[];
  ids: string[];
}
export const noFacts = (): FactColumns => ({ who: [], data: [], ids: [] });
export const FIELDS = 6;

interface Source {
  conversation_id: string;
  who: string;
  packed: number | string;
  first_response_ms: number | string | null;
  first_response_business_ms: number | string | null;
  resolution_ms: number | string | null;
  handle_ms: number | string;
}

const num = (v: number | string | null) => (v === null ? -1 : Number(v));

/** Rows of the database into the compact form, appended to `into`. */
export function appendRows(
  into: FactColumns,
  rows: Source[],
  index = new Map(into.who.map((w, i) => [w, i])),
): FactColumns {
  for (const r of rows) {
    let i = index.get(r.who);
    if (i === undefined) {
      i = into.who.length;
      into.who.push(r.who);
      index.set(r.who, i);
    }
    into.data.push(
      i,
      Number(r.packed),
      num(r.first_response_ms),
      num(r.first_response_business_ms),
      num(r.resolution_ms),
      Number(r.handle_ms),
    );
    into.ids.push(r.conversation_id);
  }
  return into;
}

/** A stored page appended to `into` (its own `who` indexes mapped to the combined ones), the accepted `who` only. */
export function appendPage(
  into: FactColumns,
  page: FactColumns,
  index: Map<string, number>,
  accepts: (who: string) => boolean,
): void {
  const map = page.who.map((w) => {
    if (!accepts(w)) return -1;
    let i = index.get(w);
    if (i === undefined) {
      i = into.who.length;
      into.who.push(w);
      index.set(w, i);
    }
    return i;
  });
  const d = page.data;
  for (let k = 0, row = 0; k < d.length; k += FIELDS, row++) {
    const who = map[d[k]!]!;
    if (who < 0) continue;
    into.data.push(who, d[k + 1]!, d[k + 2]!, d[k + 3]!, d[k + 4]!, d[k + 5]!);
    into.ids.push(page.ids[row]!);
  }
}

/**
 * Pages already read, per process: a page is used again while the database still names it, by its version and by
 * the token of the build that wrote it (a restore or another process's build writes a new token). Bounded; the least
 * recently used go first.
 */
const MAX_CACHED_PAGES = 800;
const cache = new Map<string, { token: string; page: FactColumns }>();
function remember(key: string, token: string, page: FactColumns): void {
  cache.delete(key);
  cache.set(key, { token, page });
  if (cache.size > MAX_CACHED_PAGES) cache.delete(cache.keys().next().value!);
}

/**
 * The pages of the local days in `days` (YYYYMMDD), built from `readDays` where missing or out of date. Returns them
 * in day order.
 */
export async function dayPages(
  t: Tenant,
  days: number[],
  readDays: (days: number[]) => Promise<Map<number, FactColumns>>,
): Promise<FactColumns[]> {
  if (!days.length) return [];
  const first = days[0]!;
  const last = days.at(-1)!;
  const stored = await t
    .selectFrom('conversation_fact_days')
    .select(['local_day', 'version', 'built_version', 'built_token'])
    .where('local_day', '>=', first)
    .where('local_day', '<=', last)
    .execute();
  const byDay = new Map(stored.map((s) => [Number(s.local_day), s]));
  const pages = new Map<number, FactColumns>();
  const stale: number[] = [];
  const unread: number[] = [];
  for (const day of days) {
    const s = byDay.get(day);
    if (!s || s.built_version === null || s.built_token === null || Number(s.built_version) !== Number(s.version)) {
      stale.push(day);
      continue;
    }
    const cached = cache.get(`${t.workspaceId}:${day}`);
    if (cached?.token === s.built_token) {
      remember(`${t.workspaceId}:${day}`, cached.token, cached.page);
      pages.set(day, cached.page);
    } else unread.push(day);
  }
  if (unread.length) {
    const rows = await t
      .selectFrom('conversation_fact_days')
      .select(['local_day', 'built_token', 'page'])
      .where('local_day', 'in', unread)
      .execute();
    for (const r of rows) {
      const page = JSON.parse(r.page ?? 'null') as FactColumns | null;
      if (!page || !r.built_token) continue;
      pages.set(Number(r.local_day), page);
      remember(`${t.workspaceId}:${r.local_day}`, r.built_token, page);
    }
    // A page built again between the two reads: built once more below.
    for (const day of unread) if (!pages.has(day)) stale.push(day);
  }
  if (stale.length) {
    // The versions are read before the facts: a change committed after this read raises the version past the one
    // recorded, and the page is built again next time.
    const built = await readDays(stale);
    for (const day of stale) {
      const page = built.get(day) ?? noFacts();
      pages.set(day, page);
      const version = Number(byDay.get(day)?.version ?? 0);
      const text = JSON.stringify(page);
      const token = newId();
      await t
        .insertInto('conversation_fact_days', {
          local_day: day,
          version,
          built_version: version,
          built_token: token,
          page: text,
        })
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'local_day'])
            .doUpdateSet({ built_version: version, built_token: token, page: text }),
        )
        .execute();
      remember(`${t.workspaceId}:${day}`, token, page);
    }
  }
  return days.map((d) => pages.get(d)!);
}
