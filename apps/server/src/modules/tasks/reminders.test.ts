import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../platform/events.js';
import { type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';
import { remindDueTasks } from './service.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('task reminders', () => {
  it('tell the assignee once when a follow-up or deal activity falls due, by email when they chose it, again when it moves', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent', 'Paola');
    const agentId = (await agent.get('/api/auth/session')).body.user.id as string;
    const contact = (await owner.post('/api/contacts', { name: 'Ing. Ramírez' })).body;
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const deal = (
      await owner.post('/api/deals', { title: 'Plan anual', pipelineId: pipeline.id, contactId: contact.id })
    ).body;
    const soon = new Date(Date.now() + 60 * 60_000).toISOString();
    const call = (
      await owner.post('/api/tasks', {
        title: 'Llamar para cerrar',
        dealId: deal.id,
        kind: 'call',
        assigneeId: agentId,
        dueAt: new Date(Date.now() - 60_000).toISOString(),
      })
    ).body;
    await owner.post('/api/tasks', { title: 'Más tarde', contactId: contact.id, assigneeId: agentId, dueAt: soon });
    await owner.post('/api/tasks', {
      title: 'Sin responsable',
      contactId: contact.id,
      dueAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect((await agent.request('PUT', '/api/me/notifications', { email: ['task_due'] })).status).toBe(200);

    const events: DomainEvent[] = [];
    const stop = test.ctx.events.subscribe((e) => events.push(e));
    expect(await remindDueTasks(test.ctx)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.filter((e) => e.type === 'notification')).toEqual([
      expect.objectContaining({
        userId: agentId,
        notification: expect.objectContaining({
          kind: 'task_due',
          contactId: contact.id,
          contactName: 'Ing. Ramírez',
          excerpt: 'Llamar para cerrar',
          conversationId: null,
        }),
      }),
    ]);
    const mails = (
      await test.ctx.db.selectFrom('jobs').select('payload').where('name', '=', 'mail.send').execute()
    ).map((j) => JSON.parse(j.payload));
    expect(mails).toEqual([
      expect.objectContaining({
        subject: 'Vence ahora: Llamar para cerrar',
        text: expect.stringContaining(`/contacts/${contact.id}`),
      }),
    ]);
    // Once only; a new date is a new reminder; done tasks are not reminded.
    expect(await remindDueTasks(test.ctx)).toBe(0);
    await owner.patch(`/api/tasks/${call.id}`, { dueAt: new Date(Date.now() - 1_000).toISOString() });
    expect(await remindDueTasks(test.ctx)).toBe(1);
    await owner.patch(`/api/tasks/${call.id}`, { dueAt: new Date(Date.now() - 1_000).toISOString(), status: 'done' });
    expect(await remindDueTasks(test.ctx)).toBe(0);
    expect(await remindDueTasks(test.ctx, Date.now() + 2 * 60 * 60_000)).toBe(1);
    stop();
  });
});
