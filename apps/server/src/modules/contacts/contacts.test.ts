import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { normalizePhone } from './phones.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('phone numbers', () => {
  it('become E.164 from any Mexican way of writing them', () => {
    for (const written of [
      '81 1234 5678',
      '(81) 1234-5678',
      '044 81 1234 5678',
      '+52 1 81 1234 5678',
      '5218112345678',
      '+52 81 1234 5678',
    ]) {
      expect(normalizePhone(written, 'MX')).toBe('+528112345678');
    }
    expect(normalizePhone('12', 'MX')).toBeNull();
    expect(normalizePhone('+1 415 555 2671', 'MX')).toBe('+14155552671');
  });
});

describe('a contact', () => {
  it('is created with the five profile sections, and read back whole', async () => {
    const owner = await ownerOf(test);
    const company = await owner.post('/api/companies', {
      name: 'Ferretería La Paloma',
      taxId: 'fpa010101abc',
      employees: 8,
      profile: { business: { whatTheyDo: 'Venta de herramienta', suppliers: 'Truper' } },
    });
    expect(company.status).toBe(201);
    expect(company.body).toMatchObject({ taxId: 'FPA010101ABC', sizeBand: 'micro' });
    const created = await owner.post('/api/contacts', {
      name: 'Rosa Peña Garza',
      emails: [{ value: 'Rosa@LaPaloma.mx' }, { value: 'rosa.personal@example.com', label: 'personal' }],
      phones: [{ value: '044 81 1234 5678', label: 'móvil' }],
      whatsappId: '5218112345678',
      address: { city: 'Monterrey', state: 'Nuevo León' },
      status: 'active',
      source: 'Expo Pyme 2026 attendance list',
      tags: ['VIP', 'Plan Pyme', 'VIP'],
      companies: [{ companyId: company.body.id, role: 'Dueña' }],
      profile: {
        transactional: {
          purchaseFrequency: 'monthly',
          totalSpent: 12500,
          products: ['Plan Pyme'],
          customerSince: '2023-04-01',
        },
        psychographics: {
          traits: ['demanding', 'loyal'],
          interests: ['fútbol'],
          treatmentOfStaffAndSuppliers: 'Respetuosa, exige puntualidad',
        },
        preferences: { channels: ['whatsapp', 'phone'], contactHours: 'Mañanas', language: 'es' },
        requirements: { checklist: ['working_hours_only', 'invoice_required'], details: 'Factura el mismo día' },
      },
    });
    expect(created.status).toBe(201);
    const contact = created.body;
    expect(contact).toMatchObject({
      name: 'Rosa Peña Garza',
      email: 'rosa@lapaloma.mx',
      phone: '+528112345678',
      emails: [
        { value: 'rosa@lapaloma.mx', label: null },
        { value: 'rosa.personal@example.com', label: 'personal' },
      ],
      status: 'active',
      tags: ['Plan Pyme', 'VIP'],
      companies: [{ name: 'Ferretería La Paloma', role: 'Dueña' }],
      source: 'Expo Pyme 2026 attendance list',
    });
    expect(contact.profile.requirements.checklist).toEqual(['working_hours_only', 'invoice_required']);
    const company2 = await owner.get(`/api/companies/${company.body.id}`);
    expect(company2.body.contacts).toEqual([{ id: contact.id, name: 'Rosa Peña Garza', role: 'Dueña' }]);
  });

  it('rejects a bad email or phone naming the field, and writes nothing', async () => {
    const owner = await ownerOf(test);
    const bad = await owner.post('/api/contacts', {
      name: 'X',
      emails: [{ value: 'ok@example.com' }, { value: 'not-an-email' }],
      phones: [{ value: '123' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      { path: 'emails.1.value', message: 'Invalid email address' },
      { path: 'phones.0.value', message: 'Invalid phone number' },
    ]);
    expect((await owner.get('/api/contacts')).body.total).toBe(0);
  });

  it('edits a profile section field by field, and marks a former customer with the date and reason', async () => {
    const owner = await ownerOf(test);
    const created = await owner.post('/api/contacts', {
      name: 'Juan',
      status: 'active',
      profile: { preferences: { channels: ['email'], contactHours: 'Tardes' } },
    });
    const id = created.body.id;
    const edited = await owner.patch(`/api/contacts/${id}`, { profile: { preferences: { contactHours: 'Mañanas' } } });
    expect(edited.body.profile.preferences).toEqual({ channels: ['email'], contactHours: 'Mañanas' });
    const left = await owner.patch(`/api/contacts/${id}`, { status: 'former', leftReason: 'Precio' });
    expect(left.body).toMatchObject({ status: 'former', leftReason: 'Precio' });
    expect(left.body.leftAt).not.toBeNull();
    const log = (await owner.get('/api/audit-log')).body.filter(
      (e: { action: string }) => e.action === 'contact.updated',
    );
    expect(log[0].details.fields).toEqual(['status', 'leftReason']);
    expect(log[0].details.before.status).toBe('active');
  });

  it('only an agent of the workspace can own a contact; a viewer cannot edit', async () => {
    const owner = await ownerOf(test);
    const viewer = await memberOf(test, owner, 'viewer');
    const viewerId = (await viewer.get('/api/auth/session')).body.user.id;
    const bad = await owner.post('/api/contacts', { name: 'X', ownerId: viewerId });
    expect(bad.body.error.fields[0].path).toBe('ownerId');
    const created = await owner.post('/api/contacts', { name: 'Y' });
    expect((await viewer.patch(`/api/contacts/${created.body.id}`, { name: 'Z' })).status).toBe(403);
    expect((await viewer.get(`/api/contacts/${created.body.id}`)).status).toBe(200);
  });
});

describe('search', () => {
  it('finds by name without accents, by company, by email, by phone in any format and by notes', async () => {
    const owner = await ownerOf(test);
    const company = await owner.post('/api/companies', { name: 'Maquinados Apodaca' });
    const rosa = await owner.post('/api/contacts', {
      name: 'Rosa Peña',
      emails: [{ value: 'rosa@paloma.mx' }],
      phones: [{ value: '81 1234 5678' }],
      companies: [{ companyId: company.body.id }],
    });
    await owner.post('/api/contacts', { name: 'Pedro Pérez', emails: [{ value: 'pedro@example.com' }] });
    await owner.post(`/api/contacts/${rosa.body.id}/notes`, { body: 'Pidió cotización de tornillería especial' });
    const find = async (q: string) =>
      (await owner.get(`/api/contacts?q=${encodeURIComponent(q)}`)).body.items.map((c: { name: string }) => c.name);
    expect(await find('pena')).toEqual(['Rosa Peña']);
    expect(await find('Peña')).toEqual(['Rosa Peña']);
    expect(await find('ros')).toEqual(['Rosa Peña']);
    expect(await find('apodaca')).toEqual(['Rosa Peña']);
    expect(await find('rosa@paloma.mx')).toEqual(['Rosa Peña']);
    expect(await find('(81) 1234-5678')).toEqual(['Rosa Peña']);
    expect(await find('+52 81 1234 5678')).toEqual(['Rosa Peña']);
    expect(await find('tornilleria')).toEqual(['Rosa Peña']);
    expect(await find('perez')).toEqual(['Pedro Pérez']);
    expect(await find('nadie')).toEqual([]);
    // Renaming the company keeps its people findable by the new name.
    await owner.patch(`/api/companies/${company.body.id}`, { name: 'Torno Norte' });
    expect(await find('torno')).toEqual(['Rosa Peña']);
  });

  it('filters by status and tag, and pages by name', async () => {
    const owner = await ownerOf(test);
    for (const [name, status, tags] of [
      ['Ana', 'active', ['VIP']],
      ['Beto', 'prospect', []],
      ['Carla', 'active', []],
      ['Dora', 'former', ['VIP']],
    ] as const) {
      await owner.post('/api/contacts', { name, status, tags });
    }
    expect((await owner.get('/api/contacts?status=active')).body.items.map((c: { name: string }) => c.name)).toEqual([
      'Ana',
      'Carla',
    ]);
    expect((await owner.get('/api/contacts?tag=VIP')).body.items.map((c: { name: string }) => c.name)).toEqual([
      'Ana',
      'Dora',
    ]);
    const first = await owner.get('/api/contacts?limit=3');
    expect(first.body.total).toBe(4);
    const second = await owner.get(`/api/contacts?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((c: { name: string }) => c.name)).toEqual(['Dora']);
  });
});

describe('export', () => {
  it('writes the list or segment as CSV, formulas neutralised, and records who exported', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/contacts', {
      name: '=cmd|calc',
      emails: [{ value: 'x@evil.mx' }],
      status: 'active',
      tags: ['VIP'],
    });
    await owner.post('/api/contacts', {
      name: 'Ana, la del taller',
      phones: [{ value: '81 1234 5678' }],
      status: 'prospect',
    });
    const all = await owner.get('/api/contacts/export.csv');
    const lines = String(all.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('name,emails,phones,status,tags,companies,source,created_at');
    expect(lines[1]).toMatch(/^'=cmd\|calc,x@evil\.mx,,active,VIP,,,/);
    expect(lines[2]).toMatch(/^"Ana, la del taller",,'\+528112345678,prospect,/);
    const labelled = (
      await owner.post('/api/contacts', {
        name: 'Beto',
        phones: [
          { value: '81 1111 2222', label: 'mobile' },
          { value: '81 8340 1000', label: 'work' },
        ],
      })
    ).body;
    const again = String((await owner.get('/api/contacts/export.csv?q=beto')).body);
    expect(again).toContain("'+528111112222 (mobile); +528183401000 (work)");
    await owner.delete(`/api/contacts/${labelled.id}`);
    const active = await owner.get('/api/contacts/export.csv?status=active');
    expect(String(active.body).trim().split('\r\n')).toHaveLength(2);
    expect((await owner.get('/api/audit-log')).body[0].action).toBe('contacts.exported');
  });
});

describe('timeline', () => {
  it('shows conversations, messages, notes and changes, newest first, filterable and paged', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa', 'rosa@example.com');
    const sent = await visitor.send('Hola, ¿me ayudan?');
    await owner.post(`/api/conversations/${sent.body.conversationId}/messages`, { body: 'Claro que sí' });
    const contactId = (await owner.get('/api/contacts')).body.items[0].id;
    await owner.patch(`/api/contacts/${contactId}`, { status: 'active' });
    await owner.post(`/api/contacts/${contactId}/notes`, { body: 'Prefiere llamadas' });
    const all = await owner.get(`/api/contacts/${contactId}/timeline`);
    expect(all.body.items.map((i: { kind: string }) => i.kind)).toEqual([
      'note',
      'change',
      'message',
      'message',
      'conversation',
    ]);
    expect(all.body.items[2]).toMatchObject({ kind: 'message', body: 'Claro que sí', channel: 'webchat' });
    const onlyMessages = await owner.get(`/api/contacts/${contactId}/timeline?kinds=message`);
    expect(onlyMessages.body.items.map((i: { body: string }) => i.body)).toEqual(['Claro que sí', 'Hola, ¿me ayudan?']);
    const page1 = await owner.get(`/api/contacts/${contactId}/timeline?limit=2`);
    const page2 = await owner.get(
      `/api/contacts/${contactId}/timeline?limit=2&before=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    const page3 = await owner.get(
      `/api/contacts/${contactId}/timeline?limit=2&before=${encodeURIComponent(page2.body.nextCursor)}`,
    );
    expect([...page1.body.items, ...page2.body.items, ...page3.body.items].map((i: { id: string }) => i.id)).toEqual(
      all.body.items.map((i: { id: string }) => i.id),
    );
    expect(page3.body.nextCursor).toBeNull();
  });

  it('@mentions in notes name the teammate', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent', 'Luis');
    const agentId = (await agent.get('/api/auth/session')).body.user.id;
    const contact = await owner.post('/api/contacts', { name: 'Rosa' });
    const note = await owner.post(`/api/contacts/${contact.body.id}/notes`, { body: '@Luis person llámale mañana' });
    expect(note.body.mentions).toEqual([agentId]);
  });
});

describe('workspace isolation', () => {
  it('another workspace cannot see, edit, annotate or link to contacts and companies by id', async () => {
    const owner = await ownerOf(test);
    const company = await owner.post('/api/companies', { name: 'Secreta SA' });
    const contact = await owner.post('/api/contacts', { name: 'Privada', companies: [{ companyId: company.body.id }] });
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/contacts')).body.total).toBe(0);
    expect((await stranger.get('/api/contacts?q=privada')).body.total).toBe(0);
    expect((await stranger.get(`/api/contacts/${contact.body.id}`)).status).toBe(404);
    expect((await stranger.patch(`/api/contacts/${contact.body.id}`, { name: 'Hacked' })).status).toBe(404);
    expect((await stranger.post(`/api/contacts/${contact.body.id}/notes`, { body: 'x' })).status).toBe(404);
    expect((await stranger.get(`/api/contacts/${contact.body.id}/timeline`)).status).toBe(404);
    expect((await stranger.get(`/api/companies/${company.body.id}`)).status).toBe(404);
    // Nor make one of its people the owner of their own records.
    const ownerId = (await owner.get('/api/auth/session')).body.user.id;
    expect((await stranger.post('/api/companies', { name: 'Mía', ownerId })).body.error.fields[0].path).toBe('ownerId');
    const mine = await stranger.post('/api/companies', { name: 'Mía' });
    expect((await stranger.patch(`/api/companies/${mine.body.id}`, { ownerId })).body.error.fields[0].path).toBe(
      'ownerId',
    );
    const linked = await stranger.post('/api/contacts', { name: 'Mine', companies: [{ companyId: company.body.id }] });
    expect(linked.body.error.fields[0].path).toBe('companies.0.companyId');
    expect((await owner.get(`/api/contacts/${contact.body.id}`)).body.name).toBe('Privada');
    expect((await owner.get(`/api/companies/${company.body.id}`)).body.contacts).toHaveLength(1);
  });
});
