import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { significantWords } from './analysis.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const weekdaysOnly = {
  mon: [{ open: '09:00', close: '18:00' }],
  tue: [{ open: '09:00', close: '18:00' }],
  wed: [{ open: '09:00', close: '18:00' }],
  thu: [{ open: '09:00', close: '18:00' }],
  fri: [{ open: '09:00', close: '18:00' }],
  sat: [],
  sun: [],
};

describe('incidents', () => {
  it('open from a conversation pre-filled, record the root cause and attitude, and resolve in calendar and business time', async () => {
    const owner = await ownerOf(test);
    await owner.patch('/api/workspace', { businessHours: weekdaysOnly, timeZone: 'America/Mexico_City' });
    const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@paloma.mx');
    await visitor.send('No puedo timbrar mis facturas desde ayer');
    await visitor.send('Me sale error 301 del PAC');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const categories = (await owner.get('/api/incident-categories')).body as { id: string; name: string }[];
    expect(categories.map((c) => c.name)).toContain('Billing and payments');
    const billing = categories.find((c) => c.name === 'Billing and payments')!;

    const created = await owner.post('/api/incidents', {
      conversationId: conversation.id,
      summary: 'No timbra facturas: error 301 del PAC',
      categoryId: billing.id,
      severity: 'high',
      attitudeBefore: 2,
      attitudeBeforeNotes: 'Molesta, tiene facturas detenidas',
    });
    expect(created.status).toBe(201);
    const incident = created.body;
    expect(incident).toMatchObject({
      number: 1,
      contact: { id: conversation.contact.id, name: 'Rosa Peña' },
      conversationId: conversation.id,
      channel: 'webchat',
      customerWords: 'No puedo timbrar mis facturas desde ayer\nMe sale error 301 del PAC',
      category: { id: billing.id, name: 'Billing and payments' },
      severity: 'high',
      rootCause: 'unknown',
      attitudeBefore: 2,
      status: 'open',
      resolvedAt: null,
      assignee: { name: 'Ana Owner' },
    });
    expect(Date.parse(incident.reportedAt)).toBeLessThanOrEqual(Date.now());

    // Reported on a Friday at 17:00 Mexico City, solved Monday 10:00: 65 hours of calendar time, 2 of business time.
    await owner.patch(`/api/incidents/${incident.id}`, { reportedAt: '2026-11-27T23:00:00.000Z' });
    const step = await owner.post(`/api/incidents/${incident.id}/steps`, { text: 'Se renovó el certificado del PAC' });
    expect(step.status).toBe(201);
    expect(step.body.steps).toEqual([
      { text: 'Se renovó el certificado del PAC', at: expect.any(String), by: 'Ana Owner' },
    ]);
    const resolved = await owner.patch(`/api/incidents/${incident.id}`, {
      status: 'resolved',
      resolvedAt: '2026-11-30T16:00:00.000Z',
      rootCause: 'third_party',
      rootCauseNotes: 'Certificado del PAC vencido',
      attitudeAfter: 5,
      timeSpentMinutes: 40,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      rootCause: 'third_party',
      attitudeAfter: 5,
      resolutionMinutes: 65 * 60,
      resolutionBusinessMinutes: 120,
      timeSpentMinutes: 40,
    });
    // Reopening clears the clock; resolving before the report is refused and changes nothing.
    expect((await owner.patch(`/api/incidents/${incident.id}`, { status: 'open' })).body).toMatchObject({
      status: 'open',
      resolvedAt: null,
      resolutionMinutes: null,
    });
    const early = await owner.patch(`/api/incidents/${incident.id}`, {
      status: 'resolved',
      resolvedAt: '2026-11-01T00:00:00.000Z',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual([
      { path: 'resolvedAt', message: 'It cannot be solved before it was reported' },
    ]);
    expect((await owner.get(`/api/incidents/${incident.id}`)).body.status).toBe('open');

    // It is on the contact's timeline and found by search, accents or not.
    const timeline = (await owner.get(`/api/contacts/${conversation.contact.id}/timeline?kinds=incident`)).body.items;
    expect(timeline).toEqual([
      expect.objectContaining({
        kind: 'incident',
        id: incident.id,
        title: '#1 No timbra facturas: error 301 del PAC',
        conversationId: conversation.id,
      }),
    ]);
    expect((await owner.get('/api/incidents?q=pena timbra')).body).toMatchObject({
      total: 1,
      items: [{ id: incident.id }],
    });
    expect((await owner.get('/api/incidents?q=cotizacion')).body.total).toBe(0);
    expect((await owner.get(`/api/incidents?conversationId=${conversation.id}`)).body.total).toBe(1);
  });

  it('are recorded directly, refuse ids of other workspaces and bad values, and are scoped to their workspace', async () => {
    const owner = await ownerOf(test);
    const contact = (await owner.post('/api/contacts', { name: 'Ing. Ramírez' })).body;
    const direct = await owner.post('/api/incidents', {
      contactId: contact.id,
      channel: 'phone',
      summary: 'Pieza fuera de tolerancia',
      rootCause: 'product',
      area: 'Torneado CNC',
    });
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({
      number: 1,
      channel: 'phone',
      rootCause: 'product',
      conversationId: null,
      contact: { id: contact.id },
    });
    expect((await owner.post('/api/incidents', { summary: 'Segundo' })).body.number).toBe(2);

    const stranger = await ownerOf(test);
    const strangerContact = (await stranger.post('/api/contacts', { name: 'Ajeno' })).body;
    const crossed = await owner.post('/api/incidents', { contactId: strangerContact.id, summary: 'x' });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.fields).toEqual([{ path: 'contactId', message: 'No such contact in this workspace' }]);
    expect((await owner.post('/api/incidents', { summary: '' })).status).toBe(400);
    expect((await owner.post('/api/incidents', { summary: 'x', rootCause: 'bad_luck' })).status).toBe(400);
    expect((await owner.post('/api/incidents', { summary: 'x', attitudeBefore: 7 })).status).toBe(400);
    expect((await owner.post('/api/incidents', { summary: 'x', reportedAt: 'yesterday' })).status).toBe(400);
    expect((await owner.post('/api/incidents', { summary: 'x', surprise: true })).status).toBe(400);
    expect((await owner.get('/api/incidents')).body.total).toBe(2);
    // The other workspace sees none of them and cannot read or change one.
    expect((await stranger.get('/api/incidents')).body.total).toBe(0);
    expect((await stranger.get(`/api/incidents/${direct.body.id}`)).status).toBe(404);
    expect((await stranger.patch(`/api/incidents/${direct.body.id}`, { summary: 'mío' })).status).toBe(404);
    // Its own numbering starts at 1.
    expect((await stranger.post('/api/incidents', { summary: 'Primero' })).body.number).toBe(1);

    // A viewer reads but does not record; an agent cannot delete.
    const viewer = await memberOf(test, owner, 'viewer');
    expect((await viewer.get('/api/incidents')).status).toBe(200);
    expect((await viewer.post('/api/incidents', { summary: 'x' })).status).toBe(403);
    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.delete(`/api/incidents/${direct.body.id}`)).status).toBe(403);
    expect((await owner.delete(`/api/incidents/${direct.body.id}`)).status).toBe(200);
  });

  it('keep a category that still classifies incidents', async () => {
    const owner = await ownerOf(test);
    const category = (await owner.post('/api/incident-categories', { name: 'Calibración' })).body;
    expect((await owner.post('/api/incident-categories', { name: 'Calibración' })).status).toBe(400);
    await owner.post('/api/incidents', { summary: 'Micrómetro descalibrado', categoryId: category.id });
    const refused = await owner.delete(`/api/incident-categories/${category.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'category_in_use',
      message: 'This category still holds records: move them to another category first.',
    });
    expect(
      (await owner.get('/api/incident-categories')).body.find((c: { id: string }) => c.id === category.id),
    ).toMatchObject({ incidents: 1 });
    const empty = (await owner.post('/api/incident-categories', { name: 'Vacía' })).body;
    expect((await owner.delete(`/api/incident-categories/${empty.id}`)).status).toBe(200);
  });
});

describe('problems', () => {
  it('link incidents, need a verification to be solved, and tell each customer once on their channel', async () => {
    const owner = await ownerOf(test);
    const rosa = await visitorOf(test, owner, 'Rosa');
    await rosa.send('No me llega el XML de la factura');
    const luis = await visitorOf(test, owner, 'Luis');
    await luis.send('Tampoco recibo el XML');
    const conversations = (await owner.get('/api/conversations')).body.items as {
      id: string;
      contact: { name: string };
    }[];
    const ids: string[] = [];
    for (const c of conversations)
      ids.push(
        (
          await owner.post('/api/incidents', {
            conversationId: c.id,
            summary: `No llega el XML de la factura (${c.contact.name})`,
          })
        ).body.id,
      );
    const contact = (await owner.post('/api/contacts', { name: 'Ing. Ramírez' })).body;
    ids.push(
      (
        await owner.post('/api/incidents', {
          contactId: contact.id,
          channel: 'phone',
          summary: 'No llega el XML por correo',
        })
      ).body.id,
    );

    const problem = await owner.post('/api/problems', {
      title: 'El servidor de correo rechaza los XML',
      incidentIds: ids.slice(0, 2),
      escalationStatus: 'escalated',
      escalationReference: 'JIRA-88',
    });
    expect(problem.status).toBe(201);
    expect(problem.body).toMatchObject({
      number: 1,
      status: 'investigating',
      incidents: 2,
      openIncidents: 2,
      customers: 2,
      escalationStatus: 'escalated',
      owner: { name: 'Ana Owner' },
    });
    expect(
      (await owner.post(`/api/problems/${problem.body.id}/incidents`, { incidentIds: [ids[2]] })).body.incidents,
    ).toBe(3);
    expect((await owner.get(`/api/incidents/${ids[2]}`)).body.problem).toMatchObject({
      id: problem.body.id,
      number: 1,
    });
    expect((await owner.post(`/api/problems/${problem.body.id}/incidents`, { incidentIds: ['nope'] })).status).toBe(
      400,
    );

    // Not yet solved: customers are not told. Solved without verification: refused.
    expect((await owner.post(`/api/problems/${problem.body.id}/notify`, { message: 'Ya quedó' })).status).toBe(409);
    const unverified = await owner.patch(`/api/problems/${problem.body.id}`, { status: 'solved' });
    expect(unverified.status).toBe(400);
    expect(unverified.body.error.fields[0].path).toBe('verification');
    const solved = await owner.patch(`/api/problems/${problem.body.id}`, {
      status: 'solved',
      correctiveAction: 'Se amplió el límite de adjuntos',
      verification: '20 facturas de prueba llegaron',
      escalationStatus: 'fixed',
    });
    expect(solved.body).toMatchObject({ status: 'solved', solvedAt: expect.any(String), escalationStatus: 'fixed' });

    const notified = await owner.post(`/api/problems/${problem.body.id}/notify`, {
      message: 'Ya corregimos el envío del XML. Gracias por avisarnos.',
    });
    expect(notified.status).toBe(200);
    expect(notified.body).toEqual({ notified: 2, skipped: [{ incidentNumber: 3, reason: 'no_conversation' }] });
    const rosaMessages = (await rosa.messages()).body.items ?? (await rosa.messages()).body;
    expect(JSON.stringify(rosaMessages)).toContain('Ya corregimos el envío del XML');
    expect((await owner.get(`/api/problems/${problem.body.id}`)).body.customersNotifiedAt).not.toBeNull();

    // The escalation export is CSV the product team can open.
    const csv = await owner.get('/api/problems/escalations.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.body)).toContain('El servidor de correo rechaza los XML,solved,fixed,JIRA-88,3,3');

    // Unlinking and deleting keep the incidents.
    expect((await owner.delete(`/api/problems/${problem.body.id}/incidents/${ids[2]}`)).body.incidents).toBe(2);
    expect((await owner.delete(`/api/problems/${problem.body.id}`)).status).toBe(200);
    expect((await owner.get('/api/incidents')).body.total).toBe(3);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/problems')).body).toEqual([]);
  });
});

describe('recurring-problem analysis', () => {
  it('ranks categories and root causes (Pareto), trends by week, compares months and measures attitude', async () => {
    const owner = await ownerOf(test);
    const categories = (await owner.get('/api/incident-categories')).body as { id: string; name: string }[];
    const billing = categories.find((c) => c.name === 'Billing and payments')!.id;
    const access = categories.find((c) => c.name === 'Access and accounts')!.id;
    const now = Date.now();
    const day = 86_400_000;
    const record = (
      categoryId: string,
      rootCause: string,
      daysAgo: number,
      minutes: number,
      before?: number,
      after?: number,
    ) =>
      owner.post('/api/incidents', {
        summary: 'x',
        categoryId,
        rootCause,
        reportedAt: new Date(now - daysAgo * day).toISOString(),
        timeSpentMinutes: minutes,
        ...(before ? { attitudeBefore: before, attitudeAfter: after } : {}),
      });
    for (let i = 0; i < 6; i++) await record(billing, 'product', i * 3, 30, 2, 4);
    for (let i = 0; i < 3; i++) await record(access, 'customer_error', i * 5, 10, 3, 3);
    await record(access, 'service', 40, 100, 4, 2);
    await owner.post('/api/incidents', {
      summary: 'sin categoría',
      reportedAt: new Date(now - 400 * day).toISOString(),
    });

    const analysisReply = await owner.get('/api/incidents-analysis');
    expect(analysisReply.status, JSON.stringify(analysisReply.body)).toBe(200);
    const analysis = analysisReply.body;
    expect(analysis.total).toBe(10);
    expect(
      analysis.byCategory.map((r: { label: string; count: number; minutes: number; cumulativeShare: number }) => [
        r.label,
        r.count,
        r.minutes,
        r.cumulativeShare,
      ]),
    ).toEqual([
      ['Billing and payments', 6, 180, 0.6],
      ['Access and accounts', 4, 130, 1],
    ]);
    expect(
      analysis.byRootCause.map((r: { key: string; label: string; count: number }) => [r.key, r.label, r.count]),
    ).toEqual([
      ['product', 'Our product or programming', 6],
      ['customer_error', "The customer's own error", 3],
      ['service', 'Our customer service', 1],
    ]);
    expect(analysis.weekly.length).toBeGreaterThanOrEqual(52);
    expect(analysis.weekly.reduce((s: number, w: { count: number }) => s + w.count, 0)).toBe(10);
    expect(analysis.weekly.reduce((s: number, w: { product: number }) => s + w.product, 0)).toBe(6);
    expect(new Date(`${analysis.weekly[0].week}T12:00:00Z`).getUTCDay()).toBe(1);
    expect(analysis.attitude).toEqual({ rated: 10, before: 2.5, after: 3.5, improved: 6, worsened: 1 });
    expect(
      analysis.thisMonthVsLast.categories.reduce(
        (s: number, c: { thisMonth: number; lastMonth: number }) => s + c.thisMonth + c.lastMonth,
        0,
      ),
    ).toBeGreaterThan(0);
    // A range that starts after it ends is refused; a Spanish reader reads Spanish labels.
    expect(
      (
        await owner.get(
          `/api/incidents-analysis?from=${new Date(now).toISOString()}&to=${new Date(now - day).toISOString()}`,
        )
      ).status,
    ).toBe(400);
    await owner.patch('/api/me', { language: 'es' });
    expect((await owner.get('/api/incidents-analysis')).body.byRootCause[0].label).toBe(
      'Nuestro producto o programación',
    );
  });

  it('suggests grouping similar open incidents into a problem, and says why', async () => {
    const owner = await ownerOf(test);
    const summaries = [
      'No llega el XML de la factura al correo',
      'El XML de la factura no llega al correo del cliente',
      'Factura sin XML en el correo',
      'No puedo entrar: contraseña incorrecta',
      'Olvidé mi contraseña y no puedo entrar',
      'Pedido de refacciones para el torno',
    ];
    const ids: string[] = [];
    for (const summary of summaries) ids.push((await owner.post('/api/incidents', { summary })).body.id);
    const existing = await owner.post('/api/problems', { title: 'Restablecer contraseña falla', incidentIds: [] });
    const suggestions = (await owner.get('/api/incidents-grouping')).body as {
      incidents: { id: string }[];
      sharedWords: string[];
      similarity: number;
      problem: unknown;
    }[];
    const xml = suggestions.find((s) => s.incidents.some((i) => i.id === ids[0]))!;
    expect(xml.incidents.map((i) => i.id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(xml.sharedWords).toEqual(expect.arrayContaining(['xml', 'factura', 'correo']));
    expect(xml.similarity).toBeGreaterThan(0.4);
    const password = suggestions.find((s) => s.incidents.some((i) => i.id === ids[3]))!;
    expect(password.incidents.map((i) => i.id).sort()).toEqual(ids.slice(3, 5).sort());
    expect(suggestions.some((s) => s.incidents.some((i) => i.id === ids[5]))).toBe(false);
    // Once linked to a problem, incidents are no longer suggested; the problem is offered for similar new ones.
    await owner.post(`/api/problems/${existing.body.id}/incidents`, { incidentIds: [ids[3]] });
    const after = (await owner.get('/api/incidents-grouping')).body as typeof suggestions;
    expect(after.some((s) => s.incidents.some((i) => i.id === ids[3]))).toBe(false);
    expect(significantWords('Las facturas no llegan')).toEqual(['factura', 'llegan']);
  });
});
