// After-sales at scale: 10,000 active customers with a subscription each (a year and a half of renewals and 2,000 who
// did not renew), 40,000 conversations, 20,000 survey answers, 3,000 open incidents and daily usage readings of 5,000
// customers over 120 days. Figures: the customer-health overview (every customer scored) and one customer's health,
// the churn and retention report, the renewals-due list, a renewal, and a customer message stored with an automation
// rule listening (against none).
import { performance } from 'node:perf_hooks';
import { tenant } from '../apps/server/src/db/tenant.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { bulkInsertContacts } from '../apps/server/src/modules/contacts/bulk.js';
import { addInterval } from '../apps/server/src/modules/subscriptions/service.js';
import { ownerOf, startTestApp, visitorOf } from '../apps/server/src/testing/harness.js';
import { seeded } from './generate.js';
import { ok, timeRuns, dialectsToRun } from './lib.js';
import { analyze } from './sales.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DAY = 86_400_000;

export async function afterSales(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test, {
      companyName: 'Bench Renovaciones',
      language: 'es',
      timeZone: 'America/Mexico_City',
    });
    const session = (await owner.get('/api/auth/session')).body;
    const workspaceId = session.workspace.id as string;
    const me = session.user.id as string;
    const t = tenant(test.ctx.db, workspaceId);
    const rand = seeded(11);
    const now = Date.now();
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const started = performance.now();
    const contacts = await t.transaction((tx) =>
      bulkInsertContacts(
        tx,
        Array.from({ length: CUSTOMERS }, (_, i) => ({
          name: `Cliente ${i}`,
          emails: [`cliente${i}@bench.mx`],
          phones: [],
          status: 'active',
          createdAt: now - Math.floor(rand() * 700) * DAY,
        })),
      ),
    );
    await t
      .updateTable('contacts')
      .set({ owner_id: me })
      .where('id', 'in', contacts.slice(0, Math.floor(CUSTOMERS / 10)))
      .execute();
    // Subscriptions with their renewals; one in five ended at a renewal date.
    const subs = [];
    const events = [];
    for (const contactId of contacts) {
      const interval = rand() < 0.7 ? ('yearly' as const) : ('monthly' as const);
      const startedOn = day(now - Math.floor((20 + rand() * 540) * DAY));
      let renewsOn = addInterval(startedOn, interval);
      const id = newId();
      const ends = rand() < 0.2;
      let endedOn: string | null = null;
      while (renewsOn < day(now)) {
        if (ends && rand() < 0.5) {
          endedOn = renewsOn;
          break;
        }
        const next = addInterval(renewsOn, interval);
        events.push({
          id: newId(),
          subscription_id: id,
          kind: 'renewed',
          period_end: renewsOn,
          renews_on: next,
          price_cents: null,
          plan: null,
          reason: null,
          by_user_id: null,
          created_at: Date.parse(renewsOn),
        });
        renewsOn = next;
      }
      subs.push({
        id,
        contact_id: contactId,
        company_id: null,
        owner_id: me,
        deal_id: null,
        plan: interval === 'yearly' ? 'Plan Pyme anual' : 'Plan mensual',
        price_cents: interval === 'yearly' ? 480_000 : 45_000,
        currency: 'MXN',
        interval,
        started_on: startedOn,
        renews_on: renewsOn,
        remind_days_before: 30,
        status: endedOn ? 'ended' : 'active',
        ended_on: endedOn,
        end_reason: endedOn ? (rand() < 0.5 ? 'Precio' : 'Cerró el negocio') : null,
        reminder_task_id: null,
        notes: '',
        version: 0,
        created_at: now,
        updated_at: now,
      });
    }
    for (let i = 0; i < subs.length; i += 500) await t.insertInto('subscriptions', subs.slice(i, i + 500)).execute();
    for (let i = 0; i < events.length; i += 500)
      await t.insertInto('subscription_events', events.slice(i, i + 500)).execute();
    // Conversations, survey answers and open incidents the health score reads.
    const inbox = await t.selectFrom('inboxes').select('id').where('channel', '=', 'webchat').executeTakeFirstOrThrow();
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    for (let i = 0; i < 40_000; i += 1_000) {
      await t
        .insertInto(
          'conversations',
          Array.from({ length: 1_000 }, () => {
            const at = now - Math.floor(rand() * 365 * DAY);
            return {
              id: newId(),
              inbox_id: inbox.id,
              contact_id: pick(contacts),
              channel: 'webchat',
              visitor_id: null,
              status: 'resolved',
              assignee_id: me,
              last_message_at: at,
              last_message_preview: 'Gracias',
              waiting_since: null,
              first_response_at: at,
              resolved_at: at,
              created_at: at,
              updated_at: at,
            };
          }),
        )
        .execute();
    }
    const survey = (await ok(owner, 'POST', '/api/surveys/from-template', { template: 'nps_active' })).body;
    for (let i = 0; i < 20_000; i += 1_000) {
      await t
        .insertInto(
          'survey_responses',
          Array.from({ length: 1_000 }, () => {
            const nps = Math.floor(rand() * 11);
            return {
              id: newId(),
              survey_id: survey.id,
              version: 1,
              invitation_id: null,
              contact_id: pick(contacts),
              conversation_id: null,
              channel: 'email',
              agent_id: null,
              team_id: null,
              language: 'es',
              csat: null,
              nps,
              ces: null,
              detractor: nps <= 6 ? 1 : 0,
              submitted_at: now - Math.floor(rand() * 300 * DAY),
            };
          }),
        )
        .execute();
    }
    for (let i = 0; i < 3_000; i += 500) {
      await t
        .insertInto(
          'incidents',
          Array.from({ length: 500 }, (_, k) => {
            const at = now - Math.floor(rand() * 40 * DAY);
            return {
              id: newId(),
              number: i + k + 1,
              contact_id: pick(contacts),
              company_id: null,
              conversation_id: null,
              reported_at: at,
              channel: 'phone',
              customer_words: '',
              summary: 'No timbra',
              area: '',
              category_id: null,
              severity: 'medium',
              root_cause: 'unknown',
              root_cause_notes: '',
              attitude_before: null,
              attitude_before_notes: '',
              attitude_after: null,
              attitude_after_notes: '',
              assignee_id: null,
              steps: '[]',
              article_id: null,
              problem_id: null,
              status: 'open',
              resolved_at: null,
              resolution_ms: null,
              resolution_business_ms: null,
              time_spent_minutes: 0,
              search_text: 'no timbra',
              created_by: null,
              created_at: at,
              updated_at: at,
            };
          }),
        )
        .execute();
    }
    const readings = [];
    for (const contactId of contacts.slice(0, Math.floor(CUSTOMERS / 2))) {
      const level = 1 + Math.floor(rand() * 30);
      const fading = rand() < 0.1;
      for (let back = 1; back <= 120; back++)
        readings.push({
          contact_id: contactId,
          day: day(now - back * DAY),
          quantity: fading && back <= 30 ? 0 : level,
          updated_at: now,
        });
    }
    for (let i = 0; i < readings.length; i += 1_000)
      await t.insertInto('usage_readings', readings.slice(i, i + 1_000)).execute();
    const generateS = +((performance.now() - started) / 1000).toFixed(1);
    await analyze(test, dialect);

    await ok(owner, 'GET', '/api/customer-health');
    const overview = (await ok(owner, 'GET', '/api/customer-health')).body;
    const healthMs = await timeRuns(RUNS, () => ok(owner, 'GET', '/api/customer-health'));
    const mineMs = await timeRuns(RUNS, () => ok(owner, 'GET', '/api/customer-health?ownerId=me'));
    const oneMs = await timeRuns(RUNS, (i) => ok(owner, 'GET', `/api/contacts/${contacts[i * 37]}/health`));
    const reportMs = await timeRuns(RUNS, () => ok(owner, 'GET', '/api/subscriptions/report?months=12'));
    const dueMs = await timeRuns(RUNS, () => ok(owner, 'GET', '/api/subscriptions?renewingWithinDays=30'));
    const due = (await ok(owner, 'GET', '/api/subscriptions?renewingWithinDays=30&limit=500')).body as {
      id: string;
      version: number;
    }[];
    const renewMs = await timeRuns(Math.min(RUNS, due.length), (i) =>
      ok(owner, 'POST', `/api/subscriptions/${due[i]!.id}/renew`, { version: due[i]!.version }),
    );
    // A visitor's message stored, with no rule and then with a rule listening to it.
    const visitor = await visitorOf(test, owner, 'Rosa Bench');
    const postMs = await timeRuns(RUNS, (i) => visitor.send(`Hola ${i}`));
    await ok(owner, 'POST', '/api/automation-rules', {
      name: 'Facturas',
      event: 'message.received',
      conditions: [{ field: 'message.text', operator: 'contains', value: 'factura' }],
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    const postRuleMs = await timeRuns(RUNS, (i) => visitor.send(`Mi factura ${i}`));
    const ruleStarted = performance.now();
    await test.ctx.jobs.drain();
    const rulesRunMs = +((performance.now() - ruleStarted) / RUNS).toFixed(1);
    return {
      dialect,
      customers: CUSTOMERS,
      subscriptions: subs.length,
      renewals: events.length,
      usageReadings: readings.length,
      generateS,
      counts: overview.counts,
      healthOverviewMs: healthMs,
      healthMineMs: mineMs,
      healthOneMs: oneMs,
      retentionReportMs: reportMs,
      renewalsDueListMs: dueMs,
      renewMs,
      widgetPostMs: postMs,
      widgetPostWithRuleMs: postRuleMs,
      ruleRunEachMs: rulesRunMs,
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await afterSales(d)));
}
