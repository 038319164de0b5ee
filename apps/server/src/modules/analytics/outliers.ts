// The outliers of the service standards: conversations far from the usual of their own channel, and agents far from
// their team's usual, by robust z-scores (median and MAD), found in the facts the dashboard already read.
import type { Channel, Dashboard } from '@atiende/contract';
import { type Tenant } from '../../db/tenant.js';
import { iso } from '../../platform/time.js';
import { FIELDS, type FactColumns } from './fact-days.js';
import { type Group, minutes } from './figures.js';

/** Robust z-score: how many (scaled) median absolute deviations a value is from the median. */
const robustZ = (value: number, median: number, mad: number) => (mad > 0 ? (value - median) / (1.4826 * mad) : 0);

const OUTLIER_Z = 3.5;

/**
 * Conversations far from the usual of their own channel (an email is not slow next to a chat): per channel, the
 * median and MAD of the metric; the five furthest of each metric, with how many deviations away they are. Found in
 * the period's facts already read; only the few kept are looked up (a blocked contact is left out).
 */
export async function conversationOutliers(
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

export function agentOutliers(
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
