import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';
import { addInterval } from './service.js';
import { workspaceDay as day } from '../../testing/dates.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const DAY = 86_400_000;

describe('subscriptions and renewals', () => {
  it('renewal dates move by whole months, the 31st ending on the last day of a short month', () => {
    expect(addInterval('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(addInterval('2024-02-29', 'yearly')).toBe('2025-02-28');
    expect(addInterval('2026-11-15', 'monthly', 2)).toBe('2027-01-15');
  });

  it('remind the owner before renewal, renew one interval on, and refuse an edit over a teammate’s', async () => {
    const owner = await ownerOf(test);
    const me = (await owner.get('/api/auth/session')).body.user;
    const contact = (await owner.post('/api/contacts', { name: 'Lucía Garza', status: 'prospect', ownerId: me.id }))
      .body;
    // A yearly plan that started almost a year ago renews in 20 days: its reminder (30 days before) is due now.
    const made = await owner.post('/api/subscriptions', {
      contactId: contact.id,
      plan: 'Facturación Pyme',
      price: 4_800,
      interval: 'yearly',
      startedOn: day(-345),
      renewsOn: day(20),
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      plan: 'Facturación Pyme',
      price: 4800,
      monthlyValue: 400,
      currency: 'MXN',
      status: 'active',
      daysToRenewal: 20,
      owner: { id: me.id },
      version: 0,
    });
    expect(made.body.events.map((e: { kind: string }) => e.kind)).toEqual(['started']);
    // Paying makes a prospect a customer.
    expect((await owner.get(`/api/contacts/${contact.id}`)).body.status).toBe('active');
    let [task] = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body;
    expect(task).toMatchObject({
      title: `Renewal of Facturación Pyme — Lucía Garza (${day(20)})`,
      kind: 'call',
      status: 'open',
      assignee: { id: me.id },
      source: { type: 'subscription', id: made.body.id },
    });
    expect(Date.parse(task.dueAt)).toBeLessThanOrEqual(Date.now() + 1_000);

    // A monthly one far from renewal: its reminder waits for its date.
    const monthly = (
      await owner.post('/api/subscriptions', {
        contactId: contact.id,
        plan: 'Timbres extra',
        price: 99.5,
        interval: 'monthly',
        startedOn: day(-2),
        remindDaysBefore: 3,
      })
    ).body;
    expect(monthly.renewsOn).toBe(addInterval(day(-2), 'monthly'));
    const reminder = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body.find(
      (x: { source: { id: string } }) => x.source.id === monthly.id,
    );
    expect(Date.parse(reminder.dueAt)).toBeGreaterThan(Date.now() + 20 * DAY);

    expect(
      (await owner.get('/api/subscriptions?renewingWithinDays=25')).body.map((s: { plan: string }) => s.plan),
    ).toEqual(['Facturación Pyme']);
    expect((await owner.get('/api/subscriptions?q=timbres')).body.map((s: { plan: string }) => s.plan)).toEqual([
      'Timbres extra',
    ]);

    // Renewed with a new price: next year's date, a new reminder, the old one done.
    const renewed = await owner.post(`/api/subscriptions/${made.body.id}/renew`, { version: 0, price: 5_200 });
    expect(renewed.body).toMatchObject({ renewsOn: addInterval(day(20), 'yearly'), price: 5200, version: 1 });
    expect(renewed.body.events[0]).toMatchObject({
      kind: 'renewed',
      periodEnd: day(20),
      renewsOn: addInterval(day(20), 'yearly'),
      price: 5200,
      by: 'Ana Owner',
    });
    const tasks = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body.filter(
      (x: { source: { id: string } }) => x.source.id === made.body.id,
    );
    expect(tasks.map((x: { status: string }) => x.status).sort()).toEqual(['done', 'open']);
    [task] = tasks.filter((x: { status: string }) => x.status === 'open');
    expect(task.title).toContain(addInterval(day(20), 'yearly'));

    // A teammate's change in between: the stale version is refused and nothing is lost.
    const agent = await memberOf(test, owner, 'agent');
    expect(
      (await agent.patch(`/api/subscriptions/${made.body.id}`, { version: 1, notes: 'Pide factura global' })).status,
    ).toBe(200);
    const stale = await owner.post(`/api/subscriptions/${made.body.id}/renew`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('edit_conflict');
    expect((await owner.get(`/api/subscriptions/${made.body.id}`)).body).toMatchObject({
      notes: 'Pide factura global',
      renewsOn: addInterval(day(20), 'yearly'),
      version: 2,
    });

    // Moving the renewal date moves the reminder.
    await owner.patch(`/api/subscriptions/${made.body.id}`, { version: 2, renewsOn: day(10), remindDaysBefore: 5 });
    [task] = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body.filter(
      (x: { source: { id: string }; status: string }) => x.source.id === made.body.id && x.status === 'open',
    );
    expect(task.title).toContain(day(10));
    expect(Math.abs(Date.parse(task.dueAt) - (Date.parse(`${day(5)}T09:00:00Z`) + 6 * 3_600_000))).toBeLessThan(
      2 * 3_600_000,
    );
  });

  it('a non-renewal needs its reason, makes the customer former when nothing else is active and starts the win-back', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/sequences', {
      name: 'Recuperar',
      trigger: 'customer_lost',
      steps: [{ delayDays: 7, action: 'task', title: 'Ofrecer regreso' }],
    });
    const contact = (await owner.post('/api/contacts', { name: 'Héctor Salazar', status: 'active' })).body;
    const a = (
      await owner.post('/api/subscriptions', {
        contactId: contact.id,
        plan: 'Pyme',
        price: 4_800,
        startedOn: day(-400),
        renewsOn: day(-35),
      })
    ).body;
    const b = (
      await owner.post('/api/subscriptions', {
        contactId: contact.id,
        plan: 'Timbres',
        price: 100,
        interval: 'monthly',
        startedOn: day(-10),
      })
    ).body;
    expect(a.daysToRenewal).toBe(-35);

    const noReason = await owner.post(`/api/subscriptions/${a.id}/end`, { version: 0, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([{ path: 'reason', message: 'Required' }]);

    // The overdue renewal ends on its date; the other plan keeps the customer active.
    const ended = (await owner.post(`/api/subscriptions/${a.id}/end`, { version: 0, reason: 'Precio' })).body;
    expect(ended).toMatchObject({ status: 'ended', endedOn: day(-35), endReason: 'Precio', daysToRenewal: null });
    expect((await owner.get(`/api/contacts/${contact.id}`)).body.status).toBe('active');
    expect((await owner.post(`/api/subscriptions/${a.id}/renew`, { version: ended.version })).body.error.code).toBe(
      'status_change_refused',
    );
    expect(
      (await owner.get(`/api/tasks?contactId=${contact.id}`)).body.filter(
        (x: { source: { id: string }; status: string }) => x.source.id === a.id && x.status === 'open',
      ),
    ).toEqual([]);

    await owner.post(`/api/subscriptions/${b.id}/end`, { version: 0, reason: 'Se cambió a otro proveedor' });
    const former = (await owner.get(`/api/contacts/${contact.id}`)).body;
    expect(former).toMatchObject({ status: 'former', leftReason: 'Se cambió a otro proveedor' });
    expect((await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body).toHaveLength(1);

    const report = (await owner.get('/api/subscriptions/report?months=13')).body;
    expect(report.reasons).toEqual([
      { reason: 'Precio', count: 1 },
      { reason: 'Se cambió a otro proveedor', count: 1 },
    ]);
    expect(report.active).toBe(0);
  });

  it('churn by month and retention by cohort', async () => {
    const owner = await ownerOf(test);
    const month = (back: number) => {
      const d = new Date();
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    };
    const contacts = [];
    for (let i = 0; i < 4; i++)
      contacts.push((await owner.post('/api/contacts', { name: `Cliente ${i}`, status: 'active' })).body);
    // Four monthly plans start on the 2nd three months ago; one ends two months ago, one last month.
    const subs = [];
    for (const c of contacts)
      subs.push(
        (
          await owner.post('/api/subscriptions', {
            contactId: c.id,
            plan: 'Pyme',
            price: 500,
            interval: 'monthly',
            startedOn: `${month(3)}-02`,
          })
        ).body,
      );
    await owner.post(`/api/subscriptions/${subs[0].id}/end`, {
      version: 0,
      reason: 'Precio',
      endedOn: `${month(2)}-10`,
      markContactFormer: false,
    });
    await owner.post(`/api/subscriptions/${subs[1].id}/end`, {
      version: 0,
      reason: 'Cerró su negocio',
      endedOn: `${month(1)}-10`,
      markContactFormer: false,
    });
    const report = (await owner.get('/api/subscriptions/report?months=4')).body;
    expect(report.months.map((m: { month: string }) => m.month)).toEqual([month(3), month(2), month(1), month(0)]);
    const [m3, m2, m1, m0] = report.months;
    expect(m3).toMatchObject({ activeAtStart: 0, started: 4, ended: 0, churnRate: null });
    expect(m2).toMatchObject({ activeAtStart: 4, ended: 1, churnRate: 25, recurringAtStart: 2000, recurringLost: 500 });
    expect(m1).toMatchObject({ activeAtStart: 3, ended: 1, churnRate: 33.3 });
    expect(m0).toMatchObject({ activeAtStart: 2, ended: 0, churnRate: 0, recurringAtStart: 1000 });
    const cohort = report.cohorts.find((c: { cohort: string }) => c.cohort === month(3));
    expect(cohort).toEqual({ cohort: month(3), size: 4, retained: [100, 75, 50, 50] });
    expect(report).toMatchObject({ active: 2, recurring: 1000 });
  });

  it('stay in their workspace; viewers read, agents write, bad input names its field', async () => {
    const owner = await ownerOf(test);
    const contact = (await owner.post('/api/contacts', { name: 'Lucía' })).body;
    const sub = (
      await owner.post('/api/subscriptions', { contactId: contact.id, plan: 'Pyme', price: 100, startedOn: day(-1) })
    ).body;
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/subscriptions/${sub.id}`)).status).toBe(404);
    expect((await stranger.post(`/api/subscriptions/${sub.id}/renew`, { version: 0 })).status).toBe(404);
    expect((await stranger.get('/api/subscriptions')).body).toEqual([]);
    expect(
      (await stranger.post('/api/subscriptions', { contactId: contact.id, plan: 'x', price: 1, startedOn: day(0) }))
        .body.error.fields,
    ).toEqual([{ path: 'contactId', message: 'No such contact in this workspace' }]);
    const viewer = await memberOf(test, owner, 'viewer');
    expect((await viewer.get('/api/subscriptions')).body).toHaveLength(1);
    expect((await viewer.post(`/api/subscriptions/${sub.id}/renew`, { version: 0 })).status).toBe(403);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.delete(`/api/subscriptions/${sub.id}`)).status).toBe(403);
    const backwards = await owner.post('/api/subscriptions', {
      contactId: contact.id,
      plan: 'x',
      price: 1,
      startedOn: day(0),
      renewsOn: day(-5),
    });
    expect(backwards.body.error.fields).toEqual([{ path: 'renewsOn', message: 'The start must come before the end' }]);
    expect(
      (
        await owner.post('/api/subscriptions', {
          contactId: contact.id,
          plan: 'x',
          price: 1.005,
          startedOn: '2026-02-30',
        })
      ).status,
    ).toBe(400);
    expect((await owner.get('/api/subscriptions')).body).toHaveLength(1);
    expect((await owner.delete(`/api/subscriptions/${sub.id}`)).status).toBe(200);
    expect((await owner.get(`/api/tasks?contactId=${contact.id}`)).body).toEqual([]);
  });
});
