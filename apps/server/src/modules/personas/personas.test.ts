import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const manufacturer = {
  name: 'Dueño de taller industrial',
  description: 'Maquinado y manufactura, micro o pequeña, en Nuevo León',
  criteria: {
    demographics: { ageMin: 35, ageMax: 60, womenPercent: 20 },
    socioeconomics: { locations: ['Monterrey', 'Apodaca'], occupation: 'Dueño' },
    psychographics: { traits: ['demanding', 'detail_oriented'], interests: ['fútbol'], anxieties: ['Multas del SAT'] },
    business: { industries: ['Manufactura'], sizeBands: ['micro', 'small'] },
    preferences: { channels: ['whatsapp', 'phone'] },
  },
};

describe('buyer personas', () => {
  it('score each contact with the reasons, best first, and count customers per persona', async () => {
    const owner = await ownerOf(test);
    const persona = await owner.post('/api/personas', manufacturer);
    expect(persona.status).toBe(201);
    await owner.post('/api/personas', {
      name: 'Profesionista independiente',
      criteria: { business: { industries: ['Servicios profesionales'] }, preferences: { channels: ['email'] } },
    });
    const shop = await owner.post('/api/companies', {
      name: 'Tornos Apodaca',
      industry: 'Manufactura',
      employees: 8,
      address: { city: 'Apodaca' },
    });
    const jose = await owner.post('/api/contacts', {
      name: 'José',
      status: 'active',
      companies: [{ companyId: shop.body.id }],
      profile: { psychographics: { traits: ['demanding', 'loyal'] }, preferences: { channels: ['whatsapp'] } },
    });
    const fits = (await owner.get(`/api/contacts/${jose.body.id}/personas`)).body;
    expect(fits[0]).toMatchObject({ name: 'Dueño de taller industrial', score: 100 });
    expect(fits[0].reasons.map((r: { criterion: string }) => r.criterion)).toEqual([
      'traits',
      'channels',
      'industries',
      'sizeBands',
      'locations',
    ]);
    expect(fits[1]).toMatchObject({ name: 'Profesionista independiente', score: 0 });
    const bare = await owner.post('/api/contacts', { name: 'Sin datos', status: 'active' });
    expect((await owner.get(`/api/contacts/${bare.body.id}/personas`)).body[0].score).toBe(0);
    const report = (await owner.get('/api/personas/report')).body;
    expect(report).toEqual([
      { personaId: persona.body.id, name: 'Dueño de taller industrial', customers: 1 },
      { personaId: expect.any(String), name: 'Profesionista independiente', customers: 0 },
      { personaId: null, name: null, customers: 1 },
    ]);
  });

  it('are defined by admins only, with checked criteria, inside their workspace', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.post('/api/personas', manufacturer)).status).toBe(403);
    const bad = await owner.post('/api/personas', {
      name: 'X',
      criteria: { business: { sizeBands: ['huge'] }, psychographics: { traits: ['grumpy'] } },
    });
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'criteria.psychographics.traits.0',
      'criteria.business.sizeBands.0',
    ]);
    const persona = await owner.post('/api/personas', manufacturer);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/personas')).body).toEqual([]);
    expect((await stranger.delete(`/api/personas/${persona.body.id}`)).status).toBe(404);
  });
});
