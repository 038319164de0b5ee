import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';
import { runDueFollowups } from './service.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const DAY = 86_400_000;

async function winDeal(owner: Client, contactId: string) {
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const deal = (
    await owner.post('/api/deals', { title: 'Plan anual', pipelineId: pipeline.id, value: 4_800, contactId })
  ).body;
  const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id;
  return {
    pipeline,
    deal: (await owner.post(`/api/deals/${deal.id}/move`, { version: deal.version, stageId: won })).body,
  };
}

describe('follow-up sequences', () => {
  it('run after a sale: a call on day 0, a message on day 3 in the preferred channel, a survey on day 45, once per sale', async () => {
    const owner = await ownerOf(test);
    const survey = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
    await owner.patch(`/api/surveys/${survey.id}`, { status: 'active' });
    const made = await owner.post('/api/sequences', {
      name: 'Bienvenida de clientes nuevos',
      trigger: 'deal_won',
      steps: [
        { delayDays: 0, action: 'task', title: 'Llamar para dar la bienvenida', taskKind: 'call' },
        {
          delayDays: 3,
          action: 'message',
          title: '¿Cómo va todo, {{name}}?',
          body: 'Hola {{name}}, soy de {{company}}: ¿pudiste timbrar tu primera factura?',
          channel: 'preferred',
        },
        { delayDays: 45, action: 'survey', surveyId: survey.id, channel: 'email' },
      ],
    });
    expect(made.status).toBe(201);
    expect(
      (
        await owner.post('/api/sequences', {
          name: 'x',
          trigger: 'deal_won',
          steps: [{ delayDays: 1, action: 'task' }],
        })
      ).body.error.fields,
    ).toEqual([{ path: 'steps.0.title', message: 'Required' }]);
    expect(
      (
        await owner.post('/api/sequences', {
          name: 'x',
          trigger: 'deal_won',
          steps: [{ delayDays: 1, action: 'survey', surveyId: 'nope' }],
        })
      ).body.error.fields,
    ).toEqual([{ path: 'steps.0.surveyId', message: 'No such survey in this workspace' }]);

    const contact = (
      await owner.post('/api/contacts', {
        name: 'Lucía Garza',
        emails: [{ value: 'lucia@garza.mx' }],
        profile: { preferences: { channels: ['email'] } },
      })
    ).body;
    const { pipeline, deal } = await winDeal(owner, contact.id);
    let [enrollment] = (await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body;
    expect(enrollment).toMatchObject({
      sequence: 'Bienvenida de clientes nuevos',
      source: { type: 'deal', id: deal.id },
      status: 'active',
    });
    expect(enrollment.actions.map((a: { status: string }) => a.status)).toEqual(['pending', 'pending', 'pending']);

    // Day 0: the owner's call is on their list.
    expect(await runDueFollowups(test.ctx)).toBe(1);
    const [task] = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body;
    expect(task).toMatchObject({
      title: 'Llamar para dar la bienvenida',
      kind: 'call',
      assignee: { name: 'Ana Owner' },
      source: { type: 'sequence', id: enrollment.id },
    });
    expect(await runDueFollowups(test.ctx)).toBe(0);

    // Day 3: the message goes by email, with the words filled in.
    const sent: { to: string; subject: string; text: string }[] = [];
    test.ctx.mailer.send = async (message) => void sent.push(message);
    expect(await runDueFollowups(test.ctx, { now: Date.now() + 3 * DAY + 1_000 })).toBe(1);
    await test.ctx.jobs.drain();
    expect(sent).toEqual([
      {
        to: 'lucia@garza.mx',
        subject: '¿Cómo va todo, Lucía?',
        // A mailing: the way out at its foot and in its headers (RFC 8058).
        text: expect.stringMatching(
          /^Hola Lucía, soy de Acme Facturas: ¿pudiste timbrar tu primera factura\?\n\n--\n.+ http:\/\/atiende\.test\/u\/u_/,
        ),
        unsubscribeUrl: expect.stringMatching(/^http:\/\/atiende\.test\/u\/u_/),
      },
    ]);

    // Day 45: the survey invitation; the enrollment is done.
    expect(await runDueFollowups(test.ctx, { now: Date.now() + 45 * DAY + 1_000 })).toBe(1);
    await test.ctx.jobs.drain();
    [enrollment] = (await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body;
    expect(enrollment.status).toBe('done');
    expect(enrollment.actions.map((a: { result: string }) => a.result)).toEqual([
      expect.stringMatching(/^task:/),
      'sent:email',
      'survey:email',
    ]);
    expect(
      (await owner.get(`/api/surveys/${survey.id}/invitations`)).body.items ??
        (await owner.get(`/api/surveys/${survey.id}/invitations`)).body,
    ).toHaveLength(1);

    // Reopened and won again: the same sale does not start it twice.
    const again = (await owner.get(`/api/deals/${deal.id}`)).body;
    const reopened = (
      await owner.post(`/api/deals/${deal.id}/move`, { version: again.version, stageId: pipeline.stages[0].id })
    ).body;
    await owner.post(`/api/deals/${deal.id}/move`, {
      version: reopened.version,
      stageId: pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id,
    });
    expect((await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body).toHaveLength(1);
    expect((await owner.get('/api/sequences')).body[0]).toMatchObject({ active: 0, completed: 1 });
  });

  it('win back former customers, follow resolved incidents and deliveries, and hand unreachable messages to the owner', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/sequences', {
      name: 'Recuperar clientes',
      trigger: 'customer_lost',
      steps: [
        {
          delayDays: 0,
          action: 'message',
          body: '{{name}}, te extrañamos: 2 meses sin costo si regresas.',
          channel: 'whatsapp',
        },
        { delayDays: 30, action: 'task', title: 'Llamar para ofrecer regreso' },
      ],
    });
    await owner.post('/api/sequences', {
      name: 'Después de una incidencia',
      trigger: 'incident_resolved',
      steps: [{ delayDays: 2, action: 'task', title: 'Confirmar que quedó resuelto', taskKind: 'call' }],
    });
    await owner.post('/api/sequences', {
      name: 'Después de entregar',
      trigger: 'project_delivered',
      steps: [{ delayDays: 7, action: 'task', title: 'Revisar satisfacción con la entrega' }],
    });
    const contact = (await owner.post('/api/contacts', { name: 'Héctor Salazar' })).body;
    await owner.patch(`/api/contacts/${contact.id}`, { status: 'former', leftReason: 'Precio' });
    // No WhatsApp number: the message becomes a task for the owner, with its words.
    expect(await runDueFollowups(test.ctx)).toBe(1);
    await test.ctx.jobs.drain();
    const [task] = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body;
    expect(task.body).toContain('Héctor, te extrañamos');
    let [winBack] = (await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body;
    expect(winBack.actions[0].result).toMatch(/^task:.*no channel reaches the contact/);
    // They came back: stopped, the call on day 30 is skipped.
    expect((await owner.post(`/api/sequence-enrollments/${winBack.id}/stop`)).status).toBe(200);
    [winBack] = (await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body;
    expect(winBack).toMatchObject({
      status: 'stopped',
      actions: [{ status: 'done' }, { status: 'skipped', result: 'stopped' }],
    });

    const incident = (
      await owner.post('/api/incidents', {
        contactId: contact.id,
        channel: 'phone',
        summary: 'Error de timbrado',
        rootCause: 'product',
      })
    ).body;
    expect((await owner.patch(`/api/incidents/${incident.id}`, { status: 'resolved' })).status).toBe(200);
    const project = (await owner.post('/api/projects', { title: 'Implementación', contactId: contact.id })).body;
    await owner.patch(`/api/projects/${project.id}`, { version: project.version, status: 'delivered' });
    const sources = (await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body
      .map((e: { source: { type: string } }) => e.source.type)
      .sort();
    expect(sources).toEqual(['contact', 'incident', 'project']);
    expect(await runDueFollowups(test.ctx, { now: Date.now() + 8 * DAY })).toBe(2);
    const titles = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body.map((t: { title: string }) => t.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Confirmar que quedó resuelto', 'Revisar satisfacción con la entrega']),
    );
  });

  it('enrolls contacts by hand, survives a crashed batch, skips blocked contacts, and stays in its workspace', async () => {
    const owner = await ownerOf(test);
    const manual = (
      await owner.post('/api/sequences', {
        name: 'Invitación al webinar',
        trigger: 'manual',
        steps: [{ delayDays: 0, action: 'task', title: 'Invitar al webinar de nómina' }],
      })
    ).body;
    const a = (await owner.post('/api/contacts', { name: 'Cliente A' })).body;
    const b = (await owner.post('/api/contacts', { name: 'Cliente B' })).body;
    expect(
      (await owner.post(`/api/sequences/${manual.id}/enrollments`, { contactIds: [a.id, 'nope'] })).body.error.fields,
    ).toEqual([{ path: 'contactIds', message: 'No such contact in this workspace' }]);
    expect((await owner.post(`/api/sequences/${manual.id}/enrollments`, { contactIds: [a.id, b.id] })).body).toEqual({
      enrolled: 2,
      skipped: 0,
    });

    // A process died holding the batch: after a while the actions are claimed again, and run once.
    await test.ctx.db
      .updateTable('followup_actions')
      .set({ status: 'running', locked_at: Date.now() - 10 * 60_000 })
      .execute();
    expect(await runDueFollowups(test.ctx)).toBe(2);
    expect(await runDueFollowups(test.ctx)).toBe(0);
    expect(
      (await owner.get('/api/tasks?status=open')).body.filter(
        (t: { title: string }) => t.title === 'Invitar al webinar de nómina',
      ),
    ).toHaveLength(2);

    // Blocked by a privacy request before its step: skipped, nothing written about them.
    await owner.post(`/api/sequences/${manual.id}/enrollments`, { contactIds: [b.id] });
    await test.ctx.db.updateTable('contacts').set({ privacy_blocked_at: Date.now() }).where('id', '=', b.id).execute();
    expect(await runDueFollowups(test.ctx)).toBe(1);
    const skipped = await test.ctx.db
      .selectFrom('followup_actions')
      .select(['status', 'result'])
      .where('status', '=', 'skipped')
      .execute();
    expect(skipped).toEqual([{ status: 'skipped', result: 'contact blocked' }]);

    const viewer = await memberOf(test, owner, 'viewer');
    expect((await viewer.post(`/api/sequences/${manual.id}/enrollments`, { contactIds: [a.id] })).status).toBe(403);
    const agent = await memberOf(test, owner, 'agent');
    expect(
      (
        await agent.post('/api/sequences', {
          name: 'x',
          trigger: 'manual',
          steps: [{ delayDays: 0, action: 'task', title: 'x' }],
        })
      ).status,
    ).toBe(403);
    const stranger = await ownerOf(test);
    expect((await stranger.post(`/api/sequences/${manual.id}/enrollments`, { contactIds: [a.id] })).status).toBe(404);
    expect((await stranger.patch(`/api/sequences/${manual.id}`, { enabled: false })).status).toBe(404);
    expect((await stranger.get('/api/sequence-enrollments')).body).toEqual([]);
  });
});
