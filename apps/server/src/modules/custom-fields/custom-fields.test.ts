import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('custom fields', () => {
  it('are defined by an admin and hold checked values on contacts and companies', async () => {
    const owner = await ownerOf(test);
    const regimen = await owner.post('/api/custom-fields', {
      entity: 'contact',
      label: 'Régimen fiscal',
      type: 'choice',
      options: ['601 General', '612 Personas físicas', '626 RESICO'],
    });
    expect(regimen.status).toBe(201);
    expect(regimen.body).toMatchObject({ key: 'regimen_fiscal', type: 'choice', position: 0 });
    await owner.post('/api/custom-fields', { entity: 'contact', label: 'Timbres al mes', type: 'number' });
    await owner.post('/api/custom-fields', { entity: 'contact', label: 'Renovación', type: 'date' });
    await owner.post('/api/custom-fields', { entity: 'contact', label: 'Factura electrónica', type: 'yes_no' });
    await owner.post('/api/custom-fields', {
      entity: 'company',
      label: 'Módulos',
      type: 'multi_choice',
      options: ['Nómina', 'Facturación'],
    });
    const contact = await owner.post('/api/contacts', {
      name: 'Rosa',
      custom: {
        regimen_fiscal: '626 RESICO',
        timbres_al_mes: 120,
        renovacion: '2027-01-15',
        factura_electronica: true,
      },
    });
    expect(contact.body.custom).toEqual({
      regimen_fiscal: '626 RESICO',
      timbres_al_mes: 120,
      renovacion: '2027-01-15',
      factura_electronica: true,
    });
    const edited = await owner.patch(`/api/contacts/${contact.body.id}`, {
      custom: { timbres_al_mes: 200, renovacion: null },
    });
    expect(edited.body.custom).toEqual({
      regimen_fiscal: '626 RESICO',
      timbres_al_mes: 200,
      factura_electronica: true,
    });
    const company = await owner.post('/api/companies', { name: 'Paloma', custom: { modulos: ['Nómina'] } });
    expect(company.body.custom).toEqual({ modulos: ['Nómina'] });
  });

  it('refuse values that do not fit or fields that do not exist, naming them, and write nothing', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/custom-fields', { entity: 'contact', label: 'Timbres', type: 'number' });
    await owner.post('/api/custom-fields', { entity: 'contact', label: 'Plan', type: 'choice', options: ['Básico'] });
    const bad = await owner.post('/api/contacts', {
      name: 'X',
      custom: { timbres: 'muchos', plan: 'Oro', color: 'azul' },
    });
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'custom.timbres',
      'custom.plan',
      'custom.color',
    ]);
    expect((await owner.get('/api/contacts')).body.total).toBe(0);
    expect(
      (await owner.post('/api/custom-fields', { entity: 'contact', label: 'Plan', type: 'text' })).body.error.fields[0]
        .path,
    ).toBe('key');
    expect(
      (await owner.post('/api/custom-fields', { entity: 'contact', label: 'Nivel', type: 'choice' })).body.error
        .fields[0].path,
    ).toBe('options');
  });

  it('only admins define them; each workspace has its own', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.post('/api/custom-fields', { entity: 'contact', label: 'X', type: 'text' })).status).toBe(403);
    const field = await owner.post('/api/custom-fields', { entity: 'contact', label: 'Secreto', type: 'text' });
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/custom-fields')).body).toEqual([]);
    expect((await stranger.delete(`/api/custom-fields/${field.body.id}`)).status).toBe(404);
    expect(
      (await stranger.post('/api/contacts', { name: 'Y', custom: { secreto: 'x' } })).body.error.fields[0].path,
    ).toBe('custom.secreto');
  });
});
