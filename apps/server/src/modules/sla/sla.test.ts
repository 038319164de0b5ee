import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { checkBreaches } from '../conversations/sla-breaches.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

/** Every day open all day: business time equals calendar time, so the test does not depend on the clock. */
const alwaysOpen = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '23:59' }]]),
);

describe('service level policies', () => {
  it('start with the seeds’ standards and give each conversation its clocks', async () => {
    const owner = await ownerOf(test);
    const policies = (await owner.get('/api/sla-policies')).body;
    expect(
      policies.map((p: { name: string; firstResponseMinutes: number }) => [p.name, p.firstResponseMinutes]),
    ).toEqual([
      ['Chat del sitio web', 2],
      ['WhatsApp', 15],
      ['Correo', 1440],
      ['Teléfono', 0],
    ]);
    expect((await owner.patch('/api/workspace', { businessHours: alwaysOpen })).status).toBe(200);
    const visitor = await visitorOf(test, owner, 'Rosa');
    const before = Date.now();
    await visitor.send('Hola');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    expect(conversation.sla).toMatchObject({
      policyName: 'Chat del sitio web',
      nextResponseDueAt: null,
      resolutionDueAt: null,
      breached: [],
    });
    const due = Date.parse(conversation.sla.firstResponseDueAt);
    expect(due - before).toBeGreaterThanOrEqual(2 * 60_000 - 1_000);
    // (a minute more when it straddles 23:59–00:00, the one closed minute of this workspace)
    expect(due - before).toBeLessThan(3 * 60_000 + 5_000);

    // Answered: the first-response clock stops; the customer writes again: the next-response clock (5 min) runs.
    await owner.post(`/api/conversations/${conversation.id}/messages`, { body: 'Hola Rosa' });
    await visitor.send('Otra duda');
    const waiting = (await owner.get(`/api/conversations/${conversation.id}`)).body;
    expect(waiting.sla.firstResponseDueAt).toBeNull();
    expect(Date.parse(waiting.sla.nextResponseDueAt) - Date.now()).toBeGreaterThan(4 * 60_000);
  });

  it('records a missed target once and tells the assignee and the team lead', async () => {
    const owner = await ownerOf(test);
    const lead = await memberOf(test, owner, 'agent', 'Lider');
    const leadId = (await lead.get('/api/auth/session')).body.user.id;
    const agentId = (await owner.get('/api/auth/session')).body.user.id;
    const team = await owner.post('/api/teams', { name: 'Soporte', leadId, autoAssign: false });
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Hola');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    await owner.patch(`/api/conversations/${conversation.id}`, { teamId: team.body.id, assigneeId: agentId });
    const heard: { userId: string; notification: { kind: string } }[] = [];
    const stop = test.ctx.events.subscribe((e) => void (e.type === 'notification' && heard.push(e)));
    // Ten minutes later nobody has answered.
    const later = Date.now() + 10 * 60_000 + 24 * 7 * 3_600_000;
    expect(await checkBreaches(test.ctx, later)).toBe(1);
    expect(await checkBreaches(test.ctx, later + 1)).toBe(0);
    await vi.waitFor(() =>
      expect(heard.map((h) => [h.userId, h.notification.kind]).sort()).toEqual(
        [
          [agentId, 'sla_breached'],
          [leadId, 'sla_breached'],
        ].sort(),
      ),
    );
    stop();
    expect((await owner.get(`/api/conversations/${conversation.id}`)).body.sla.breached).toEqual(['first_response']);
    const events = await test.ctx.db
      .selectFrom('conversation_events')
      .select('type')
      .where('conversation_id', '=', conversation.id)
      .execute();
    expect(events.filter((e) => e.type === 'sla_breached')).toHaveLength(1);
  });

  it('are ordered, matched by priority and team, and managed by admins', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    const vip = {
      name: 'Urgentes',
      conditions: { priorities: ['urgent'] },
      firstResponseMinutes: 1,
      nextResponseMinutes: 1,
      resolutionMinutes: 60,
      businessHours: false,
    };
    expect((await agent.post('/api/sla-policies', vip)).status).toBe(403);
    expect(
      (await owner.post('/api/sla-policies', { ...vip, conditions: { teamIds: ['nope'] } })).body.error.fields[0].path,
    ).toBe('conditions.teamIds.0');
    expect(
      (await owner.post('/api/sla-policies', { ...vip, firstResponseMinutes: -1 })).body.error.fields[0].path,
    ).toBe('firstResponseMinutes');
    const created = await owner.post('/api/sla-policies', vip);
    const ids = (await owner.get('/api/sla-policies')).body.map((p: { id: string }) => p.id);
    await owner.request('PUT', '/api/sla-policies/order', {
      ids: [created.body.id, ...ids.filter((id: string) => id !== created.body.id)],
    });
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Hola');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    expect(conversation.sla.policyName).toBe('Chat del sitio web');
    const urgent = (await owner.patch(`/api/conversations/${conversation.id}`, { priority: 'urgent' })).body;
    expect(urgent.sla).toMatchObject({ policyName: 'Urgentes', resolutionDueAt: expect.any(String) });
    expect(Date.parse(urgent.sla.resolutionDueAt) - Date.parse(conversation.createdAt)).toBe(60 * 60_000);
  });

  it('filter the inbox: missed, about to be missed, on track', async () => {
    const owner = await ownerOf(test);
    await owner.patch('/api/workspace', { businessHours: alwaysOpen });
    for (const name of ['Ana', 'Beto', 'Carla']) await (await visitorOf(test, owner, name)).send('Hola');
    const byName = Object.fromEntries(
      ((await owner.get('/api/conversations')).body.items as { id: string; contact: { name: string } }[]).map((c) => [
        c.contact.name,
        c.id,
      ]),
    );
    // Ana's first answer is due in two minutes (at risk); Beto's in two hours; Carla's was missed.
    await test.ctx.db
      .updateTable('conversations')
      .set({ first_response_due_at: Date.now() + 2 * 3_600_000 })
      .where('id', '=', byName.Beto!)
      .execute();
    await test.ctx.db
      .updateTable('conversations')
      .set({ first_response_breached_at: Date.now() })
      .where('id', '=', byName.Carla!)
      .execute();
    const names = async (sla: string) =>
      ((await owner.get(`/api/conversations?sla=${sla}`)).body.items as { contact: { name: string } }[]).map(
        (c) => c.contact.name,
      );
    expect(await names('at_risk')).toEqual(['Ana']);
    expect(await names('on_track')).toEqual(['Beto']);
    expect(await names('breached')).toEqual(['Carla']);
    expect((await owner.get('/api/conversations?sla=late')).status).toBe(400);
  });

  it('count business time in the hours of a team that keeps its own', async () => {
    const owner = await ownerOf(test);
    await owner.patch('/api/workspace', { businessHours: alwaysOpen });
    const team = await owner.post('/api/teams', {
      name: 'Sábados',
      autoAssign: false,
      businessHours: { sat: [{ open: '10:00', close: '11:00' }] },
    });
    expect(team.body.businessHours).toMatchObject({ sat: [{ open: '10:00', close: '11:00' }], mon: [] });
    expect(
      (await owner.post('/api/teams', { name: 'Mal', businessHours: { mon: [{ open: '18:00', close: '09:00' }] } }))
        .body.error.fields[0].path,
    ).toBe('businessHours.mon.0.close');
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Hola');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    expect(Date.parse(conversation.sla.firstResponseDueAt) - Date.now()).toBeLessThan(4 * 60_000);
    // Sent to the Saturday team: two minutes of its time fall on a Saturday between 10:00 and 11:00.
    const moved = (await owner.patch(`/api/conversations/${conversation.id}`, { teamId: team.body.id })).body;
    const due = new Date(moved.sla.firstResponseDueAt);
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Mexico_City',
      weekday: 'short',
      hour: '2-digit',
      hour12: false,
    }).formatToParts(due);
    expect(local.find((p) => p.type === 'weekday')!.value).toBe('Sat');
    expect(local.find((p) => p.type === 'hour')!.value).toBe('10');
    // Back to the workspace's hours.
    await owner.request('PATCH', `/api/teams/${team.body.id}`, { businessHours: null });
    expect((await owner.get('/api/teams')).body[0].businessHours).toBeNull();
  });
});
