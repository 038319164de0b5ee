import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

async function wonDeal(owner: Client) {
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id;
  const contact = (
    await owner.post('/api/contacts', {
      name: 'Ing. Ramírez',
      profile: {
        requirements: {
          checklist: ['staff_visits', 'invoice_required'],
          details: 'Tolerancia ±0.01 mm; entregar con certificado de calidad.',
        },
      },
    })
  ).body;
  const company = (await owner.post('/api/companies', { name: 'Maquinados del Bajío' })).body;
  const deal = (
    await owner.post('/api/deals', {
      title: 'Lote de 200 bridas',
      pipelineId: pipeline.id,
      stageId: won,
      value: 48_000,
      contactId: contact.id,
      companyId: company.id,
    })
  ).body;
  return { deal, contact, company };
}

/** Moves a running span's start back, as if the timer had been started `minutes` ago. */
async function backdateRunning(minutes: number) {
  const running = await test.ctx.db
    .selectFrom('time_entries')
    .select(['id', 'started_at'])
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  await test.ctx.db
    .updateTable('time_entries')
    .set({ started_at: Number(running.started_at) - minutes * 60_000 })
    .where('id', '=', running.id)
    .execute();
}

describe('projects and work orders', () => {
  it('open from a won deal with its customer, value and profile requirements, and go from quoted to invoiced', async () => {
    const owner = await ownerOf(test);
    const { deal, contact, company } = await wonDeal(owner);
    const made = await owner.post('/api/projects', { dealId: deal.id, kind: 'work_order' });
    expect(made.status).toBe(201);
    const project = made.body;
    expect(project).toMatchObject({
      reference: 'OT-0001',
      title: 'Lote de 200 bridas',
      status: 'quoted',
      value: 48_000,
      currency: 'MXN',
      contact: { id: contact.id },
      company: { id: company.id },
      deal: { id: deal.id },
      owner: { name: 'Ana Owner' },
      version: 0,
    });
    expect(project.requirements).toContain('Needs visits from our staff');
    expect(project.requirements).toContain('Invoice required');
    expect(project.requirements).toContain('Tolerancia ±0.01 mm');
    // The customer's contact follows it (and will see it in the portal).
    expect(project.participants).toEqual([
      expect.objectContaining({ role: 'participant', contact: { id: contact.id, name: 'Ing. Ramírez' } }),
    ]);
    expect((await owner.post('/api/projects', { title: 'Mantenimiento preventivo' })).body.reference).toBe('P-0002');
    expect((await owner.get(`/api/projects?dealId=${deal.id}`)).body).toMatchObject({
      total: 1,
      items: [{ id: project.id }],
    });
    expect((await owner.get('/api/projects?q=OT-0001')).body.total).toBe(1);
    expect((await owner.get('/api/projects?q=bridas')).body.total).toBe(1);

    // Invoiced only after delivered; nothing changes when refused.
    const early = await owner.patch(`/api/projects/${project.id}`, { version: 0, status: 'invoiced' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('status_change_refused');
    const delivered = (await owner.patch(`/api/projects/${project.id}`, { version: 0, status: 'delivered' })).body;
    expect(delivered).toMatchObject({ status: 'delivered', version: 1 });
    expect(delivered.deliveredAt).not.toBeNull();
    // Someone else's edit in between is detected.
    const stale = await owner.patch(`/api/projects/${project.id}`, { version: 0, title: 'Otro' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('edit_conflict');
    const invoiced = (await owner.patch(`/api/projects/${project.id}`, { version: 1, status: 'invoiced' })).body;
    expect(invoiced.invoicedAt).not.toBeNull();
    expect(
      (await owner.patch(`/api/projects/${project.id}`, { version: 2, status: 'in_progress' })).body.error.code,
    ).toBe('status_change_refused');

    const timeline = (await owner.get(`/api/projects/${project.id}/timeline`)).body;
    expect(
      timeline.filter((e: { kind: string }) => e.kind === 'status').map((e: { data: { to: string } }) => e.data.to),
    ).toEqual(['invoiced', 'delivered']);
    expect((await owner.post('/api/projects', { dealId: 'nope' })).body.error.fields).toEqual([
      { path: 'dealId', message: 'No such deal in this workspace' },
    ]);
    expect((await owner.post('/api/projects', {})).body.error.fields).toEqual([{ path: 'title', message: 'Required' }]);
  });

  it('schedules tasks in working days, skipping weekends and the workspace holidays', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/holidays', { date: '2026-12-14', name: 'Puente' });
    const project = (await owner.post('/api/projects', { title: 'Moldes de inyección' })).body;
    // Thursday the 10th, five working days: Thu, Fri, (weekend), (Monday holiday), Tue, Wed, Thu the 17th.
    let updated = (
      await owner.post(`/api/projects/${project.id}/tasks`, {
        title: 'Diseño',
        startDate: '2026-12-10',
        workingDays: 5,
        estimateMinutes: 600,
      })
    ).body;
    expect(updated.tasks[0]).toMatchObject({
      title: 'Diseño',
      status: 'todo',
      startDate: '2026-12-10',
      workingDays: 5,
      dueDate: '2026-12-17',
      estimateMinutes: 600,
      actualMinutes: 0,
    });
    // Starting on a Saturday: the first working day is Monday the 21st, so two days end on Tuesday.
    updated = (
      await owner.post(`/api/projects/${project.id}/tasks`, {
        title: 'Maquinado',
        startDate: '2026-12-19',
        workingDays: 2,
      })
    ).body;
    expect(updated.tasks[1].dueDate).toBe('2026-12-22');
    expect(updated.dueDate).toBe('2026-12-22');
    // A task long past its end is late; done, it is not.
    updated = (
      await owner.post(`/api/projects/${project.id}/tasks`, {
        title: 'Cotizar',
        startDate: '2020-01-06',
        workingDays: 1,
      })
    ).body;
    const late = updated.tasks[2];
    expect(late).toMatchObject({ dueDate: '2020-01-06', late: true });
    updated = (await owner.patch(`/api/projects/${project.id}/tasks/${late.id}`, { status: 'done' })).body;
    expect(updated.tasks[2]).toMatchObject({ status: 'done', late: false });
    expect(updated).toMatchObject({ tasksDone: 1, tasksTotal: 3, estimateMinutes: 600 });
    // Changing the working days moves the end.
    updated = (await owner.patch(`/api/projects/${project.id}/tasks/${updated.tasks[0].id}`, { workingDays: 1 })).body;
    expect(updated.tasks[0].dueDate).toBe('2026-12-10');
    const agent = await memberOf(test, owner, 'viewer');
    expect((await agent.post(`/api/projects/${project.id}/tasks`, { title: 'x' })).status).toBe(403);
    expect(
      (await owner.post(`/api/projects/${project.id}/tasks`, { title: 'x', assigneeId: 'nobody' })).body.error.fields,
    ).toEqual([{ path: 'assigneeId', message: 'Not an agent of this workspace' }]);
  });

  it('clocks time with start, pause for a setback, resume and stop, and compares it with the estimate', async () => {
    const owner = await ownerOf(test);
    const project = (await owner.post('/api/projects', { title: 'Portal de facturación' })).body;
    const withTasks = (
      await owner.post(`/api/projects/${project.id}/tasks`, { title: 'Integración SAT', estimateMinutes: 60 })
    ).body;
    const [task] = withTasks.tasks;
    const second = (await owner.post(`/api/projects/${project.id}/tasks`, { title: 'Pruebas', estimateMinutes: 30 }))
      .body.tasks[1];

    expect((await owner.get('/api/timer')).body.state).toBe('none');
    expect((await owner.post('/api/timer/pause', { reason: 'setback' })).body.error.code).toBe('timer_not_running');
    let timer = (await owner.post('/api/timer/start', { projectId: project.id, taskId: task.id })).body;
    expect(timer).toMatchObject({
      state: 'running',
      project: { id: project.id, reference: 'P-0001' },
      task: { id: task.id },
    });
    // Work started: the task is being done and the quoted project is in progress.
    let current = (await owner.get(`/api/projects/${project.id}`)).body;
    expect(current).toMatchObject({ status: 'in_progress', tasks: [{ status: 'doing' }, { status: 'todo' }] });

    await backdateRunning(40);
    timer = (await owner.post('/api/timer/pause', { reason: 'setback', note: 'Falta el certificado del cliente' }))
      .body;
    expect(timer).toMatchObject({ state: 'paused', entry: { minutes: 40, endKind: 'pause', pauseReason: 'setback' } });
    // Time logged afterwards while paused does not take the place of the paused timer.
    expect(
      (
        await owner.post(`/api/projects/${project.id}/time`, {
          startedAt: new Date(Date.now() - 86_400_000).toISOString(),
          minutes: 5,
        })
      ).body.endKind,
    ).toBe('logged');
    expect((await owner.get('/api/timer')).body.state).toBe('paused');
    timer = (await owner.post('/api/timer/resume')).body;
    expect(timer).toMatchObject({ state: 'running', task: { id: task.id } });
    await backdateRunning(35);
    // Starting on another task stops this one: one clock per person.
    timer = (await owner.post('/api/timer/start', { projectId: project.id, taskId: second.id })).body;
    expect(timer.task.id).toBe(second.id);
    await backdateRunning(10);
    timer = (await owner.post('/api/timer/stop', {})).body;
    expect(timer.state).toBe('none');
    expect((await owner.post('/api/timer/resume')).body.error.code).toBe('timer_not_running');

    // Forgotten time is logged afterwards; never in the future.
    const logged = await owner.post(`/api/projects/${project.id}/time`, {
      taskId: second.id,
      startedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      minutes: 20,
      note: 'Revisión con el cliente',
    });
    expect(logged.status).toBe(201);
    expect(
      (
        await owner.post(`/api/projects/${project.id}/time`, {
          startedAt: new Date(Date.now() + 3_600_000).toISOString(),
          minutes: 5,
        })
      ).body.error.fields,
    ).toEqual([{ path: 'startedAt', message: 'This date is in the future' }]);

    current = (await owner.get(`/api/projects/${project.id}`)).body;
    expect(current.tasks.map((t: { actualMinutes: number }) => t.actualMinutes)).toEqual([75, 30]);
    expect(current).toMatchObject({ estimateMinutes: 90, actualMinutes: 110 });
    const spans = (await owner.get(`/api/projects/${project.id}/time`)).body;
    expect(spans).toHaveLength(5);
    expect(spans.filter((s: { pauseReason: string | null }) => s.pauseReason === 'setback')).toHaveLength(1);

    // Two starts at once (two tabs): still one running clock.
    await Promise.all([
      owner.post('/api/timer/start', { projectId: project.id, taskId: task.id }),
      owner.post('/api/timer/start', { projectId: project.id, taskId: second.id }),
    ]);
    const running = await test.ctx.db.selectFrom('time_entries').select('id').where('ended_at', 'is', null).execute();
    expect(running).toHaveLength(1);
    await owner.post('/api/timer/stop', {});

    // Another agent cannot remove someone's time; its owner can.
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.delete(`/api/time/${logged.body.id}`)).status).toBe(403);
    expect((await agent.get('/api/timer')).body.state).toBe('none');

    // Delivered, it joins the estimate report.
    await owner.patch(`/api/projects/${project.id}`, { version: current.version, status: 'delivered' });
    const report = (await owner.get('/api/projects/estimates')).body;
    expect(report.projects).toEqual([expect.objectContaining({ reference: 'P-0001', estimateMinutes: 90 })]);
    expect(report.overallRatio).toBeGreaterThan(1);
  });

  it('keeps files in versions, refuses what is not what it claims, and links the conversations about it', async () => {
    const owner = await ownerOf(test);
    const { contact } = await wonDeal(owner);
    const project = (await owner.post('/api/projects', { title: 'Troquel', contactId: contact.id })).body;
    const upload = (name: string, type: string, bytes: number[], query = '') =>
      test.app.inject({
        method: 'POST',
        url: `/api/projects/${project.id}/files${query}`,
        headers: {
          cookie: owner.cookie,
          'x-csrf-token': owner.csrf,
          'content-type': type,
          'x-file-name': encodeURIComponent(name),
        },
        payload: Buffer.from(bytes),
      });
    const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37];
    const first = await upload('plano-troquel.pdf', 'application/pdf', pdf);
    expect(first.statusCode).toBe(201);
    const [doc] = first.json().documents;
    expect(doc.versions).toHaveLength(1);
    const second = await upload(
      'plano-troquel-rev2.pdf',
      'application/pdf',
      [...pdf, 0x0a],
      `?documentId=${doc.id}&note=${encodeURIComponent('Radio corregido')}`,
    );
    const versions = second.json().documents[0].versions;
    expect(versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
      [2, 'Radio corregido'],
      [1, ''],
    ]);
    expect(second.json().documents[0].name).toBe('plano-troquel-rev2.pdf');
    const old = await owner.get(`/api/projects/${project.id}/files/${versions[1].fileId}`);
    expect(old.status).toBe(200);
    expect(old.headers['content-type']).toBe('application/pdf');

    // Not what it claims, empty, or a program: refused, nothing kept.
    for (const [name, type, bytes] of [
      ['foto.png', 'image/png', [0x3c, 0x73, 0x63]],
      ['vacío.pdf', 'application/pdf', []],
      ['setup.jpg', 'application/octet-stream', [0x4d, 0x5a, 0x90, 0]],
    ] as const) {
      const refused = await upload(name, type, [...bytes]);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('file_rejected');
    }
    expect((await upload('x.pdf', 'application/pdf', pdf, '?documentId=nope')).json().error.fields).toEqual([
      { path: 'documentId', message: 'No such document in this project' },
    ]);
    expect((await owner.get(`/api/projects/${project.id}`)).body.documents).toHaveLength(1);
    expect(await test.ctx.db.selectFrom('project_files').select('id').execute()).toHaveLength(2);

    // A logged call about the project joins its timeline; comments too.
    const call = (
      await owner.post('/api/activities', {
        contactId: contact.id,
        kind: 'call',
        direction: 'inbound',
        durationMinutes: 5,
        outcome: 'solved',
        notes: 'Pide adelantar la entrega del troquel.',
        at: new Date().toISOString(),
      })
    ).body;
    const linked = (
      await owner.post(`/api/projects/${project.id}/conversations`, { conversationId: call.conversationId })
    ).body;
    expect(linked.conversations).toEqual([expect.objectContaining({ id: call.conversationId, channel: 'phone' })]);
    expect(
      (
        await owner.post(`/api/projects/${project.id}/comments`, {
          body: 'Entrega confirmada para el viernes',
          public: true,
        })
      ).status,
    ).toBe(201);
    const timeline = (await owner.get(`/api/projects/${project.id}/timeline`)).body;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['message', 'comment', 'file', 'conversation', 'created']),
    );
    expect(timeline.find((e: { kind: string }) => e.kind === 'message')).toMatchObject({
      body: 'Pide adelantar la entrega del troquel.',
    });
    expect(
      (await owner.post(`/api/projects/${project.id}/conversations`, { conversationId: 'nope' })).body.error.fields,
    ).toEqual([{ path: 'conversationId', message: 'No such conversation in this workspace' }]);

    // Participants: a member and an observer from the customer.
    const colleague = (await owner.post('/api/contacts', { name: 'Lic. Soto' })).body;
    const withObserver = (
      await owner.post(`/api/projects/${project.id}/participants`, { contactId: colleague.id, role: 'observer' })
    ).body;
    expect(
      withObserver.participants.map((p: { role: string; contact: { name: string } | null }) => [
        p.role,
        p.contact?.name,
      ]),
    ).toEqual([
      ['participant', 'Ing. Ramírez'],
      ['observer', 'Lic. Soto'],
    ]);
    expect(
      (await owner.post(`/api/projects/${project.id}/participants`, { contactId: colleague.id, userId: 'x' })).status,
    ).toBe(400);

    // Another workspace sees none of it.
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/projects/${project.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/projects/${project.id}/files/${versions[0].fileId}`)).status).toBe(404);
    expect((await stranger.get(`/api/projects/${project.id}/timeline`)).status).toBe(404);
    expect((await stranger.post(`/api/projects/${project.id}/comments`, { body: 'x' })).status).toBe(404);
    expect((await stranger.get('/api/projects')).body.total).toBe(0);

    // Deleted with its files.
    expect((await owner.delete(`/api/projects/${project.id}`)).status).toBe(200);
    expect(
      await test.ctx.db
        .selectFrom('files')
        .select('id')
        .where('message_id', 'is', null)
        .where('article_id', 'is', null)
        .execute(),
    ).toHaveLength(0);
  });
});
