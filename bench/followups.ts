// Follow-up throughput on the durable queue: 20,000 due actions (four in five make a task for the owner, one in five
// hands a message to the delivery job) across 5,000 enrolled contacts, run by the worker in batches. Figure: due
// actions handled per second by one worker process.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { tenant } from '../apps/server/src/db/tenant.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { bulkInsertContacts } from '../apps/server/src/modules/contacts/bulk.js';
import { runDueFollowups } from '../apps/server/src/modules/followups/service.js';
import { ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { dialectsToRun } from './lib.js';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 20_000);

async function load(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  const owner = await ownerOf(test, { companyName: 'Bench Seguimientos', language: 'es' });
  const session = (await owner.get('/api/auth/session')).body;
  const t = tenant(test.ctx.db, session.workspace.id);
  const now = Date.now();
  const contacts = await t.transaction((tx) =>
    bulkInsertContacts(
      tx,
      Array.from({ length: 5_000 }, (_, i) => ({
        name: `Cliente ${i}`,
        emails: [`cliente${i}@bench.mx`],
        phones: [],
        status: 'active',
        createdAt: now,
      })),
    ),
  );
  const steps = [
    {
      id: newId(),
      delayDays: 0,
      action: 'task',
      title: 'Llamar para dar la bienvenida',
      body: '',
      taskKind: 'call',
      channel: 'preferred',
      surveyId: null,
      whatsappTemplateId: null,
    },
    {
      id: newId(),
      delayDays: 0,
      action: 'task',
      title: 'Revisar primera factura',
      body: '',
      taskKind: 'task',
      channel: 'preferred',
      surveyId: null,
      whatsappTemplateId: null,
    },
    {
      id: newId(),
      delayDays: 0,
      action: 'task',
      title: 'Agendar capacitación',
      body: '',
      taskKind: 'meeting',
      channel: 'preferred',
      surveyId: null,
      whatsappTemplateId: null,
    },
    {
      id: newId(),
      delayDays: 0,
      action: 'task',
      title: 'Confirmar datos fiscales',
      body: '',
      taskKind: 'task',
      channel: 'preferred',
      surveyId: null,
      whatsappTemplateId: null,
    },
    {
      id: newId(),
      delayDays: 0,
      action: 'message',
      title: 'Bienvenida',
      body: 'Hola {{name}}, bienvenido a {{company}}.',
      taskKind: 'task',
      channel: 'email',
      surveyId: null,
      whatsappTemplateId: null,
    },
  ];
  const sequenceId = newId();
  await t
    .insertInto('sequences', {
      id: sequenceId,
      name: 'Bienvenida',
      trigger: 'deal_won',
      enabled: 1,
      steps: JSON.stringify(steps),
      created_at: now,
      updated_at: now,
    })
    .execute();
  const perEnrollment = steps.length;
  for (let start = 0; start < ACTIONS / perEnrollment; start += 500) {
    const enrollments = Array.from({ length: Math.min(500, ACTIONS / perEnrollment - start) }, (_, i) => ({
      id: newId(),
      sequence_id: sequenceId,
      contact_id: contacts[(start + i) % contacts.length]!,
      source_type: 'deal',
      source_id: newId(),
      owner_id: session.user.id as string,
      status: 'active',
      started_at: now - 1_000,
      ended_at: null,
    }));
    await t.transaction(async (tx) => {
      await tx.insertInto('sequence_enrollments', enrollments).execute();
      const actions = enrollments.flatMap((e) =>
        steps.map((s, position) => ({
          id: newId(),
          enrollment_id: e.id,
          step_id: s.id,
          position,
          due_at: now - 1_000 + position,
          status: 'pending',
          locked_at: null,
          done_at: null,
          result: null,
        })),
      );
      for (let i = 0; i < actions.length; i += 500)
        await tx.insertInto('followup_actions', actions.slice(i, i + 500)).execute();
    });
  }
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
  else await sql`analyze`.execute(test.database.db);
  return test;
}

export async function followups(dialect: 'sqlite' | 'postgres') {
  const test = await load(dialect);
  try {
    const started = performance.now();
    const handled = await runDueFollowups(test.ctx, { batch: 500 });
    const seconds = (performance.now() - started) / 1000;
    const tasks = await test.ctx.db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const jobs = await test.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'followup.deliver')
      .executeTakeFirstOrThrow();
    const row: Record<string, unknown> = {
      dialect,
      actions: handled,
      seconds: +seconds.toFixed(2),
      actionsPerSecond: Math.round(handled / seconds),
      tasksMade: Number(tasks.n),
      deliveriesQueued: Number(jobs.n),
    };
    return row;
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await followups(d)));
}
