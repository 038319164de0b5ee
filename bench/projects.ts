// Projects at scale: the 50,000-deal pipeline of bench/sales.ts plus 10,000 projects (won deals being delivered) with
// five tasks, a dozen spans of time, eight timeline events, a document in two versions and a customer participant
// each. Figures: the customer's portal project page and overview, the console's project page and list, and a
// timer's start → pause → resume → stop.
import { performance } from 'node:perf_hooks';
import { hashToken, newId, randomToken } from '../apps/server/src/platform/ids.js';
import { type Client } from '../apps/server/src/testing/harness.js';
import { analyze, pipelineAtScale } from './sales.js';
import { timeRuns, dialectsToRun } from './lib.js';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAY = 86_400_000;

async function ok(client: Client, url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) {
  const reply = method === 'GET' ? await client.get(url) : await client.post(url, body ?? {});
  if (reply.status >= 300) throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply;
}

export async function projects(dialect: 'sqlite' | 'postgres') {
  const { test, owner, t, people, contacts, rand, generateS: dealsS } = await pipelineAtScale(dialect);
  try {
    const started = performance.now();
    const now = Date.now();
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    const won = (
      await t
        .selectFrom('deals')
        .select(['id', 'contact_id', 'company_id', 'title', 'value_cents'])
        .where('status', '=', 'won')
        .limit(PROJECTS)
        .execute()
    ).map((d) => d);
    const statuses = ['quoted', 'in_progress', 'in_progress', 'delivered', 'invoiced'];
    const customerOf: { projectId: string; contactId: string }[] = [];
    for (let start = 0; start < PROJECTS; start += 500) {
      const batch = Array.from({ length: Math.min(500, PROJECTS - start) }, (_, i) => start + i);
      const projectRows = [];
      const taskRows = [];
      const timeRows = [];
      const eventRows = [];
      const fileRows = [];
      const versionRows = [];
      const participantRows = [];
      for (const n of batch) {
        const deal = won[n % won.length]!;
        const id = newId();
        // Everything in the past: spans run up to 20 days after a project opens.
        const created = now - (25 + Math.floor(rand() * 340)) * DAY;
        const status = pick(statuses);
        const contactId = deal.contact_id ?? pick(contacts);
        customerOf.push({ projectId: id, contactId });
        projectRows.push({
          id,
          number: n + 1,
          kind: n % 3 ? 'project' : 'work_order',
          title: `Entrega ${n} ${deal.title}`,
          status,
          contact_id: contactId,
          company_id: deal.company_id,
          deal_id: deal.id,
          owner_id: pick(people),
          requirements: 'Requiere factura; solo en horario laboral.',
          description: '',
          value_cents: Number(deal.value_cents),
          currency: 'MXN',
          start_date: new Date(created).toISOString().slice(0, 10),
          due_date: null,
          version: 0,
          delivered_at: status === 'delivered' || status === 'invoiced' ? created + 30 * DAY : null,
          invoiced_at: status === 'invoiced' ? created + 35 * DAY : null,
          created_at: created,
          updated_at: created + 10 * DAY,
        });
        participantRows.push({
          id: newId(),
          project_id: id,
          user_id: null,
          contact_id: contactId,
          role: 'participant',
          created_at: created,
        });
        for (let k = 0; k < 5; k++) {
          const taskId = newId();
          const due = new Date(created + (k + 1) * 4 * DAY).toISOString().slice(0, 10);
          taskRows.push({
            id: taskId,
            project_id: id,
            title: `Tarea ${k + 1}`,
            assignee_id: pick(people),
            status: k < 3 ? 'done' : 'todo',
            estimate_minutes: 120 + k * 60,
            start_date: new Date(created + k * 4 * DAY).toISOString().slice(0, 10),
            working_days: 3,
            due_date: due,
            position: k + 1,
            done_at: k < 3 ? created + (k + 1) * 4 * DAY : null,
            created_at: created,
          });
          for (let s = 0; s < (k < 3 ? 4 : 0); s++) {
            const at = created + k * 4 * DAY + s * 3_600_000;
            timeRows.push({
              id: newId(),
              project_id: id,
              task_id: taskId,
              user_id: pick(people),
              started_at: at,
              ended_at: at + (20 + Math.floor(rand() * 60)) * 60_000,
              end_kind: s % 3 === 1 ? 'pause' : 'stop',
              pause_reason: s % 3 === 1 ? 'setback' : null,
              note: '',
              created_at: at,
            });
          }
        }
        for (let e = 0; e < 8; e++)
          eventRows.push({
            id: newId(),
            project_id: id,
            at: created + e * DAY,
            kind: e === 0 ? 'created' : e % 2 ? 'comment' : 'task_done',
            user_id: pick(people),
            contact_id: e === 5 ? contactId : null,
            body: e % 2 ? `Comentario ${e} sobre la entrega` : `Tarea ${e}`,
            data: '{}',
            public: e % 3 === 0 ? 0 : 1,
          });
        const document = newId();
        for (let v = 1; v <= 2; v++) {
          const fileId = newId();
          fileRows.push({
            id: fileId,
            message_id: null,
            name: `plano-${n}-v${v}.pdf`,
            content_type: 'application/pdf',
            size: 40,
            sha256: null,
            status: 'ready',
            source_ref: null,
            data: Buffer.from(`%PDF-1.4 plano ${n} v${v}`),
            created_at: created + v * DAY,
          });
          versionRows.push({
            id: newId(),
            project_id: id,
            document_id: document,
            version: v,
            file_id: fileId,
            note: '',
            uploaded_by_user: pick(people),
            uploaded_by_contact: null,
            created_at: created + v * DAY,
          });
        }
      }
      await t.transaction(async (tx) => {
        await tx.insertInto('projects', projectRows).execute();
        for (let i = 0; i < taskRows.length; i += 1_000)
          await tx.insertInto('project_tasks', taskRows.slice(i, i + 1_000)).execute();
        for (let i = 0; i < timeRows.length; i += 1_000)
          await tx.insertInto('time_entries', timeRows.slice(i, i + 1_000)).execute();
        for (let i = 0; i < eventRows.length; i += 1_000)
          await tx.insertInto('project_events', eventRows.slice(i, i + 1_000)).execute();
        await tx.insertInto('files', fileRows).execute();
        await tx.insertInto('project_files', versionRows).execute();
        await tx.insertInto('project_participants', participantRows).execute();
      });
    }
    const generateS = +((performance.now() - started) / 1000).toFixed(1);
    await analyze(test, dialect);

    // Customers signed in to the portal: twenty of them, each opening one of their projects.
    const { slug } = await (
      await import('../apps/server/src/modules/portal/service.js')
    ).ensurePortal(test.ctx, t.workspaceId);
    const visits: { cookie: string; projectId: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const { projectId, contactId } = customerOf[Math.floor(rand() * customerOf.length)]!;
      const token = randomToken();
      await t
        .insertInto('portal_sessions', {
          id: hashToken(token),
          contact_id: contactId,
          created_at: now,
          expires_at: now + DAY,
        })
        .execute();
      visits.push({ cookie: `atiende_portal=${token}`, projectId });
    }
    const visit = async (url: string, cookie: string) => {
      const reply = await test.app.inject({ method: 'GET', url, headers: { cookie } });
      if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
    };
    await visit(`/portal/${slug}/projects/${visits[0]!.projectId}`, visits[0]!.cookie);
    const portalPageMs = await timeRuns(RUNS, (i) =>
      visit(`/portal/${slug}/projects/${visits[i % visits.length]!.projectId}`, visits[i % visits.length]!.cookie),
    );
    const portalJsonMs = await timeRuns(RUNS, (i) =>
      visit(`/api/portal/${slug}/projects/${visits[i % visits.length]!.projectId}`, visits[i % visits.length]!.cookie),
    );
    const portalHomeMs = await timeRuns(RUNS, (i) => visit(`/portal/${slug}/home`, visits[i % visits.length]!.cookie));
    const projectMs = await timeRuns(RUNS, (i) => ok(owner, `/api/projects/${visits[i % visits.length]!.projectId}`));
    const timelineMs = await timeRuns(RUNS, (i) =>
      ok(owner, `/api/projects/${visits[i % visits.length]!.projectId}/timeline`),
    );
    const listMs = await timeRuns(Math.min(RUNS, 20), () => ok(owner, '/api/projects?status=active'));
    const timerMs = await timeRuns(Math.min(RUNS, 20), async (i) => {
      const project = visits[i % visits.length]!.projectId;
      await ok(owner, '/api/timer/start', 'POST', { projectId: project });
      await ok(owner, '/api/timer/pause', 'POST', { reason: 'setback' });
      await ok(owner, '/api/timer/resume', 'POST');
      await ok(owner, '/api/timer/stop', 'POST');
    });
    const count = await t
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      dialect,
      projects: Number(count.n),
      dealsGenerateS: dealsS,
      generateS,
      portalProjectPageMs: portalPageMs,
      portalProjectJsonMs: portalJsonMs,
      portalHomeMs,
      consoleProjectMs: projectMs,
      consoleTimelineMs: timelineMs,
      listActiveMs: listMs,
      timerCycleMs: timerMs,
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await projects(d)));
}
