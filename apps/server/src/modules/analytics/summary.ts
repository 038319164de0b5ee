// The weekly summary managers receive by email: the main standards of the last 7 days against their targets and the
// week before. Sent once a week per workspace (the first process to claim the week sends it).
import { standardWords, summaryWords } from '@atiende/contract/i18n';
import type { StandardKey } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { serviceDashboard } from './dashboard.js';

const DAY = 86_400_000;
const HEADLINE: StandardKey[] = [
  'first_response',
  'first_contact_resolution',
  'instant_service',
  'resolution',
  'reopen_rate',
  'csat',
  'nps',
  'ces',
  'backlog',
];

export async function sendWeeklySummary(ctx: AppContext, workspaceId: string, now = Date.now()): Promise<number> {
  const t = tenant(ctx.db, workspaceId);
  const managers = await t
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'users.language'])
    .where('memberships.role', 'in', ['owner', 'admin'])
    .execute();
  const company = (
    await ctx.db.selectFrom('workspaces').select('name').where('id', '=', workspaceId).executeTakeFirstOrThrow()
  ).name;
  const from = new Date(now - 7 * DAY).toISOString();
  const to = new Date(now).toISOString();
  const cache = new Map<string, Awaited<ReturnType<typeof serviceDashboard>>>();
  for (const m of managers) {
    const language = m.language === 'en' ? 'en' : 'es';
    const dashboard = cache.get(language) ?? (await serviceDashboard(ctx, workspaceId, { from, to }, language));
    cache.set(language, dashboard);
    const w = summaryWords[language];
    const lines = [w.intro(from.slice(0, 10), to.slice(0, 10)), '', `${w.conversations}: ${dashboard.conversations}`];
    for (const key of HEADLINE) {
      const s = dashboard.standards.find((x) => x.key === key)!;
      if (s.value === null) continue;
      const unit = s.unit === 'minutes' ? ' min' : s.unit === 'percent' ? ' %' : '';
      const verdict = s.met === null ? '' : ` (${s.met ? w.met : w.missed}: ${s.target}${unit})`;
      const before = s.previous === null ? '' : ` · ${w.previous}: ${s.previous}${unit}`;
      lines.push(`${standardWords[language][key][0]}: ${s.value}${unit}${verdict}${before}`);
    }
    lines.push('', `${w.open}: ${ctx.config.publicUrl}/standards`, '', w.footer);
    await ctx.jobs.enqueue('mail.send', { to: m.email, subject: w.subject(company), text: lines.join('\n') });
  }
  ctx.jobs.nudge();
  return managers.length;
}

/** Hourly: every workspace that wants it and had none in the last 7 days gets its summary; claiming the week first. */
export async function sendDueSummaries(ctx: AppContext, now = Date.now()): Promise<void> {
  const due = await ctx.db
    .selectFrom('analytics_state')
    .select(['workspace_id', 'last_summary_at'])
    .where('weekly_summary', '=', 1)
    .where((eb) => eb.or([eb('last_summary_at', 'is', null), eb('last_summary_at', '<=', now - 7 * DAY)]))
    .execute();
  for (const row of due) {
    let claim = ctx.db
      .updateTable('analytics_state')
      .set({ last_summary_at: now })
      .where('workspace_id', '=', row.workspace_id);
    claim =
      row.last_summary_at === null
        ? claim.where('last_summary_at', 'is', null)
        : claim.where('last_summary_at', '=', row.last_summary_at);
    const claimed = await claim.executeTakeFirst();
    if (Number(claimed.numUpdatedRows)) await sendWeeklySummary(ctx, row.workspace_id, now);
  }
}
