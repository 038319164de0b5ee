import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('the sales pipeline', () => {
  it('starts with a pipeline in the workspace language; deals move across the board, win and lose', async () => {
    const owner = await ownerOf(test);
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    expect(pipeline.stages.map((s: { kind: string }) => s.kind)).toEqual([
      'open',
      'open',
      'open',
      'open',
      'won',
      'lost',
    ]);
    // Asked twice (two processes at once), still one.
    await Promise.all([owner.get('/api/pipelines'), owner.get('/api/pipelines')]);
    expect((await owner.get('/api/pipelines')).body).toHaveLength(1);
    const [lead, , proposal, , won, lost] = pipeline.stages.map((s: { id: string }) => s.id);

    const contact = (await owner.post('/api/contacts', { name: 'Ing. Ramírez' })).body;
    const company = (await owner.post('/api/companies', { name: 'Maquinados del Bajío' })).body;
    const made = await owner.post('/api/deals', {
      title: 'Timbrado anual 500 facturas',
      pipelineId: pipeline.id,
      value: 12_500.5,
      contactId: contact.id,
      companyId: company.id,
      expectedCloseDate: '2026-12-20',
      source: 'event',
      sourceDetail: 'Expo Pyme 2026',
    });
    expect(made.status).toBe(201);
    const deal = made.body;
    expect(deal).toMatchObject({
      stageId: lead,
      status: 'open',
      value: 12_500.5,
      currency: 'MXN',
      taxRate: 16,
      taxAmount: 2_000.08,
      probability: 10,
      contact: { name: 'Ing. Ramírez' },
      company: { name: 'Maquinados del Bajío' },
      owner: { name: 'Ana Owner' },
      source: 'event',
      version: 0,
    });
    const second = (
      await owner.post('/api/deals', { title: 'Portal de clientes', pipelineId: pipeline.id, value: 3_000 })
    ).body;
    const third = (
      await owner.post('/api/deals', {
        title: 'Soporte premium',
        pipelineId: pipeline.id,
        value: 1_000,
        probability: 40,
      })
    ).body;

    // The board: counts, value and weighted value per stage; cards in board order.
    let board = (await owner.get(`/api/pipelines/${pipeline.id}/board`)).body;
    expect(board.columns[0]).toMatchObject({
      stageId: lead,
      count: 3,
      value: 16_500.5,
      weighted: 1_250.05 + 300 + 400,
    });
    expect(board.columns[0].deals.map((d: { title: string }) => d.title)).toEqual([
      'Timbrado anual 500 facturas',
      'Portal de clientes',
      'Soporte premium',
    ]);

    // Dragged before the first card, then to another stage.
    const moved = await owner.post(`/api/deals/${third.id}/move`, {
      version: third.version,
      stageId: lead,
      beforeId: deal.id,
    });
    expect(moved.body.version).toBe(1);
    board = (await owner.get(`/api/pipelines/${pipeline.id}/board`)).body;
    expect(board.columns[0].deals.map((d: { title: string }) => d.title)).toEqual([
      'Soporte premium',
      'Timbrado anual 500 facturas',
      'Portal de clientes',
    ]);
    const proposed = (await owner.post(`/api/deals/${deal.id}/move`, { version: 0, stageId: proposal })).body;
    expect(proposed).toMatchObject({ stageId: proposal, probability: 50, version: 1 });

    // Lost needs a reason; won is dated.
    const noReason = await owner.post(`/api/deals/${second.id}/move`, { version: 0, stageId: lost });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([{ path: 'lostReason', message: expect.any(String) }]);
    expect((await owner.get(`/api/deals/${second.id}`)).body).toMatchObject({ stageId: lead, version: 0 });
    const gone = (await owner.post(`/api/deals/${second.id}/move`, { version: 0, stageId: lost, lostReason: 'Precio' }))
      .body;
    expect(gone).toMatchObject({ status: 'lost', lostReason: 'Precio' });
    expect(gone.lostAt).not.toBeNull();
    const closed = (await owner.patch(`/api/deals/${deal.id}`, { version: 1, stageId: won })).body;
    expect(closed).toMatchObject({ status: 'won', probability: 100, lostReason: null });
    expect(closed.wonAt).not.toBeNull();
    // Back to open: no longer won.
    expect((await owner.patch(`/api/deals/${deal.id}`, { version: 2, stageId: proposal })).body).toMatchObject({
      status: 'open',
      wonAt: null,
    });

    const list = (await owner.get(`/api/deals?pipelineId=${pipeline.id}&status=open&sort=value`)).body;
    expect(list).toMatchObject({
      total: 2,
      items: [{ title: 'Timbrado anual 500 facturas' }, { title: 'Soporte premium' }],
    });
    expect((await owner.get('/api/deals?q=PORTAL')).body.total).toBe(1);
    expect((await owner.get('/api/deals?q=100%25')).body.total).toBe(0);
    expect((await owner.get(`/api/deals?contactId=${contact.id}`)).body.total).toBe(1);
    expect((await owner.get('/api/deals?ownerId=me')).body.total).toBe(3);

    // The report: three created; all reached the first stage, two the proposal (one is back there), one was won
    // (and reopened), one lost for its price.
    const report = (await owner.get(`/api/pipelines/${pipeline.id}/report`)).body;
    expect(report).toMatchObject({
      created: 3,
      won: 0,
      lost: 1,
      winRate: 0,
      lostReasons: [{ reason: 'Precio', deals: 1 }],
    });
    expect(report.funnel.map((f: { reached: number }) => f.reached)).toEqual([3, 1, 1, 0, 0]);
    expect(report.funnel[2]).toMatchObject({ share: 33.3, fromPrevious: 100 });
    expect(report.bySource).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'event', created: 1 }),
        expect.objectContaining({ source: 'manual', created: 2, lost: 1 }),
      ]),
    );
    await owner.patch(`/api/deals/${deal.id}`, { version: 3, stageId: won });
    const after = (await owner.get(`/api/pipelines/${pipeline.id}/report`)).body;
    expect(after).toMatchObject({ won: 1, winRate: 50, wonValue: 12_500.5, cycleDays: { deals: 1, median: 0 } });
    expect(after.funnel.at(-1)).toMatchObject({ reached: 1 });
    expect(after.wonByMonth.at(-1).won).toBe(1);
    expect(
      (await owner.get(`/api/pipelines/${pipeline.id}/report?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`))
        .status,
    ).toBe(400);
  });

  it('refuses an edit made over someone else’s, and bad input, losing nothing', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    const viewer = await memberOf(test, owner, 'viewer');
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const deal = (
      await owner.post('/api/deals', { title: 'Póliza de mantenimiento', pipelineId: pipeline.id, value: 8_000 })
    ).body;

    // Both read version 0; the agent saves first; the owner's change is refused, the agent's kept.
    expect((await agent.patch(`/api/deals/${deal.id}`, { version: 0, value: 9_000 })).status).toBe(200);
    const late = await owner.patch(`/api/deals/${deal.id}`, { version: 0, title: 'Otra cosa' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('edit_conflict');
    expect(
      (await owner.post(`/api/deals/${deal.id}/move`, { version: 0, stageId: pipeline.stages[1].id })).body.error.code,
    ).toBe('edit_conflict');
    // Two changes at once from the same version: one wins.
    const both = await Promise.all([
      owner.patch(`/api/deals/${deal.id}`, { version: 1, title: 'A' }),
      agent.patch(`/api/deals/${deal.id}`, { version: 1, title: 'B' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const kept = (await owner.get(`/api/deals/${deal.id}`)).body;
    expect(kept).toMatchObject({ value: 9_000, version: 2, stageId: pipeline.stages[0].id });

    expect(
      (await owner.post('/api/deals', { title: 'X', pipelineId: pipeline.id, value: 10.005 })).body.error.fields[0]
        .path,
    ).toBe('value');
    expect(
      (await owner.post('/api/deals', { title: 'X', pipelineId: pipeline.id, currency: 'pesos' })).body.error.fields[0]
        .path,
    ).toBe('currency');
    expect((await owner.post('/api/deals', { title: 'X', pipelineId: 'nope' })).body.error.fields[0]).toEqual({
      path: 'pipelineId',
      message: expect.any(String),
    });
    expect(
      (await owner.post('/api/deals', { title: 'X', pipelineId: pipeline.id, stageId: pipeline.stages.at(-1).id }))
        .status,
    ).toBe(400);
    expect((await viewer.post('/api/deals', { title: 'X', pipelineId: pipeline.id })).status).toBe(403);
    expect((await viewer.get(`/api/pipelines/${pipeline.id}/board`)).status).toBe(200);
    expect(
      (
        await agent.post('/api/pipelines', {
          name: 'Y',
          stages: [
            { name: 'a', probability: 1, kind: 'won' },
            { name: 'b', probability: 0, kind: 'lost' },
          ],
        })
      ).status,
    ).toBe(403);

    // Another workspace sees none of it and cannot point at it.
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/deals/${deal.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/pipelines/${pipeline.id}/board`)).status).toBe(404);
    const theirs = (await stranger.get('/api/pipelines')).body[0];
    expect((await stranger.post('/api/deals', { title: 'X', pipelineId: pipeline.id })).status).toBe(400);
    expect(
      (await stranger.post(`/api/deals/${deal.id}/move`, { version: 2, stageId: theirs.stages[0].id })).status,
    ).toBe(404);
    expect((await stranger.get('/api/deals')).body.total).toBe(0);
  });

  it('lets admins shape pipelines; a stage holding deals stays', async () => {
    const owner = await ownerOf(test, { language: 'en' });
    const made = await owner.post('/api/pipelines', {
      name: 'Work orders',
      stages: [
        { name: 'Quote', probability: 20 },
        { name: 'Approved', probability: 80 },
        { name: 'Delivered', kind: 'won', probability: 100 },
        { name: 'Rejected', kind: 'lost', probability: 0 },
      ],
    });
    expect(made.status).toBe(201);
    expect((await owner.get('/api/pipelines')).body.map((p: { name: string }) => p.name)).toEqual([
      'Sales',
      'Work orders',
    ]);
    const pipeline = made.body;
    expect(
      (
        await owner.post('/api/pipelines', {
          name: 'Bad',
          stages: [
            { name: 'a', probability: 1 },
            { name: 'b', probability: 2 },
          ],
        })
      ).status,
    ).toBe(400);
    const deal = (
      await owner.post('/api/deals', {
        title: 'Piñón 40 piezas',
        pipelineId: pipeline.id,
        stageId: pipeline.stages[1].id,
      })
    ).body;
    const stages = pipeline.stages.map((s: { id: string; name: string; kind: string; probability: number }) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
    }));
    // Removing the stage with the deal is refused; renaming and reordering are not.
    const removing = await owner.request('PUT', `/api/pipelines/${pipeline.id}`, {
      name: 'Work orders',
      stages: stages.filter((s: { id: string }) => s.id !== deal.stageId),
    });
    expect(removing.body.error.code).toBe('stage_in_use');
    const renamed = await owner.request('PUT', `/api/pipelines/${pipeline.id}`, {
      name: 'Orders',
      stages: [
        stages[1],
        { ...stages[0], name: 'Quoted' },
        { name: 'In production', probability: 90 },
        stages[2],
        stages[3],
      ],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.stages.map((s: { name: string }) => s.name)).toEqual([
      'Approved',
      'Quoted',
      'In production',
      'Delivered',
      'Rejected',
    ]);
    // A stage turned into a won one takes its deals with it.
    const won = await owner.request('PUT', `/api/pipelines/${pipeline.id}`, {
      name: 'Orders',
      stages: renamed.body.stages.map(
        (s: { id: string; name: string; kind: string; probability: number }, i: number) => ({
          id: s.id,
          name: s.name,
          kind: i === 0 ? 'won' : s.kind,
          probability: s.probability,
        }),
      ),
    });
    expect(won.status).toBe(200);
    expect((await owner.get(`/api/deals/${deal.id}`)).body.status).toBe('won');
    expect((await owner.request('DELETE', `/api/pipelines/${pipeline.id}`)).body.error.code).toBe('stage_in_use');
    await owner.request('DELETE', `/api/deals/${deal.id}`);
    expect((await owner.request('DELETE', `/api/pipelines/${pipeline.id}`)).status).toBe(200);
  });

  it('takes deals from a program (an API token) and keeps the activities of each deal', async () => {
    const owner = await ownerOf(test);
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const contact = (await owner.post('/api/contacts', { name: 'Ing. Ramírez' })).body;
    const token = (await owner.post('/api/api-tokens', { name: 'ERP', role: 'agent' })).body.token;
    const erp = new Client(test.app);
    erp.bearer = token;
    const made = await erp.post('/api/deals', {
      title: 'Renovación anual',
      pipelineId: pipeline.id,
      value: 4_800,
      contactId: contact.id,
      source: 'import',
    });
    expect(made.status).toBe(201);
    expect(made.body.owner).toBeNull();
    const deal = made.body;

    // Activities: a call due tomorrow (about the deal's contact, the creator's), a meeting; one done.
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const call = await owner.post('/api/tasks', {
      dealId: deal.id,
      kind: 'call',
      title: 'Llamar para confirmar la renovación',
      dueAt: due,
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({
      kind: 'call',
      deal: { id: deal.id, title: 'Renovación anual' },
      contact: { name: 'Ing. Ramírez' },
      assignee: { name: 'Ana Owner' },
    });
    const meeting = (await erp.post('/api/tasks', { dealId: deal.id, kind: 'meeting', title: 'Demo del portal' })).body;
    expect(meeting.assignee).toBeNull();
    await owner.patch(`/api/tasks/${meeting.id}`, { status: 'done' });
    const activities = (await owner.get(`/api/tasks?dealId=${deal.id}`)).body;
    expect(activities.map((a: { kind: string; status: string }) => [a.kind, a.status])).toEqual([
      ['call', 'open'],
      ['meeting', 'done'],
    ]);
    expect((await owner.get(`/api/tasks?contactId=${contact.id}`)).body).toHaveLength(2);
    expect((await owner.post('/api/tasks', { dealId: 'nope', title: 'x' })).body.error.fields[0].path).toBe('dealId');
    expect((await owner.post('/api/tasks', { dealId: deal.id, title: 'x', kind: 'lunch' })).status).toBe(400);
    // A deleted deal takes its activities with it.
    await owner.request('DELETE', `/api/deals/${deal.id}`);
    expect((await owner.get(`/api/tasks?contactId=${contact.id}`)).body).toHaveLength(0);
  });
});
