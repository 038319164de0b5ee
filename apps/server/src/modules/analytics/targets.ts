// Targets of the service standards, per workspace and channel. Until someone sets them, the seed's own guidance
// applies: web chat answered within about two minutes, email within 24 hours, the phone at once.
import type { ServiceTarget, TargetStandard } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';

export const defaultTargets: ServiceTarget[] = [
  { standard: 'first_response', channel: '', target: 60 },
  { standard: 'first_response', channel: 'webchat', target: 2 },
  { standard: 'first_response', channel: 'whatsapp', target: 15 },
  { standard: 'first_response', channel: 'email', target: 1440 },
  { standard: 'first_response', channel: 'phone', target: 1 },
  { standard: 'resolution', channel: '', target: 1440 },
  { standard: 'first_contact_resolution', channel: '', target: 70 },
  { standard: 'instant_service', channel: '', target: 80 },
  { standard: 'reopen_rate', channel: '', target: 10 },
  { standard: 'successful_customer', channel: '', target: 85 },
  { standard: 'complaints_per_1000', channel: '', target: 50 },
  { standard: 'transfers_per_conversation', channel: '', target: 0.3 },
  { standard: 'abandoned_rate', channel: '', target: 5 },
  { standard: 'ces', channel: '', target: 5 },
  { standard: 'handle_time', channel: '', target: 20 },
  { standard: 'csat', channel: '', target: 85 },
  { standard: 'nps', channel: '', target: 30 },
];

export async function listTargets(ctx: AppContext, workspaceId: string): Promise<ServiceTarget[]> {
  const own = await tenant(ctx.db, workspaceId)
    .selectFrom('service_targets')
    .select(['standard', 'channel', 'target'])
    .execute();
  const key = (t: { standard: string; channel: string }) => `${t.standard}|${t.channel}`;
  const merged = new Map(defaultTargets.map((t) => [key(t), t]));
  for (const t of own)
    merged.set(key(t), {
      standard: t.standard as TargetStandard,
      channel: t.channel as ServiceTarget['channel'],
      target: Number(t.target),
    });
  return [...merged.values()];
}

/** Replaces the workspace's targets with these (the defaults fill what is left out). */
export async function saveTargets(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  targets: ServiceTarget[],
): Promise<ServiceTarget[]> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t.deleteFrom('service_targets').execute();
    const unique = new Map(targets.map((x) => [`${x.standard}|${x.channel}`, x]));
    if (unique.size)
      await t
        .insertInto(
          'service_targets',
          [...unique.values()].map((x) => ({ standard: x.standard, channel: x.channel, target: x.target })),
        )
        .execute();
    await audit(t, actor, 'service_targets.updated', { type: 'workspace', id: workspaceId }, { count: unique.size });
  });
  return listTargets(ctx, workspaceId);
}

export function targetLookup(targets: ServiceTarget[]) {
  const map = new Map(targets.map((t) => [`${t.standard}|${t.channel}`, t.target]));
  return (standard: TargetStandard, channel = ''): number | null =>
    map.get(`${standard}|${channel}`) ?? map.get(`${standard}|`) ?? null;
}
