import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('duplicates', () => {
  it('are found by the same email, the same phone in any format, or the same name written alike', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/contacts', { name: 'Rosa Peña', emails: [{ value: 'rosa@paloma.mx' }] });
    await owner.post('/api/contacts', { name: 'R. Peña', emails: [{ value: 'ROSA@paloma.mx' }] });
    await owner.post('/api/contacts', { name: 'Juan', phones: [{ value: '81 1234 5678' }] });
    await owner.post('/api/contacts', { name: 'Juanito', phones: [{ value: '+52 1 81 1234 5678' }] });
    await owner.post('/api/contacts', { name: 'Pérez Luis', emails: [{ value: 'a@x.mx' }] });
    await owner.post('/api/contacts', { name: 'luis perez', emails: [{ value: 'b@x.mx' }] });
    const groups = (await owner.get('/api/contacts/duplicates')).body as {
      reason: string;
      value: string;
      contacts: { name: string }[];
    }[];
    const summary = groups.map((g) => [g.reason, g.value, g.contacts.map((c) => c.name).sort()]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['email', 'rosa@paloma.mx', ['R. Peña', 'Rosa Peña']],
        ['phone', '+528112345678', ['Juan', 'Juanito']],
        ['name', 'luis perez', ['Pérez Luis', 'luis perez']],
      ]),
    );
  });

  it('merge into one contact in one step, keeping every conversation, note, tag, company and change', async () => {
    const owner = await ownerOf(test);
    const company = await owner.post('/api/companies', { name: 'Paloma' });
    const keep = await owner.post('/api/contacts', {
      name: 'Rosa Peña',
      emails: [{ value: 'rosa@paloma.mx' }],
      tags: ['VIP'],
      profile: { preferences: { contactHours: 'Mañanas' } },
    });
    const visitor = await visitorOf(test, owner, 'Rosa chat', 'rosa.chat@gmail.com');
    await visitor.send('Hola, soy Rosa');
    const chatContact = (await owner.get('/api/contacts?q=gmail')).body.items[0];
    await owner.patch(`/api/contacts/${chatContact.id}`, {
      tags: ['Web'],
      companies: [{ companyId: company.body.id, role: 'Dueña' }],
      phones: [{ value: '81 1234 5678' }],
      source: 'Chat web',
      profile: { requirements: { details: 'Factura diaria' } },
    });
    await owner.post(`/api/contacts/${chatContact.id}/notes`, { body: 'Llamar por la tarde' });
    const merged = await owner.post('/api/contacts/merge', {
      keepId: keep.body.id,
      mergeId: chatContact.id,
      take: ['source'],
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      name: 'Rosa Peña',
      email: 'rosa@paloma.mx',
      phone: '+528112345678',
      source: 'Chat web',
      tags: ['VIP', 'Web'],
      companies: [{ name: 'Paloma', role: 'Dueña' }],
      profile: { preferences: { contactHours: 'Mañanas' }, requirements: { details: 'Factura diaria' } },
    });
    expect(merged.body.emails.map((e: { value: string }) => e.value)).toEqual([
      'rosa@paloma.mx',
      'rosa.chat@gmail.com',
    ]);
    expect(merged.body.stats.conversations).toBe(1);
    expect((await owner.get(`/api/contacts/${chatContact.id}`)).status).toBe(404);
    const timeline = (await owner.get(`/api/contacts/${keep.body.id}/timeline`)).body.items.map(
      (i: { kind: string; body: string | null; title: string }) => i.body ?? i.title,
    );
    expect(timeline).toEqual(
      expect.arrayContaining(['Hola, soy Rosa', 'Llamar por la tarde', 'contact.merged', 'contact.updated']),
    );
    // The visitor keeps their conversation in the widget.
    expect((await visitor.messages()).body.map((m: { body: string }) => m.body)).toEqual(['Hola, soy Rosa']);
    const log = (await owner.get('/api/audit-log')).body.find((e: { action: string }) => e.action === 'contact.merged');
    expect(log.details.merged.name).toBe('Rosa chat');
  });

  it('refuses to merge a contact with itself or with another workspace’s contact, changing nothing', async () => {
    const owner = await ownerOf(test);
    const a = await owner.post('/api/contacts', { name: 'A' });
    expect(
      (await owner.post('/api/contacts/merge', { keepId: a.body.id, mergeId: a.body.id })).body.error.fields[0].path,
    ).toBe('mergeId');
    const stranger = await ownerOf(test);
    const theirs = await stranger.post('/api/contacts', { name: 'Theirs' });
    expect((await owner.post('/api/contacts/merge', { keepId: a.body.id, mergeId: theirs.body.id })).status).toBe(404);
    expect((await stranger.get(`/api/contacts/${theirs.body.id}`)).status).toBe(200);
  });
});
