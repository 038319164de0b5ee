import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultBusinessHours } from '../../platform/business-hours.js';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { tenant } from '../../db/tenant.js';
import { changedConversations } from '../conversations/history.js';
import { recount, summarizeMessages, tallyMessage } from '../conversations/tally.js';
import { factOf } from './facts.js';

const MIN = 60_000;

describe('the facts of a conversation', () => {
  const calendar = {
    businessHours: defaultBusinessHours,
    timeZone: 'America/Mexico_City',
    holidays: new Set<string>(),
  };
  // Tuesday 2026-12-01 09:00 in Mexico City (UTC-6).
  const start = Date.parse('2026-12-01T15:00:00Z');
  const history = (over: Partial<Parameters<typeof factOf>[0]> = {}): Parameters<typeof factOf>[0] => ({
    id: 'c1',
    contact_id: 'k1',
    channel: 'webchat',
    team_id: null,
    assignee_id: 'u1',
    status: 'resolved',
    created_at: start,
    updated_at: start + 60 * MIN,
    first_response_at: start + 4 * MIN,
    resolved_at: start + 40 * MIN,
    abandoned_at: null,
    events: [
      { conversation_id: 'c1', type: 'created', data: '{}', created_at: start },
      { conversation_id: 'c1', type: 'first_response', data: '{}', created_at: start + 4 * MIN },
      { conversation_id: 'c1', type: 'transferred', data: '{}', created_at: start + 10 * MIN },
      { conversation_id: 'c1', type: 'responded', data: '{}', created_at: start + 30 * MIN },
      {
        conversation_id: 'c1',
        type: 'status_changed',
        data: '{"from":"open","to":"resolved"}',
        created_at: start + 40 * MIN,
      },
    ],
    messages: summarizeMessages(
      [
        {
          direction: 'incoming',
          sender_type: 'contact',
          kind: 'text',
          is_private: 0,
          metadata: '{}',
          created_at: start,
        },
        {
          direction: 'outgoing',
          sender_type: 'agent',
          kind: 'text',
          is_private: 0,
          metadata: '{}',
          created_at: start + 4 * MIN,
        },
        {
          direction: 'incoming',
          sender_type: 'contact',
          kind: 'text',
          is_private: 0,
          metadata: '{}',
          created_at: start + 5 * MIN,
        },
        {
          direction: 'outgoing',
          sender_type: 'agent',
          kind: 'text',
          is_private: 0,
          metadata: '{}',
          created_at: start + 30 * MIN,
        },
      ],
      start,
    ),
    ...over,
  });

  it('measure responses, replies, transfers and active time (gaps capped at 10 minutes, with the wrap-up)', () => {
    const fact = factOf(history(), calendar);
    expect(fact).toMatchObject({
      first_response_ms: 4 * MIN,
      first_response_business_ms: 4 * MIN,
      resolution_ms: 40 * MIN,
      agent_replies: 2,
      customer_messages: 2,
      transfers: 1,
      reopens: 0,
      returned_within_7d: 0,
      open: 0,
      local_day: 20261201,
      local_weekday: 2,
      local_hour: 9,
    });
    // 4 min before the first answer, 10 (of 25) before the second, 10 of wrap-up.
    expect(fact.handle_ms).toBe(24 * MIN);
  });

  it('count only business hours in the business-time figure, and no response for calls we logged', () => {
    // Written on Saturday night, answered Monday 09:30: 30 business minutes.
    const saturday = Date.parse('2026-12-06T04:00:00Z');
    const fact = factOf(
      history({
        created_at: saturday,
        first_response_at: Date.parse('2026-12-07T15:30:00Z'),
        status: 'open',
        resolved_at: null,
      }),
      calendar,
    );
    expect(fact.first_response_business_ms).toBe(30 * MIN);
    expect(fact.open).toBe(1);
    const call = factOf(
      history({
        channel: 'phone',
        events: [{ conversation_id: 'c1', type: 'logged', data: '{}', created_at: start }],
        messages: summarizeMessages(
          [
            {
              direction: 'outgoing',
              sender_type: 'agent',
              kind: 'call',
              is_private: 0,
              metadata: '{"durationSeconds":420}',
              created_at: start,
            },
          ],
          start,
        ),
      }),
      calendar,
    );
    expect(call.first_response_ms).toBeNull();
    expect(call.handle_ms).toBe(7 * MIN + 10 * MIN);
  });

  it('reads a reopening within 7 days as not resolved at first contact', () => {
    const events = [
      ...history().events,
      { conversation_id: 'c1', type: 'reopened', data: '{}', created_at: start + 2 * 86_400_000 },
    ];
    expect(factOf(history({ events }), calendar)).toMatchObject({ reopens: 1, returned_within_7d: 1 });
  });
});

