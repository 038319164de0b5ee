import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { levelOf, scoreOf } from './service.js';
import { workspaceDay as day } from '../../testing/dates.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const DAY = 86_400_000;

describe('customer health', () => {
  it('scores each signal with its reason: answers, incidents, silence, renewal and usage', () => {
    const now = Date.parse('2026-12-05T18:00:00Z');
    const today = '2026-12-05';
    expect(
      scoreOf(
        {
          createdAt: now - 400 * DAY,
          lastContactAt: now - 3 * DAY,
          answer: { detractor: false, happy: true, at: now - 10 * DAY },
        },
        now,
        today,
      ),
    ).toEqual({
      score: 100,
      reasons: [
        { code: 'happy_answer', points: 10, value: 10 },
        { code: 'recent_contact', points: 10, value: 3 },
      ],
    });
    const unhappy = scoreOf(
      {
        createdAt: now - 400 * DAY,
        lastContactAt: now - 90 * DAY,
        answer: { detractor: true, happy: false, at: now - 5 * DAY },
        openIncidents: { count: 4, oldestAt: now - 12 * DAY },
        renewsOn: '2026-12-01',
        usage: { recent: 10, before: 300 },
      },
      now,
      today,
    );
    expect(unhappy.score).toBe(0);
    expect(unhappy.reasons.map((r) => [r.code, r.points, r.value])).toEqual([
      ['unhappy_answer', -30, 5],
      ['open_incidents', -30, 4],
      ['renewal_overdue', -25, 4],
      ['usage_drop', -20, 90],
      ['silent', -15, 90],
      ['old_incident', -10, 12],
    ]);
    expect(
      scoreOf(
        { createdAt: now - 200 * DAY, renewsOn: '2026-12-20', usage: { recent: 0, before: 90 } },
        now,
        today,
      ).reasons.map((r) => r.code),
    ).toEqual(['silent', 'usage_stopped', 'renewal_soon']);
    expect([levelOf(70), levelOf(69), levelOf(40), levelOf(39)]).toEqual(['healthy', 'watch', 'watch', 'at_risk']);
  });

  it('lists the customers at risk with their reasons, from incidents, renewals, silence and usage readings', async () => {
    const owner = await ownerOf(test);
    const me = (await owner.get('/api/auth/session')).body.user;
    const happy = (
      await owner.post('/api/contacts', {
        name: 'Ana Contenta',
        status: 'active',
        ownerId: me.id,
        emails: [{ value: 'ana@contenta.mx' }],
      })
    ).body;
    const worried = (await owner.post('/api/contacts', { name: 'Beto Molesto', status: 'active' })).body;
    await owner.post('/api/contacts', { name: 'Carla Prospecto', status: 'prospect' });
    // Ana (signed in on the company's site) writes today; Beto has two open incidents, renews in 10 days and stopped
    // using the product.
    const visitor = await visitorOf(test, owner, 'Ana Contenta', 'ana@contenta.mx', { verified: true });
    await visitor.send('Todo bien, gracias');
    for (const summary of ['No timbra', 'Error de certificado'])
      expect((await owner.post('/api/incidents', { summary, contactId: worried.id, channel: 'phone' })).status).toBe(
        201,
      );
    await owner.post('/api/subscriptions', {
      contactId: worried.id,
      plan: 'Pyme',
      price: 4_800,
      startedOn: day(-355),
      renewsOn: day(10),
    });
    const readings = [5, 40, 70, 100].map((back) => ({ contactId: worried.id, day: day(-back), quantity: 30 }));
    expect((await owner.post('/api/usage-readings', { readings })).body).toEqual({ recorded: 4 });
    // A day sent again replaces its total.
    await owner.post('/api/usage-readings', { readings: [{ contactId: worried.id, day: day(-5), quantity: 3 }] });
    expect((await owner.get(`/api/contacts/${worried.id}/usage`)).body.at(-1)).toEqual({ day: day(-5), quantity: 3 });

    const overview = (await owner.get('/api/customer-health')).body;
    expect(overview.counts).toEqual({ healthy: 1, watch: 0, at_risk: 1 });
    expect(overview.customers).toHaveLength(1);
    const beto = overview.customers[0];
    expect(beto).toMatchObject({
      contact: { id: worried.id, name: 'Beto Molesto' },
      score: 30,
      level: 'at_risk',
      renewsOn: day(10),
    });
    expect(beto.reasons.map((r: { code: string; points: number }) => [r.code, r.points])).toEqual([
      ['open_incidents', -20],
      ['usage_drop', -20],
      ['renewal_soon', -10],
    ]);
    const ana = (await owner.get(`/api/contacts/${happy.id}/health`)).body;
    expect(ana).toMatchObject({
      score: 90,
      level: 'healthy',
      reasons: [{ code: 'recent_contact', points: 10, value: 0 }],
    });
    expect(
      (await owner.get('/api/customer-health?ownerId=me&maxScore=100')).body.customers.map(
        (c: { contact: { name: string } }) => c.contact.name,
      ),
    ).toEqual(['Ana Contenta']);
    // A prospect has no health yet.
    const carla = (await owner.get('/api/contacts?q=Carla')).body.items[0];
    expect((await owner.get(`/api/contacts/${carla.id}/health`)).body).toBeNull();

    // Bad readings keep nothing; other workspaces and viewers are refused.
    const bad = await owner.post('/api/usage-readings', {
      readings: [
        { contactId: worried.id, day: day(-1), quantity: 5 },
        { contactId: 'nope', day: day(-1), quantity: 5 },
      ],
    });
    expect(bad.body.error.fields).toEqual([
      { path: 'readings.1.contactId', message: 'No such contact in this workspace' },
    ]);
    expect(
      (await owner.get(`/api/contacts/${worried.id}/usage`)).body.find((r: { day: string }) => r.day === day(-1)),
    ).toBeUndefined();
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/contacts/${worried.id}/health`)).status).toBe(404);
    expect((await stranger.get('/api/customer-health?maxScore=100')).body).toEqual({
      counts: { healthy: 0, watch: 0, at_risk: 0 },
      customers: [],
    });
    expect((await stranger.post('/api/usage-readings', { readings })).status).toBe(400);
    const viewer = await memberOf(test, owner, 'viewer');
    expect((await viewer.post('/api/usage-readings', { readings })).status).toBe(403);
    expect((await viewer.get('/api/customer-health')).body.customers).toHaveLength(1);
  });

  it('counts the readings of a contact merged away for the one kept (the contact.merged event)', async () => {
    const owner = await ownerOf(test);
    const hook = await owner.post('/api/webhooks', { url: 'https://erp.example.com/hook', events: ['contact.merged'] });
    const keep = (await owner.post('/api/contacts', { name: 'Rosa Peña' })).body;
    const twin = (await owner.post('/api/contacts', { name: 'rosa pena' })).body;
    await owner.post('/api/usage-readings', {
      readings: [
        { contactId: keep.id, day: day(-2), quantity: 10 },
        { contactId: twin.id, day: day(-2), quantity: 5 },
        { contactId: twin.id, day: day(-1), quantity: 7 },
      ],
    });
    expect((await owner.post('/api/contacts/merge', { keepId: keep.id, mergeId: twin.id, take: [] })).status).toBe(200);
    const usage = (await owner.get(`/api/contacts/${keep.id}/usage`)).body;
    expect(usage.filter((r: { quantity: number }) => r.quantity > 0)).toEqual([
      { day: day(-2), quantity: 15 },
      { day: day(-1), quantity: 7 },
    ]);
    const [delivery] = (await owner.get(`/api/webhooks/${hook.body.id}/deliveries`)).body;
    expect(delivery).toMatchObject({ event: 'contact.merged' });
    expect((await owner.get(`/api/contacts/${twin.id}/usage`)).status).toBe(404);
  });
});
