import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('the demo workspace', () => {
  it('opens from the first visit with 200 customers and 90 days of conversations across channels', async () => {
    const visitor = new Client(test.app);
    const opened = await visitor.post('/api/setup/demo');
    expect(opened.status).toBe(200);
    expect(opened.body.workspace).toMatchObject({ name: 'Factura Norte Software', isDemo: true, language: 'es' });
    // Its channels list (Settings → Channels) loads: every inbox has settings the console can show.
    const inboxes = await visitor.get('/api/inboxes');
    expect(inboxes.status).toBe(200);
    expect(inboxes.body.map((i: { channel: string }) => i.channel).sort()).toEqual([
      'email',
      'phone',
      'webchat',
      'whatsapp',
    ]);
    const db = test.database.db;
    const contacts = await db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(contacts.n)).toBe(200);
    const conversations = await db.selectFrom('conversations').select(['channel', 'created_at']).execute();
    expect(new Set(conversations.map((c) => c.channel))).toEqual(new Set(['whatsapp', 'email', 'webchat', 'phone']));
    const oldest = Math.min(...conversations.map((c) => c.created_at));
    expect(Date.now() - oldest).toBeGreaterThan(80 * 86_400_000);
    expect(Date.now() - oldest).toBeLessThan(92 * 86_400_000);
    const messages = await db.selectFrom('messages').select('created_at').execute();
    expect(Math.max(...messages.map((m) => m.created_at))).toBeLessThanOrEqual(Date.now());
    // Conversations start in Monterrey's working day.
    const hours = conversations.map((c) =>
      Number(
        new Intl.DateTimeFormat('en-US', { timeZone: 'America/Monterrey', hour: 'numeric', hourCycle: 'h23' }).format(
          c.created_at,
        ),
      ),
    );
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...hours)).toBeLessThanOrEqual(18);
    // Examples of segments, personas and custom fields, working on the demo's data.
    const segments = (await visitor.get('/api/segments')).body as { name: string; count: number }[];
    expect(segments.map((x) => x.name)).toEqual(['Clientes Pyme sin contacto en 30 días', 'Excliente']);
    expect(segments.every((x) => x.count > 0)).toBe(true);
    const report = (await visitor.get('/api/personas/report')).body as { name: string | null; customers: number }[];
    expect(report.filter((r) => r.name).some((r) => r.customers > 0)).toBe(true);
    expect((await visitor.get('/api/companies')).body.total).toBeGreaterThan(20);
    const page = await visitor.get('/api/conversations?status=all&limit=5');
    expect(page.body.items).toHaveLength(5);
    // The knowledge base, incidents with their problems, and the new agents' training track.
    const articles = (await visitor.get('/api/articles?limit=100')).body as {
      total: number;
      items: { title: string; visibility: string }[];
    };
    expect(articles.items.map((a) => a.title)).toEqual(
      expect.arrayContaining([
        'HEARD: escuchar, empatizar, disculparse, resolver, diagnosticar',
        'Lenguaje positivo',
        'Cómo cancelar un CFDI',
        'Proceso de atención por WhatsApp',
      ]),
    );
    const incidents = (await visitor.get('/api/incidents?limit=5')).body;
    expect(incidents.total).toBeGreaterThan(10);
    const problems = (await visitor.get('/api/problems')).body as {
      title: string;
      incidents: number;
      status: string;
    }[];
    expect(problems.map((p) => [p.title, p.status])).toEqual([
      ['Facturas con fecha vieja rechazadas', 'solved'],
      ['Intermitencia del PAC en horas pico', 'fix_in_progress'],
    ]);
    expect(problems.every((p) => p.incidents > 0)).toBe(true);
    const analysis = (await visitor.get('/api/incidents-analysis')).body;
    expect(analysis.byRootCause[0].key).toBe('customer_error');
    const tracks = (await visitor.get('/api/training/tracks')).body as {
      name: string;
      items: unknown[];
      assigned: number;
    }[];
    expect(tracks).toEqual([expect.objectContaining({ name: 'Nuevo agente de soporte', assigned: 1 })]);
    expect((await visitor.get('/help/factura-norte-software')).status).toBe(200);
    // Surveys answered as the seeds report, and the service standards of the last 30 days.
    const surveys = (await visitor.get('/api/surveys')).body as {
      id: string;
      template: string;
      status: string;
      afterResolution: boolean;
      responses: number;
    }[];
    expect(surveys.map((x) => x.template).sort()).toEqual([
      'churn',
      'client_questionnaire',
      'nps_active',
      'post_conversation_csat',
    ]);
    expect(surveys.every((x) => x.status === 'active' && x.responses > 0)).toBe(true);
    const [pipeline] = (await visitor.get('/api/pipelines')).body;
    const board = (await visitor.get(`/api/pipelines/${pipeline.id}/board`)).body;
    expect(board.columns.every((c: { count: number }) => c.count > 0)).toBe(true);
    expect((await visitor.get('/api/deals?status=lost')).body.items.length).toBeGreaterThan(0);
    // Won deals being implemented, at every status, with time worked against estimates.
    const projects = (await visitor.get('/api/projects')).body.items as {
      status: string;
      actualMinutes: number;
      tasksTotal: number;
    }[];
    expect(new Set(projects.map((p) => p.status))).toEqual(new Set(['quoted', 'in_progress', 'delivered', 'invoiced']));
    expect(projects.every((p) => p.tasksTotal === 4)).toBe(true);
    expect((await visitor.get('/api/projects/estimates')).body.overallRatio).toBeGreaterThan(0);
    expect((await visitor.get('/api/products')).body.length).toBe(6);
    expect((await visitor.get('/api/quotes')).body.items.map((q: { status: string }) => q.status).sort()).toEqual([
      'accepted',
      'sent',
    ]);
    const csat = surveys.find((x) => x.afterResolution)!;
    const results = (await visitor.get(`/api/surveys/${csat.id}/results`)).body;
    expect(results.scores.csat.value).toBeGreaterThan(50);
    const questionnaire = (
      await visitor.get(`/api/surveys/${surveys.find((x) => x.template === 'client_questionnaire')!.id}/results`)
    ).body;
    expect(questionnaire.responses).toBe(9);
    expect(
      questionnaire.questions
        .find((q: { id: string }) => q.id === 'ask_details')
        .rows.map((r: { count: number }) => r.count),
    ).toEqual([6, 3, 0, 0, 0]);
    expect((await visitor.get('/api/tasks?status=open')).body.length).toBeGreaterThan(0);
    const dashboard = (await visitor.get('/api/analytics/dashboard')).body;
    expect(dashboard.conversations).toBeGreaterThan(50);
    expect(dashboard.standards.find((x: { key: string }) => x.key === 'first_response').value).toBeGreaterThan(0);
    expect(dashboard.standards.find((x: { key: string }) => x.key === 'csat').value).toBeGreaterThan(50);
    // After-sales: subscriptions with renewals and customers who did not renew, churn by month, health from usage.
    const retention = (await visitor.get('/api/subscriptions/report')).body;
    expect(retention.active).toBeGreaterThan(100);
    expect(retention.reasons.length).toBeGreaterThan(0);
    expect(retention.months.some((m: { renewed: number }) => m.renewed > 0)).toBe(true);
    expect(retention.cohorts.some((c: { size: number }) => c.size > 0)).toBe(true);
    const health = (await visitor.get('/api/customer-health')).body;
    expect(health.counts.healthy + health.counts.watch + health.counts.at_risk).toBe(retention.active);
    expect(
      health.customers.some((h: { reasons: { code: string }[] }) =>
        h.reasons.some((r) => r.code === 'usage_drop' || r.code === 'usage_stopped'),
      ),
    ).toBe(true);
    expect((await visitor.get('/api/automation-rules')).body.map((r: { name: string }) => r.name)).toEqual([
      'Urgencias fuera de horario',
      'No renovó por precio: ofrecer plan anual',
    ]);
    // Opening it again signs in to the same workspace rather than making another.
    await new Client(test.app).post('/api/setup/demo');
    expect(await db.selectFrom('workspaces').selectAll().execute()).toHaveLength(1);
  });

  it('is not offered once a real workspace exists (unless the operator enables it)', async () => {
    const owner = new Client(test.app);
    await owner.post('/api/setup', {
      ownerName: 'Ana',
      email: 'ana@example.com',
      password: 'correct horse battery',
      companyName: 'Real Co',
      language: 'es',
    });
    const demo = await new Client(test.app).post('/api/setup/demo');
    expect(demo.status).toBe(403);
    expect(demo.body.error.code).toBe('demo_unavailable');
  });
});