let test: TestApp;
const logs: string[] = [];
beforeEach(async () => {
  test = await startTestApp({ logs });
});
afterEach(() => test.close());

async function chat(owner: Client, name: string, replies: number, resolve: boolean) {
  const visitor = await visitorOf(test, owner, name, `${name.split(' ')[0]!.toLowerCase()}@example.com`);
  const id = (await visitor.send('Hola, necesito ayuda')).body.conversationId as string;
  for (let i = 0; i < replies; i++)
    await owner.post(`/api/conversations/${id}/messages`, { body: `Respuesta ${i + 1}`, private: false });
  if (resolve) await owner.patch(`/api/conversations/${id}`, { status: 'resolved' });
  return id;
}

describe("the running tally of each conversation's messages", () => {
  const reference = async (t: ReturnType<typeof tenant>, id: string) => {
    const conversation = await t
      .selectFrom('conversations')
      .select('created_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const messages = await t
      .selectFrom('messages')
      .select(['id', 'direction', 'sender_type', 'is_private', 'kind', 'metadata', 'created_at'])
      .where('conversation_id', '=', id)
      .execute();
    return summarizeMessages(
      messages.map((m) => ({ ...m, is_private: Number(m.is_private), created_at: Number(m.created_at) })),
      Number(conversation.created_at),
    );
  };
  const row = (t: ReturnType<typeof tenant>, id: string) =>
    t
      .selectFrom('conversations')
      .select([
        'tally_stale',
        'tally_version',
        'tally_customer_messages',
        'tally_agent_replies',
        'tally_handle_ms',
        'tally_last_at',
      ])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('is kept by every way a message is written (chat, answers, notes, logged calls, merges) and equals the messages counted one by one', async () => {
    const owner = await ownerOf(test);
    const id = await chat(owner, 'Rosa Peña', 2, false);
    const contactId = (await owner.get(`/api/conversations/${id}`)).body.contact.id as string;
    await owner.post(`/api/conversations/${id}/messages`, { body: 'Nota interna', private: true });
    await chat(owner, 'Juan Pérez', 1, true);
    await owner.post('/api/activities', {
      contactId,
      kind: 'call',
      direction: 'inbound',
      durationMinutes: 7,
      outcome: 'solved',
      notes: 'Llamó',
      at: new Date().toISOString(),
    });
    const t = tenant(test.ctx.db, (await owner.get('/api/workspace')).body.id);
    const changed = await changedConversations(t, 0, 100);
    expect(changed.length).toBe(3);
    for (const c of changed) expect(c.messages).toEqual(await reference(t, c.id));
    expect(changed.find((c) => c.channel === 'phone')?.messages).toMatchObject({
      customerMessages: 1,
      agentReplies: 0,
      handleMs: 7 * MIN,
    });
    expect(changed.find((c) => c.id === id)?.messages).toMatchObject({ customerMessages: 1, agentReplies: 2 });
    // Rosa's call and chat merged: one history, counted again from its messages once and exact afterwards.
    const call = changed.find((c) => c.channel === 'phone')!;
    expect((await owner.post(`/api/conversations/${id}/merge`, { mergeId: call.id })).status).toBe(200);
    expect((await row(t, id)).tally_stale).toBe(1);
    const [merged] = await changedConversations(t, 0, 100).then((all) => all.filter((c) => c.id === id));
    expect(merged!.messages).toEqual(await reference(t, id));
    expect(await row(t, id)).toMatchObject({
      tally_stale: 0,
      tally_customer_messages: merged!.messages.customerMessages,
      tally_handle_ms: merged!.messages.handleMs,
    });
  });

  it('adds each message in time order exactly, and counts again a conversation that got one out of order', async () => {
    const owner = await ownerOf(test);
    const id = await chat(owner, 'Marta Ruiz', 0, false);
    const t = tenant(test.ctx.db, (await owner.get('/api/workspace')).body.id);
    const { created_at: start, inbox_id } = await t
      .selectFrom('conversations')
      .select(['created_at', 'inbox_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    let n = 0;
    // Written as the writers do: the message, then the tally, in one transaction.
    const write = (m: {
      direction: string;
      sender_type: string;
      is_private?: number;
      kind?: string;
      metadata?: string;
      at: number;
    }) =>
      t.transaction(async (tx) => {
        const message = {
          id: `m${String(++n).padStart(3, '0')}`,
          conversation_id: id,
          inbox_id,
          direction: m.direction,
          sender_type: m.sender_type,
          sender_id: null,
          sender_name: null,
          body: 'x',
          is_private: m.is_private ?? 0,
          source_id: null,
          kind: m.kind ?? 'text',
          delivery_status: null,
          delivery_error: null,
          metadata: m.metadata ?? '{}',
          created_at: m.at,
        };
        await tx.insertInto('messages', message).execute();
        await tallyMessage(tx, id, message);
      });
    const agent = { direction: 'outgoing', sender_type: 'agent' };
    const customer = { direction: 'incoming', sender_type: 'contact' };
    await write({ ...agent, at: start + 4 * MIN }); // 4 minutes since the customer's first message
    await write({ ...agent, is_private: 1, at: start + 5 * MIN }); // a note: 1 minute of work, not a reply
    await write({ ...customer, at: start + 20 * MIN });
    await write({ ...agent, at: start + 45 * MIN }); // 25 minutes later: 10 count
    await write({ ...agent, kind: 'call', metadata: '{"durationSeconds":300}', at: start + 50 * MIN }); // a call: its 5 minutes
    await write({ direction: 'outgoing', sender_type: 'system', kind: 'survey', at: start + 51 * MIN });
    expect(await row(t, id)).toMatchObject({
      tally_stale: 0,
      tally_customer_messages: 2,
      tally_agent_replies: 2,
      tally_handle_ms: (4 + 1 + 10 + 5) * MIN,
      tally_last_at: start + 51 * MIN,
    });
    expect((await changedConversations(t, 0, 100))[0]!.messages).toEqual(await reference(t, id));

    // One written before the latest (an import, a delayed channel): the gaps differ; the tally is counted again.
    await write({ ...customer, at: start + 30 * MIN });
    expect((await row(t, id)).tally_stale).toBe(1);
    await t
      .updateTable('conversations')
      .set({ updated_at: Date.now() + 1 })
      .where('id', '=', id)
      .execute();
    const [again] = await changedConversations(t, 0, 100);
    expect(again!.messages).toEqual(await reference(t, id));
    expect(again!.messages.handleMs).toBe((4 + 1 + 10 + 5) * MIN); // the answer at 45 follows the message at 30: 10 still
    expect(await row(t, id)).toMatchObject({
      tally_stale: 0,
      tally_customer_messages: 3,
      tally_handle_ms: (4 + 1 + 10 + 5) * MIN,
    });

    // A message at the very instant of the latest is counted again too (their order is the ids').
    await write({ ...agent, at: start + 51 * MIN });
    expect((await row(t, id)).tally_stale).toBe(1);
    // A recount that read the row before another message came in leaves the tally stale for the next pass.
    const before = await row(t, id);
    await write({ ...customer, at: start + 60 * MIN });
    await recount(t, [{ id, created_at: start, tally_version: before.tally_version }]);
    expect((await row(t, id)).tally_stale).toBe(1);
    const latest = await row(t, id);
    expect((await recount(t, [{ id, created_at: start, tally_version: latest.tally_version }])).get(id)).toEqual(
      await reference(t, id),
    );
    expect((await row(t, id)).tally_stale).toBe(0);
  });
});

describe('the service-standards dashboard', () => {
  it('shows each standard against its target, per channel, with the conversations behind it', async () => {
    const owner = await ownerOf(test);
    const slow = await chat(owner, 'Rosa Peña', 1, true);
    const twice = await chat(owner, 'Juan Pérez', 2, true);
    await chat(owner, 'Marta Ruiz', 0, false);
    // Rosa waited ten minutes for the answer: the web chat's target is two.
    await test.ctx.db
      .updateTable('conversations')
      .set((eb) => ({ created_at: eb('created_at', '-', 10 * MIN), updated_at: eb('updated_at', '+', 1) }))
      .where('id', '=', slow)
      .execute();
    await owner.patch(`/api/conversations/${twice}`, { status: 'open' });
    await owner.patch(`/api/conversations/${twice}`, { status: 'resolved' });

    const reply = await owner.get('/api/analytics/dashboard');
    if (reply.status !== 200)
      console.log(
        logs
          .filter((l) => l.includes('request failed'))
          .join('\n')
          .slice(0, 3000),
      );
    const dashboard = reply.body;
    expect(dashboard.conversations).toBe(3);
    const standard = (key: string) => dashboard.standards.find((s: { key: string }) => s.key === key);
    expect(standard('first_contact_resolution')).toMatchObject({ value: 33.3, target: 70, met: false, basis: 3 });
    expect(standard('instant_service')).toMatchObject({ value: 50, basis: 2 });
    expect(standard('waiting_time').value).toBeGreaterThanOrEqual(9.9);
    // Two answered: at once and after ten minutes; the median lies between them.
    expect(Math.abs(standard('first_response').value - 5)).toBeLessThan(0.2);
    expect(standard('first_response_p90').value).toBeGreaterThan(8.9);
    expect(standard('reopen_rate')).toMatchObject({ value: 50, lowerIsBetter: true });
    expect(standard('backlog').value).toBe(1);
    expect(standard('first_response').trend.length).toBeGreaterThan(0);
    expect(dashboard.byChannel).toEqual([
      expect.objectContaining({ key: 'webchat', conversations: 3, firstResponseTargetMinutes: 2 }),
    ]);
    expect(dashboard.byAgent.find((a: { label: string }) => a.label === 'Ana Owner').conversations).toBe(2);
    expect(dashboard.heatmap.reduce((n: number, h: { count: number }) => n + h.count, 0)).toBe(3);
    // Rosa's conversation began ten minutes ago: in the first ten minutes of the workspace's day, that is yesterday.
    expect(dashboard.daily.reduce((n: number, d: { incoming: number }) => n + d.incoming, 0)).toBe(3);
    expect(dashboard.daily.at(-1)).toMatchObject({ resolved: 2, backlog: 1 });
    expect(dashboard.backlogAge.find((b: { key: string }) => b.key === 'under_1h').count).toBe(1);
    expect(dashboard.newCustomers.at(-1).count).toBe(3);

    const behind = (await owner.get('/api/analytics/drill-down?standard=instant_service')).body;
    expect(behind.total).toBe(1);
    expect(behind.items[0]).toMatchObject({ id: slow, contactName: 'Rosa Peña', agentReplies: 1 });
    expect((await owner.get('/api/analytics/drill-down?standard=first_contact_resolution')).body.total).toBe(2);

    // A workspace sets its own target: now everyone was served at once.
    const targets = (await owner.get('/api/analytics/targets')).body;
    const saved = await owner.request('PUT', '/api/analytics/targets', [
      ...targets.filter(
        (t: { standard: string; channel: string }) => !(t.standard === 'first_response' && t.channel === 'webchat'),
      ),
      { standard: 'first_response', channel: 'webchat', target: 15 },
    ]);
    expect(saved.status).toBe(200);
    expect(
      (await owner.get('/api/analytics/dashboard')).body.standards.find(
        (s: { key: string }) => s.key === 'instant_service',
      ).value,
    ).toBe(100);
    expect(
      (await owner.request('PUT', '/api/analytics/targets', [{ standard: 'speed', channel: '', target: 1 }])).status,
    ).toBe(400);
    expect((await owner.get('/api/analytics/dashboard?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z')).status).toBe(
      400,
    );

    const csv = await owner.get('/api/analytics/dashboard.csv');
    expect(String(csv.body)).toContain('First-contact resolution,33.3,percent,70,false');

    const summary = await owner.post('/api/analytics/summary');
    expect(summary.body).toEqual({ ok: true, recipients: 1 });
    const mail = await test.ctx.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').execute();
    expect(mail.map((m) => JSON.parse(m.payload).subject)).toContain('Acme Facturas: weekly service summary');
    expect(JSON.parse(mail.at(-1)!.payload).text).toContain('First-contact resolution: 33.3 %');

    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.get('/api/analytics/dashboard')).status).toBe(403);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/analytics/dashboard')).body.conversations).toBe(0);
    expect((await stranger.get('/api/analytics/drill-down?standard=backlog')).body.total).toBe(0);
  });

  it('counts a customer who writes again within 7 days, on another channel, against first-contact resolution', async () => {
    const owner = await ownerOf(test);
    const first = await chat(owner, 'Rosa Peña', 1, true);
    const contactId = (await owner.get(`/api/conversations/${first}`)).body.contact.id;
    const logged = await owner.post('/api/activities', {
      contactId,
      kind: 'call',
      direction: 'inbound',
      durationMinutes: 5,
      outcome: 'solved',
      notes: 'Llamó otra vez por lo mismo',
    });
    expect(logged.status).toBe(201);
    const dashboard = (await owner.get('/api/analytics/dashboard')).body;
    expect(dashboard.conversations).toBe(2);
    expect(
      (await owner.get('/api/analytics/drill-down?standard=first_contact_resolution&outcome=met')).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).not.toContain(first);
  });

  it('reads whole past days from their pages, and builds a page again when its facts change', async () => {
    const owner = await ownerOf(test);
    const ids = [
      await chat(owner, 'Rosa Peña', 1, true),
      await chat(owner, 'Juan Pérez', 1, false),
      await chat(owner, 'Marta Ruiz', 2, true),
    ];
    // Ten days ago: a whole day inside the default 30, read from its page.
    const DAY = 86_400_000;
    await test.ctx.db
      .updateTable('conversations')
      .set((eb) => ({ created_at: eb('created_at', '-', 10 * DAY), updated_at: eb('updated_at', '+', 1) }))
      .where('id', 'in', ids)
      .execute();
    const read = async () => (await owner.get('/api/analytics/dashboard')).body;
    const first = await read();
    expect(first.conversations).toBe(3);
    const pages = await test.ctx.db
      .selectFrom('conversation_fact_days')
      .select(['local_day', 'version', 'built_version', 'page'])
      .where('page', 'is not', null)
      .execute();
    const built = pages.find((p) => JSON.parse(p.page!).data.length === 3 * 6);
    expect(built).toBeDefined();
    expect(Number(built!.built_version)).toBe(Number(built!.version));
    // The same figures as from the facts themselves.
    await test.ctx.db.deleteFrom('conversation_fact_days').execute();
    expect({ ...(await read()), to: first.to, from: first.from }).toEqual(first);

    // Juan's conversation is resolved: its day's page is built again.
    await owner.patch(`/api/conversations/${ids[1]}`, { status: 'resolved' });
    const resolution = (d: { standards: { key: string; basis: number }[] }) =>
      d.standards.find((s) => s.key === 'resolution')!.basis;
    expect(resolution(await read())).toBe(3);
    // Marta asks to be forgotten: her conversation leaves the figures.
    const marta = (await owner.get(`/api/conversations/${ids[2]}`)).body.contact.id;
    expect((await owner.post(`/api/contacts/${marta}/privacy/block`, {})).status).toBe(200);
    const erased = await owner.post(`/api/contacts/${marta}/privacy/erase`, { confirmName: 'Marta Ruiz' });
    expect(erased.body).toEqual({ ok: true });
    const after = await read();
    expect(after.conversations).toBe(2);
    expect(after.byAgent.reduce((n: number, a: { conversations: number }) => n + a.conversations, 0)).toBe(2);
  });

  it('names the conversations far from the usual of their channel', async () => {
    const owner = await ownerOf(test);
    const names = ['Ana', 'Beto', 'Carla', 'Dario', 'Elena', 'Fede', 'Gina', 'Hugo', 'Ines', 'Jorge', 'Karla', 'Luis'];
    const ids: string[] = [];
    for (const name of names) ids.push(await chat(owner, `${name} Cliente`, 1, true));
    const slow = await chat(owner, 'Tomas Tarde', 1, true);
    // Answers after 1 to 12 minutes; one after five hours.
    for (const [i, id] of ids.entries())
      await test.ctx.db
        .updateTable('conversations')
        .set((eb) => ({ created_at: eb('created_at', '-', (i + 1) * MIN), updated_at: eb('updated_at', '+', 1) }))
        .where('id', '=', id)
        .execute();
    await test.ctx.db
      .updateTable('conversations')
      .set((eb) => ({ created_at: eb('created_at', '-', 300 * MIN), updated_at: eb('updated_at', '+', 1) }))
      .where('id', '=', slow)
      .execute();
    const dashboard = (await owner.get('/api/analytics/dashboard')).body;
    const far = dashboard.outliers.conversations.filter((o: { metric: string }) => o.metric === 'first_response');
    expect(far).toEqual([
      expect.objectContaining({ id: slow, contactName: 'Tomas Tarde', channel: 'webchat', metric: 'first_response' }),
    ]);
    expect(far[0].minutes).toBeGreaterThan(299);
    expect(far[0].usualMinutes).toBeGreaterThan(5);
    expect(far[0].deviations).toBeGreaterThan(3.5);
  });
});
