// The demo's after-sales: each customer's e-invoicing plan with its renewals over the last year and a half (the ones
// who left did not renew, with their reason), the invoices they stamp each day as usage readings (a few stamping less
// and less), and two automation rules. Made through the services, so reminders, history and health are real.
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { createRule } from '../automation/index.js';
import { recordUsage } from '../health/index.js';
import { addInterval, createSubscription, endSubscription, renewSubscription } from '../subscriptions/index.js';
import { leftReasons } from './data.js';

const DAY = 86_400_000;
const system = { type: 'system' as const, id: null };
const offers = [
  { plan: 'Plan Básico anual', price: 2_400, interval: 'yearly' as const },
  { plan: 'Plan Pyme anual', price: 4_800, interval: 'yearly' as const },
  { plan: 'Plan Empresarial anual', price: 18_500, interval: 'yearly' as const },
  { plan: 'Plan Pyme mensual', price: 450, interval: 'monthly' as const },
];

export async function seedAfterSales(
  ctx: AppContext,
  workspaceId: string,
  agentIds: string[],
  rand: () => number,
  now = Date.now(),
): Promise<void> {
  const t = tenant(ctx.db, workspaceId);
  const today = new Date(now).toISOString().slice(0, 10);
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const customers = await t
    .selectFrom('contacts')
    .select(['id', 'status', 'owner_id'])
    .where('status', 'in', ['active', 'former'])
    .orderBy('created_at')
    .execute();
  const usersOf: string[] = [];
  for (const [i, c] of customers.entries()) {
    const offer = offers[Math.floor(rand() * offers.length)]!;
    const leaves = c.status === 'former';
    // Yearly plans started between 1 and 20 months ago, monthly ones in the last half year; those who left had at
    // least one renewal date pass.
    const interval = offer.interval === 'yearly' ? 365 : 30;
    const startedOn = dayOf(
      now -
        Math.floor(
          (leaves
            ? interval + 10 + rand() * (offer.interval === 'yearly' ? 220 : 120)
            : 30 + rand() * (offer.interval === 'yearly' ? 570 : 150)) * DAY,
        ),
    );
    const ownerId = c.owner_id ?? agentIds[i % agentIds.length]!;
    let s = await createSubscription(ctx, workspaceId, system, {
      contactId: c.id,
      plan: offer.plan,
      price: offer.price,
      currency: 'MXN',
      interval: offer.interval,
      startedOn,
      remindDaysBefore: offer.interval === 'yearly' ? 30 : 5,
      ownerId,
      notes: '',
    });
    // Renewals passed: all but the last one for those who left; every one for the others, except a few now overdue.
    const overdue = !leaves && rand() < 0.06;
    while (s.renewsOn < today) {
      const next = addInterval(s.renewsOn, offer.interval);
      if (leaves && (next >= today || rand() < 0.25)) break;
      if (overdue && next >= today) break;
      s = await renewSubscription(ctx, workspaceId, system, s.id, { version: s.version });
    }
    if (leaves) {
      await endSubscription(ctx, workspaceId, system, s.id, {
        version: s.version,
        reason: leftReasons[Math.floor(rand() * leftReasons.length)]!,
        endedOn: s.renewsOn < today ? s.renewsOn : today,
        markContactFormer: true,
      });
    } else usersOf.push(c.id);
  }
  // Invoices stamped per day in the last 120 days; one customer in eight stamps less and less this month.
  const readings: { contactId: string; day: string; quantity: number }[] = [];
  for (const contactId of usersOf) {
    const level = 2 + Math.floor(rand() * 25);
    const fading = rand() < 0.125;
    for (let back = 120; back >= 1; back--) {
      const weekday = new Date(now - back * DAY).getUTCDay();
      if (weekday === 0) continue;
      const factor = fading && back <= 30 ? 0.15 : 1;
      readings.push({
        contactId,
        day: dayOf(now - back * DAY),
        quantity: Math.max(0, Math.round(level * factor * (0.5 + rand()))),
      });
    }
  }
  for (let i = 0; i < readings.length; i += 1_000)
    await recordUsage(ctx, workspaceId, system, readings.slice(i, i + 1_000));
  await createRule(ctx, workspaceId, system, {
    name: 'Urgencias fuera de horario',
    event: 'message.received',
    enabled: true,
    conditions: [
      { field: 'time.businessHours', operator: 'is', value: false },
      { field: 'message.text', operator: 'contains', value: 'urgente' },
    ],
    actions: [
      { type: 'set_priority', priority: 'urgent' },
      {
        type: 'send_message',
        body: 'Hola {{name}}, recibimos tu mensaje urgente fuera de horario. Un agente de {{company}} te contactará a primera hora.',
        whatsappTemplateId: null,
      },
      {
        type: 'notify',
        userIds: [agentIds[0]!],
        owner: true,
        assignee: false,
        text: 'Mensaje urgente fuera de horario',
      },
    ],
  });
  await createRule(ctx, workspaceId, system, {
    name: 'No renovó por precio: ofrecer plan anual',
    event: 'subscription.ended',
    enabled: true,
    conditions: [{ field: 'subscription.reason', operator: 'contains', value: 'precio' }],
    actions: [
      {
        type: 'create_task',
        title: 'Llamar para ofrecer el plan anual con descuento',
        body: '',
        taskKind: 'call',
        dueInDays: 2,
        assignTo: 'owner',
      },
    ],
  });
}
