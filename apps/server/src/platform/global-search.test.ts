import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('the one search', () => {
  it('finds customers, companies, conversations by their words, deals, quotes, projects, incidents and articles', async () => {
    const owner = await ownerOf(test);
    const company = (await owner.post('/api/companies', { name: 'Maquinados Treviño', industry: 'Metalmecánica' }))
      .body;
    const contact = (
      await owner.post('/api/contacts', {
        name: 'Ing. Roberto Treviño',
        emails: [{ value: 'roberto@maquinados-trevino.mx' }],
        companies: [{ companyId: company.id }],
      })
    ).body;
    const visitor = await visitorOf(test, owner, 'Lucía Garza', 'lucia@garza.mx');
    await visitor.send('Necesito cotizar bujes de bronce para la línea de Treviño');
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const deal = (
      await owner.post('/api/deals', { title: 'Bujes 2027', pipelineId: pipeline.id, contactId: contact.id })
    ).body;
    const quote = (await owner.post('/api/quotes', { dealId: deal.id })).body;
    const project = (
      await owner.post('/api/projects', { title: 'Maquinado de bujes', kind: 'work_order', contactId: contact.id })
    ).body;
    const incident = (
      await owner.post('/api/incidents', {
        contactId: contact.id,
        channel: 'phone',
        customerWords: 'Los bujes llegaron fuera de tolerancia',
        summary: 'Bujes fuera de tolerancia',
      })
    ).body;
    const article = (
      await owner.post('/api/articles', {
        title: 'Cómo medir la tolerancia de un buje',
        body: 'Con un micrómetro.',
        language: 'es',
      })
    ).body;
    for (const made of [company, contact, deal, quote, project, incident, article])
      expect(made.id, JSON.stringify(made)).toBeTruthy();

    const found = (await owner.get('/api/search?q=trevino')).body;
    expect(found.query).toBe('trevino');
    const kinds = (found.hits as { kind: string }[]).map((h) => h.kind);
    // Kinds in one order, people first.
    expect(kinds).toEqual(['contact', 'company', 'conversation', 'deal', 'quote', 'project', 'incident']);
    expect(found.hits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'contact', id: contact.id, path: `/contacts/${contact.id}` }),
        expect.objectContaining({ kind: 'company', id: company.id, title: 'Maquinados Treviño' }),
        expect.objectContaining({
          kind: 'conversation',
          title: 'Lucía Garza',
          detail: 'Necesito cotizar bujes de bronce para la línea de Treviño',
        }),
        expect.objectContaining({ kind: 'deal', id: deal.id, path: `/deals?open=${deal.id}` }),
        expect.objectContaining({ kind: 'quote', id: quote.id, path: `/quotes?open=${quote.id}` }),
        expect.objectContaining({ kind: 'project', id: project.id, path: `/projects/${project.id}` }),
        expect.objectContaining({ kind: 'incident', id: incident.id }),
      ]),
    );
    const bujes = (await owner.get('/api/search?q=bujes&kinds=conversation,article,incident')).body.hits;
    expect(bujes.map((h: { kind: string }) => h.kind)).toEqual(['conversation', 'incident']);
    expect((await owner.get('/api/search?q=tolerancia&kinds=article')).body.hits).toEqual([
      expect.objectContaining({ kind: 'article', id: article.id, path: `/knowledge/${article.id}` }),
    ]);
    expect(
      (await owner.get(`/api/search?q=${encodeURIComponent(quote.reference)}&kinds=quote`)).body.hits,
    ).toHaveLength(1);
    expect((await owner.get('/api/search?q=trevino&limit=1&kinds=contact')).body.hits).toHaveLength(1);
    expect((await owner.get('/api/search?q=zzzzzz')).body.hits).toEqual([]);

    // A viewer searches too; another workspace finds nothing of this one.
    const viewer = await memberOf(test, owner, 'viewer', 'Vicente');
    expect((await viewer.get('/api/search?q=trevino')).body.hits.length).toBe(7);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/search?q=trevino')).body.hits).toEqual([]);

    for (const url of [
      '/api/search',
      '/api/search?q=',
      '/api/search?q=x&kinds=contact,invoices',
      '/api/search?q=x&limit=99',
    ]) {
      const reply = await owner.get(url);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    }
  });
});
