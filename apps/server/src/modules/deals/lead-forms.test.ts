import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('lead forms', () => {
  it('turn a visitor of the website into a contact and a deal, from the page or from JSON', async () => {
    const owner = await ownerOf(test, { language: 'es' });
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const made = await owner.post('/api/lead-forms', { name: 'Cotiza tu plan', pipelineId: pipeline.id });
    expect(made.status).toBe(201);
    const form = made.body;
    expect(form.url).toMatch(/\/f\/lf_/);
    expect(form.embed).toContain(`<iframe src="${form.url}"`);
    const path = new URL(form.url).pathname;

    // The page: light, no script, may be framed by the company's site.
    const page = await test.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cotiza tu plan');
    expect(page.body).not.toContain('<script');
    // Framed only by the company's own sites, once it lists them.
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const sites = await owner.patch('/api/workspace', {
      websites: ['https://www.garza.mx/contacto', 'http://localhost:8080'],
    });
    expect(sites.body.websites).toEqual(['https://www.garza.mx', 'http://localhost:8080']);
    expect(
      (await owner.patch('/api/workspace', { websites: ['javascript:alert(1)'] })).body.error.fields[0],
    ).toMatchObject({ path: 'websites.0' });
    const framed = await test.app.inject({ method: 'GET', url: path });
    expect(framed.headers['content-security-policy']).toContain(
      'frame-ancestors https://www.garza.mx http://localhost:8080',
    );

    // A bad email comes back with everything written still there.
    const form1 = (fields: Record<string, string>) =>
      test.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const bad = await form1({
      name: 'Lucía Garza',
      email: 'lucia@',
      company: 'Ferretería Garza',
      message: 'Quiero facturar desde el celular',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Ferretería Garza');
    expect(bad.body).toContain('Quiero facturar desde el celular');
    expect((await owner.get('/api/deals')).body.total).toBe(0);

    const sent = await form1({
      name: 'Lucía Garza',
      email: 'Lucia@Garza.mx',
      company: 'Ferretería Garza',
      phone: '81 1234 5678',
      message: 'Quiero facturar desde el celular',
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Gracias');
    const deals = (await owner.get('/api/deals')).body;
    expect(deals.total).toBe(1);
    const deal = (await owner.get(`/api/deals/${deals.items[0].id}`)).body;
    expect(deal).toMatchObject({
      title: 'Ferretería Garza — Cotiza tu plan',
      source: 'web_form',
      sourceDetail: 'Cotiza tu plan',
      stageId: pipeline.stages[0].id,
      owner: null,
      contact: { name: 'Lucía Garza' },
    });
    expect(deal.notes).toContain('Quiero facturar desde el celular');
    expect(deal.notes).toContain('81 1234 5678');

    // The same email again, through JSON from the company's own form: a form proves nothing, so the lead goes to a
    // contact of its own that says which customer's address it claims (an agent merges them), never into her history.
    const json = await test.app.inject({
      method: 'POST',
      url: `/api/public/lead-forms/${path.split('/f/')[1]}`,
      headers: { origin: 'https://garza.mx' },
      payload: { name: 'Lucía G.', email: 'lucia@garza.mx', message: 'Y nómina' },
    });
    expect(json.statusCode).toBe(201);
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect(
      (
        await test.app.inject({
          method: 'OPTIONS',
          url: `/api/public/lead-forms/${path.split('/f/')[1]}`,
          headers: { origin: 'https://garza.mx', 'access-control-request-method': 'POST' },
        })
      ).statusCode,
    ).toBe(204);
    expect((await owner.get(`/api/deals?contactId=${deal.contact.id}`)).body.total).toBe(1);
    const claimant = (
      await owner.get(
        `/api/deals/${json.json().dealId ?? (await owner.get('/api/deals')).body.items.find((d: { id: string }) => d.id !== deal.id).id}`,
      )
    ).body.contact;
    expect(claimant.id).not.toBe(deal.contact.id);
    expect((await owner.get(`/api/contacts/${claimant.id}`)).body).toMatchObject({
      name: 'Lucía G.',
      email: null,
      unverifiedEmail: 'lucia@garza.mx',
    });
    expect((await owner.get('/api/lead-forms')).body[0].submissions).toBe(2);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/public/lead-forms/${path.split('/f/')[1]}`,
          payload: { name: '', email: 'x' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('are limited per address, can be turned off, and only admins manage them', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    expect((await agent.post('/api/lead-forms', { name: 'X', pipelineId: pipeline.id })).status).toBe(403);
    expect((await owner.post('/api/lead-forms', { name: 'X', pipelineId: 'nope' })).body.error.fields[0].path).toBe(
      'pipelineId',
    );
    const form = (await owner.post('/api/lead-forms', { name: 'Contacto', pipelineId: pipeline.id })).body;
    const token = new URL(form.url).pathname.split('/f/')[1];
    const send = (i: number) =>
      test.app.inject({
        method: 'POST',
        url: `/api/public/lead-forms/${token}`,
        payload: { name: `Persona ${i}`, email: `p${i}@example.com` },
      });
    for (let i = 0; i < 10; i++) expect((await send(i)).statusCode).toBe(201);
    expect((await send(10)).statusCode).toBe(429);
    expect((await owner.get('/api/deals')).body.total).toBe(10);

    expect((await owner.patch(`/api/lead-forms/${form.id}`, { enabled: false })).body.enabled).toBe(false);
    expect((await test.app.inject({ method: 'GET', url: `/f/${token}` })).statusCode).toBe(404);
    const stranger = await ownerOf(test);
    expect((await stranger.patch(`/api/lead-forms/${form.id}`, { enabled: true })).status).toBe(404);
    expect((await stranger.get('/api/lead-forms')).body).toEqual([]);
  });

  it('come from the website chat too: a new visitor opens a deal when the chat inbox says so, a known one does not', async () => {
    const owner = await ownerOf(test);
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const inbox = (await owner.get('/api/inboxes')).body.find((i: { channel: string }) => i.channel === 'webchat');
    expect(inbox.webchat).toMatchObject({ leadPipelineId: null });
    await visitorOf(test, owner, 'Cliente Conocido', 'conocido@example.com');
    expect((await owner.get('/api/deals')).body.total).toBe(0);

    expect(
      (await owner.patch(`/api/inboxes/${inbox.id}/webchat`, { leadPipelineId: 'nope' })).body.error.fields,
    ).toEqual([{ path: 'leadPipelineId', message: 'No such pipeline in this workspace' }]);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.patch(`/api/inboxes/${inbox.id}/webchat`, { leadPipelineId: pipeline.id })).status).toBe(403);
    expect(
      (await owner.patch(`/api/inboxes/${inbox.id}/webchat`, { leadPipelineId: pipeline.id })).body.webchat,
    ).toMatchObject({ leadPipelineId: pipeline.id });

    await visitorOf(test, owner, 'Rosa Peña', 'rosa@example.com');
    await visitorOf(test, owner, 'Cliente Conocido', 'conocido@example.com');
    const deals = (await owner.get('/api/deals')).body;
    expect(deals.total).toBe(1);
    const deal = (await owner.get(`/api/deals/${deals.items[0].id}`)).body;
    expect(deal).toMatchObject({
      title: `Rosa Peña — ${inbox.name}`,
      source: 'widget',
      contact: { name: 'Rosa Peña' },
      stageId: pipeline.stages[0].id,
    });
    const stranger = await ownerOf(test);
    expect((await stranger.patch(`/api/inboxes/${inbox.id}/webchat`, { leadPipelineId: null })).status).toBe(404);
  });
});
