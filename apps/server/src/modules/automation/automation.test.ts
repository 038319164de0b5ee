import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { holds } from './service.js';

let test: TestApp;
let receiver: Server;
let port = 0;
const received: { event: string; body: Record<string, any> }[] = [];
beforeEach(async () => {
  test = await startTestApp();
  received.length = 0;
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ event: String(request.headers['x-atiende-event']), body: JSON.parse(body) });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await test.close();
});

const drain = async () => {
  for (let i = 0; i < 3; i++) await test.ctx.jobs.drain();
};

describe('automation rules', () => {
  it('compare text without case or accents, lists by their items, numbers by size', () => {
    const facts = {
      'message.text': 'No puedo TIMBRAR mi Factura',
      'conversation.labels': ['VIP', 'Facturación'],
      'deal.value': 50_000,
      'time.businessHours': false,
      'contact.ownerId': null,
    };
    expect(holds({ field: 'message.text', operator: 'contains', value: 'factura' }, facts)).toBe(true);
    expect(holds({ field: 'message.text', operator: 'not_contains', value: 'timbrar' }, facts)).toBe(false);
    expect(holds({ field: 'conversation.labels', operator: 'is', value: 'facturacion' }, facts)).toBe(true);
    expect(holds({ field: 'conversation.labels', operator: 'is_not', value: 'vip' }, facts)).toBe(false);
    expect(holds({ field: 'deal.value', operator: 'gte', value: 50_000 }, facts)).toBe(true);
    expect(holds({ field: 'deal.value', operator: 'lte', value: 49_999 }, facts)).toBe(false);
    expect(holds({ field: 'time.businessHours', operator: 'is', value: false }, facts)).toBe(true);
    expect(holds({ field: 'contact.ownerId', operator: 'is_empty', value: null }, facts)).toBe(true);
    expect(holds({ field: 'contact.tags', operator: 'is_not_empty', value: null }, facts)).toBe(false);
  });

  it('when a customer writes about invoices: label, give it to billing, answer, notify, make a task and call a webhook', async () => {
    const owner = await ownerOf(test);
    test.ctx.config.webhooksAllowPrivate = true;
    const me = (await owner.get('/api/auth/session')).body.user;
    const agent = await memberOf(test, owner, 'agent');
    const agentId = (await agent.get('/api/auth/session')).body.user.id;
    const label = (await owner.post('/api/labels', { name: 'Facturación', color: 'teal' })).body;
    const team = (
      await owner.post('/api/teams', { name: 'Facturación', autoAssign: false, members: [{ userId: agentId }] })
    ).body;
    const hook = (await owner.post('/api/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['deal.won'] }))
      .body;

    const rule = await owner.post('/api/automation-rules', {
      name: 'Facturas a Facturación',
      event: 'message.received',
      conditions: [
        { field: 'message.text', operator: 'contains', value: 'factura' },
        { field: 'conversation.channel', operator: 'is', value: 'webchat' },
      ],
      actions: [
        { type: 'add_label', labelId: label.id },
        { type: 'assign_team', teamId: team.id },
        { type: 'assign_agent', userId: agentId },
        { type: 'set_priority', priority: 'high' },
        { type: 'send_message', body: 'Hola {{name}}, ya pasamos tu caso a Facturación de {{company}}.' },
        { type: 'notify', userIds: [me.id], assignee: true, text: 'Un cliente escribió sobre facturas' },
        { type: 'create_task', title: 'Revisar timbrado', taskKind: 'call', dueInDays: 1, assignTo: 'assignee' },
        { type: 'call_webhook', webhookId: hook.id },
      ],
    });
    expect(rule.status).toBe(201);

    const notices: unknown[] = [];
    test.ctx.events.subscribe((e) => e.type === 'notification' && notices.push(e.notification));
    const visitor = await visitorOf(test, owner, 'Lucía Garza');
    await visitor.send('Hola, no me deja timbrar la FACTURA de noviembre');
    await drain();

    const [conversation] = (await owner.get('/api/conversations')).body.items;
    expect(conversation).toMatchObject({
      teamId: team.id,
      assigneeId: agentId,
      priority: 'high',
      labels: [{ name: 'Facturación' }],
    });
    // The automatic answer reaches the visitor but the customer still waits for a person.
    expect(conversation.waitingSince).not.toBeNull();
    const messages = (await visitor.messages()).body;
    expect(messages.at(-1)).toMatchObject({
      body: 'Hola Lucía, ya pasamos tu caso a Facturación de Acme Facturas.',
      senderType: 'system',
    });
    expect(notices).toContainEqual(
      expect.objectContaining({
        kind: 'automation',
        excerpt: 'Un cliente escribió sobre facturas',
        by: 'Facturas a Facturación',
      }),
    );
    const [task] = (await owner.get('/api/tasks')).body.filter(
      (t: { source: { type: string } | null }) => t.source?.type === 'automation',
    );
    expect(task).toMatchObject({
      title: 'Revisar timbrado',
      kind: 'call',
      assignee: { id: agentId },
      contact: { name: 'Lucía Garza' },
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      event: 'message.received',
      body: {
        type: 'message.received',
        data: {
          rule: { name: 'Facturas a Facturación' },
          message: { body: 'Hola, no me deja timbrar la FACTURA de noviembre' },
        },
      },
    });

    const [run] = (await owner.get(`/api/automation-rules/${rule.body.id}/runs`)).body;
    expect(run).toMatchObject({
      event: 'message.received',
      subject: { type: 'conversation', id: conversation.id },
      status: 'done',
    });
    expect(run.actions.map((a: { status: string }) => a.status)).toEqual(Array(8).fill('done'));
    expect((await owner.get('/api/automation-rules')).body[0]).toMatchObject({ runs: 1 });

    // A message that does not mention invoices runs nothing; nor does a rule turned off.
    await visitor.send('¿Y a qué hora abren?');
    await drain();
    expect((await owner.get(`/api/automation-rules/${rule.body.id}/runs`)).body).toHaveLength(1);
    await owner.patch(`/api/automation-rules/${rule.body.id}`, { enabled: false });
    await visitor.send('Otra factura');
    await drain();
    expect((await owner.get(`/api/automation-rules/${rule.body.id}/runs`)).body).toHaveLength(1);
  });

  it('act on business events: a lost subscription gives its owner a call; a skipped action is logged and the rest still run', async () => {
    const owner = await ownerOf(test);
    const me = (await owner.get('/api/auth/session')).body.user;
    await owner.post('/api/automation-rules', {
      name: 'Llamar a quien no renueva por precio',
      event: 'subscription.ended',
      conditions: [{ field: 'subscription.reason', operator: 'contains', value: 'precio' }],
      actions: [
        { type: 'notify', assignee: false, owner: true, text: 'No renovó por precio' },
        { type: 'create_task', title: 'Ofrecer plan anual con descuento', taskKind: 'call', dueInDays: 2 },
      ],
    });
    const contact = (await owner.post('/api/contacts', { name: 'Héctor Salazar', status: 'active' })).body;
    const sub = (
      await owner.post('/api/subscriptions', {
        contactId: contact.id,
        plan: 'Pyme',
        price: 4_800,
        startedOn: '2025-12-01',
        ownerId: null,
      })
    ).body;
    await owner.post(`/api/subscriptions/${sub.id}/end`, { version: 0, reason: 'El precio subió' });
    await drain();
    const tasks = (await owner.get(`/api/tasks?contactId=${contact.id}`)).body.filter(
      (t: { source: { type: string } | null }) => t.source?.type === 'automation',
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: 'Ofrecer plan anual con descuento', assignee: null });
    const [rule] = (await owner.get('/api/automation-rules')).body;
    const [run] = (await owner.get(`/api/automation-rules/${rule.id}/runs`)).body;
    // The contact has no owner: nobody to tell, so that action is skipped and the task is still made.
    expect(run).toMatchObject({
      status: 'done',
      subject: { type: 'subscription', id: sub.id },
      actions: [
        { type: 'notify', status: 'skipped', detail: 'nobody to tell' },
        { type: 'create_task', status: 'done' },
      ],
    });
    void me;
  });

  it('refuse what an event does not offer, ids of other workspaces, and anyone but admins', async () => {
    const owner = await ownerOf(test);
    const assignOnDeal = await owner.post('/api/automation-rules', {
      name: 'x',
      event: 'deal.won',
      conditions: [{ field: 'message.text', operator: 'contains', value: 'a' }],
      actions: [{ type: 'assign_team', teamId: 'nope' }],
    });
    expect(assignOnDeal.status).toBe(400);
    expect(assignOnDeal.body.error.fields).toEqual([
      { path: 'conditions.0.field', message: 'This event does not offer it: choose another condition or action' },
      { path: 'actions.0.type', message: 'This event does not offer it: choose another condition or action' },
      { path: 'actions.0.teamId', message: 'No such team in this workspace' },
    ]);
    expect((await owner.post('/api/automation-rules', { name: 'x', event: 'deal.won', actions: [] })).status).toBe(400);
    expect(
      (await owner.post('/api/automation-rules', { name: 'x', event: 'deal.won', actions: [{ type: 'explode' }] }))
        .status,
    ).toBe(400);
    const made = (
      await owner.post('/api/automation-rules', {
        name: 'Ganada grande',
        event: 'deal.won',
        conditions: [{ field: 'deal.value', operator: 'gte', value: 100_000 }],
        actions: [{ type: 'create_task', title: 'Agradecer' }],
      })
    ).body;
    const stranger = await ownerOf(test);
    const strangerLabel = (await stranger.post('/api/labels', { name: 'Ajena' })).body;
    expect(
      (
        await owner.patch(`/api/automation-rules/${made.id}`, {
          event: 'message.received',
          actions: [{ type: 'add_label', labelId: strangerLabel.id }],
        })
      ).body.error.fields,
    ).toEqual([{ path: 'actions.0.labelId', message: 'No such label in this workspace' }]);
    expect((await stranger.get(`/api/automation-rules/${made.id}/runs`)).status).toBe(404);
    expect((await stranger.patch(`/api/automation-rules/${made.id}`, { enabled: false })).status).toBe(404);
    expect((await stranger.delete(`/api/automation-rules/${made.id}`)).status).toBe(404);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.get('/api/automation-rules')).body).toHaveLength(1);
    expect(
      (
        await agent.post('/api/automation-rules', {
          name: 'x',
          event: 'deal.won',
          actions: [{ type: 'create_task', title: 'x' }],
        })
      ).status,
    ).toBe(403);
    expect((await owner.get('/api/automation-rules')).body[0]).toMatchObject({
      name: 'Ganada grande',
      enabled: true,
      event: 'deal.won',
    });
  });
});
