import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Client, type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};
const postForm = (path: string, body: string) =>
  test.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });

async function activeCsat(owner: Client) {
  const created = await owner.post('/api/surveys/from-template', { template: 'post_conversation_csat' });
  expect(created.status).toBe(201);
  const survey = await owner.patch(`/api/surveys/${created.body.id}`, {
    status: 'active',
    delayMinutes: 0,
    afterResolution: true,
  });
  expect(survey.body).toMatchObject({ status: 'active', afterResolution: true, delayMinutes: 0, version: 1 });
  return survey.body;
}

/** A website chat answered and resolved by the owner; returns the visitor and the conversation. */
async function resolvedChat(owner: Client) {
  const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@example.com');
  const conversationId = (await visitor.send('¿Cómo cancelo un CFDI?')).body.conversationId as string;
  await owner.post(`/api/conversations/${conversationId}/messages`, {
    body: 'Desde el portal del SAT.',
    private: false,
  });
  expect((await owner.patch(`/api/conversations/${conversationId}`, { status: 'resolved' })).status).toBe(200);
  return { visitor, conversationId };
}

async function surveyMessage(visitor: Awaited<ReturnType<typeof visitorOf>>) {
  let url = '';
  await vi.waitFor(async () => {
    await test.ctx.jobs.drain();
    const messages = (await visitor.messages()).body as { kind: string; metadata: { surveyUrl?: string } }[];
    url = messages.find((m) => m.kind === 'survey')?.metadata.surveyUrl ?? '';
    expect(url).not.toBe('');
  });
  return new URL(url).pathname;
}

describe('surveys after a resolved conversation', () => {
  it('reach the website visitor, take one set of answers, and an unhappy one becomes a follow-up task', async () => {
    const owner = await ownerOf(test);
    const survey = await activeCsat(owner);
    const { visitor, conversationId } = await resolvedChat(owner);
    const path = await surveyMessage(visitor);

    const page = await test.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain(
      'How did we do?'.replace(
        'How did we do?',
        page.body.includes('¿Cómo te atendimos?') ? '¿Cómo te atendimos?' : 'How did we do?',
      ),
    );
    expect(page.body).not.toContain('<script');

    // A wrong answer comes back with what was written still there.
    const refused = await postForm(path, form({ csat: '9', comment: 'Tardaron mucho' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Tardaron mucho');
    expect(refused.body).toMatch(/Elige un punto de la escala|Choose a point of the scale/);

    const answered = await postForm(path, form({ csat: '2', ces: '3', comment: 'Tardaron mucho' }));
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toMatch(/Gracias|Thank you/);
    const again = await postForm(path, form({ csat: '5' }));
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/ya fue respondida|already answered/);

    // The owner answered the chat, so the follow-up is theirs; it shows on the contact.
    const contactId = (await owner.get(`/api/conversations/${conversationId}`)).body.contact.id;
    const tasks = (await owner.get(`/api/tasks?contactId=${contactId}`)).body;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      status: 'open',
      source: { type: 'survey_response' },
      assignee: { name: 'Ana Owner' },
    });
    expect(tasks[0].title).toContain('Rosa Peña');
    const timeline = (await owner.get(`/api/contacts/${contactId}/timeline?kinds=survey`)).body.items;
    expect(timeline[0]).toMatchObject({ kind: 'survey', body: 'CSAT 2 · CES 3 · ⚠' });
    expect((await owner.patch(`/api/tasks/${tasks[0].id}`, { status: 'done' })).body).toMatchObject({ status: 'done' });

    const results = (await owner.get(`/api/surveys/${survey.id}/results?by=channel`)).body;
    expect(results).toMatchObject({ invitations: 1, responses: 1, responseRate: 100, detractors: 1 });
    expect(results.scores.csat).toEqual({ answers: 1, value: 0 });
    expect(results.scores.ces).toMatchObject({ answers: 1, value: 3, easyShare: 0 });
    const csat = results.questions.find((q: { id: string }) => q.id === 'csat');
    expect(csat.rows.find((r: { key: string }) => r.key === '2')).toMatchObject({ count: 1, percent: 100 });
    const comment = results.questions.find((q: { id: string }) => q.id === 'comment');
    expect(comment.texts).toEqual([
      expect.objectContaining({ text: 'Tardaron mucho', contact: { id: contactId, name: 'Rosa Peña' } }),
    ]);
    expect(results.crossTab).toEqual([expect.objectContaining({ key: 'webchat', responses: 1 })]);

    const csv = await owner.get(`/api/surveys/${survey.id}/responses.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.body)).toContain('Rosa Peña');
    expect(String(csv.body)).toContain('Tardaron mucho');

    // The same contact is not asked again within the survey's frequency.
    await owner.patch(`/api/conversations/${conversationId}`, { status: 'open' });
    await owner.patch(`/api/conversations/${conversationId}`, { status: 'resolved' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await owner.get(`/api/surveys/${survey.id}/invitations`)).body.total).toBe(1);
  });

  it('are not sent when the conversation was reopened before the delay ran out', async () => {
    const owner = await ownerOf(test);
    const survey = await activeCsat(owner);
    await owner.patch(`/api/surveys/${survey.id}`, { delayMinutes: 60 });
    const { conversationId } = await resolvedChat(owner);
    await vi.waitFor(async () =>
      expect((await owner.get(`/api/surveys/${survey.id}/invitations`)).body.items[0]?.status).toBe('scheduled'),
    );
    await owner.patch(`/api/conversations/${conversationId}`, { status: 'open' });
    await test.ctx.db.updateTable('jobs').set({ run_at: Date.now() }).where('name', '=', 'survey.deliver').execute();
    await test.ctx.jobs.drain();
    const invitation = (await owner.get(`/api/surveys/${survey.id}/invitations`)).body.items[0];
    expect(invitation).toMatchObject({ status: 'skipped', error: 'The conversation was reopened' });
    // Resolved again: the same invitation is scheduled once more, not a second one.
    await owner.patch(`/api/conversations/${conversationId}`, { status: 'resolved' });
    await vi.waitFor(async () =>
      expect((await owner.get(`/api/surveys/${survey.id}/invitations`)).body).toMatchObject({
        total: 1,
        items: [{ status: 'scheduled', error: null }],
      }),
    );
  });
});

describe('answering', () => {
  it('through the public link and the JSON API checks every type; changed questions keep earlier answers with their version', async () => {
    const owner = await ownerOf(test);
    const survey = (await owner.post('/api/surveys/from-template', { template: 'client_questionnaire' })).body;
    expect(
      (await test.app.inject({ method: 'GET', url: `/api/public/surveys/open/${survey.publicUrl.split('/open/')[1]}` }))
        .statusCode,
    ).toBe(409);
    await owner.patch(`/api/surveys/${survey.id}`, { status: 'active' });
    const token = survey.publicUrl.split('/open/')[1];
    const questions = await test.app.inject({ method: 'GET', url: `/api/public/surveys/open/${token}?lang=en` });
    expect(questions.json().sections.map((s: { title: string }) => s.title)).toEqual([
      'Communication',
      'Confidence',
      'Dimensionality',
      'Value chain',
    ]);

    const answers = {
      main_channel: ['whatsapp', 'email'],
      feedback: 1,
      details: 2,
      reviews: 2,
      comply: 1,
      ask_details: 1,
      exceed: 2,
      quality: 1,
      functional: 2,
      clean: 3,
      as_designed: '1',
      fit: '2',
      integrates: '1',
    };
    const bad = await test.app.inject({
      method: 'POST',
      url: `/api/public/surveys/open/${token}`,
      payload: { answers: { ...answers, feedback: 9, main_channel: ['fax'], fit: undefined, nonsense: 'x' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['answers.feedback', 'answers.fit', 'answers.main_channel', 'answers.nonsense']);
    expect((await owner.get(`/api/surveys/${survey.id}/results`)).body.responses).toBe(0);
    const ok = await test.app.inject({
      method: 'POST',
      url: `/api/public/surveys/open/${token}`,
      payload: { answers, language: 'en' },
    });
    expect(ok.statusCode).toBe(201);

    const definition = structuredClone(survey.definition);
    definition.sections[0].questions[1].text = {
      es: 'Recibes retroalimentación a tiempo',
      en: 'You get feedback on time',
    };
    const changed = await owner.patch(`/api/surveys/${survey.id}`, { definition });
    expect(changed.body.version).toBe(2);
    const second = await test.app.inject({
      method: 'POST',
      url: `/api/public/surveys/open/${token}`,
      payload: { answers: { ...answers, feedback: 3 } },
    });
    expect(second.statusCode, second.body).toBe(201);

    const results = (await owner.get(`/api/surveys/${survey.id}/results`)).body;
    expect(results.responses).toBe(2);
    const feedback = results.questions.find((q: { id: string }) => q.id === 'feedback');
    expect(feedback).toMatchObject({ changed: true, answers: 2 });
    expect(feedback.rows.map((r: { label: string; percent: number }) => [r.label, r.percent])).toEqual([
      ['Very good', 50],
      ['Good', 0],
      ['Fair', 50],
      ['Bad', 0],
      ['Poor', 0],
    ]);
    const channels = results.questions.find((q: { id: string }) => q.id === 'main_channel');
    expect(
      channels.rows
        .filter((r: { count: number }) => r.count)
        .map((r: { key: string; percent: number }) => [r.key, r.percent]),
    ).toEqual([
      ['email', 100],
      ['whatsapp', 100],
    ]);
    const stored = await test.ctx.db.selectFrom('survey_responses').select('version').orderBy('submitted_at').execute();
    expect(stored.map((r) => r.version)).toEqual([1, 2]);

    // One address gets an hourly allowance through the public link (three tries so far; 20 by default).
    const post = () =>
      test.app.inject({ method: 'POST', url: `/api/public/surveys/open/${token}`, payload: { answers } });
    for (let i = 0; i < 17; i++) expect((await post()).statusCode).toBe(201);
    const limited = await post();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('too_many_attempts');
    const page = await test.app.inject({
      method: 'POST',
      url: `/s/open/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'feedback=5',
    });
    expect(page.statusCode).toBe(429);
    expect(page.body).toMatch(/Too many answers|Demasiadas respuestas/);
    expect(
      Number(
        (
          await test.ctx.db
            .selectFrom('survey_responses')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(19);
  });

  it('refuses an expired link, a closed survey and another workspace', async () => {
    const owner = await ownerOf(test);
    const survey = await activeCsat(owner);
    const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@example.com');
    const conversationId = (await visitor.send('Hola')).body.conversationId as string;
    const link = await owner.post(`/api/surveys/${survey.id}/links`, { conversationId });
    expect(link.status).toBe(201);
    const path = new URL(link.body.url).pathname;
    expect((await test.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    await test.ctx.db
      .updateTable('survey_invitations')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    const expired = await test.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'es' } });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Este enlace venció');
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/public${path.replace('/s/', '/surveys/')}`,
          payload: { answers: { csat: 5 } },
        })
      ).json().error.code,
    ).toBe('survey_expired');
    expect((await test.app.inject({ method: 'GET', url: '/s/not-a-real-token-at-all' })).statusCode).toBe(404);

    await owner.patch(`/api/surveys/${survey.id}`, { status: 'closed' });
    expect((await owner.post(`/api/surveys/${survey.id}/links`, {})).body.error.code).toBe('survey_closed');

    const stranger = await ownerOf(test);
    const task = (
      await owner.post('/api/tasks', {
        title: 'Llamar a Rosa',
        contactId: (await owner.get(`/api/conversations/${conversationId}`)).body.contact.id,
      })
    ).body;
    expect(task).toMatchObject({ status: 'open', contact: { name: 'Rosa Peña' } });
    expect((await stranger.get('/api/tasks')).body).toEqual([]);
    expect((await stranger.patch(`/api/tasks/${task.id}`, { status: 'done' })).status).toBe(404);
    expect(
      (await stranger.post('/api/tasks', { title: 'X', contactId: task.contact.id })).body.error.fields[0].path,
    ).toBe('contactId');
    expect((await stranger.get(`/api/surveys/${survey.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/surveys/${survey.id}/results`)).status).toBe(404);
    expect((await stranger.get('/api/surveys')).body).toEqual([]);
  });
});

describe('sending', () => {
  it('by email to chosen contacts skips those without an address or invited recently', async () => {
    const owner = await ownerOf(test);
    const survey = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
    await owner.patch(`/api/surveys/${survey.id}`, { status: 'active' });
    const withEmail = (
      await owner.post('/api/contacts', { name: 'Marta Ruiz', emails: [{ value: 'marta@example.com' }] })
    ).body;
    const without = (
      await owner.post('/api/contacts', { name: 'Pedro Sin Correo', phones: [{ value: '+52 55 1234 5678' }] })
    ).body;
    const sent = await owner.post(`/api/surveys/${survey.id}/send`, {
      channel: 'email',
      contactIds: [withEmail.id, without.id],
    });
    expect(sent.body).toEqual({
      queued: 1,
      skipped: [{ contactId: without.id, name: 'Pedro Sin Correo', reason: 'no_email' }],
    });
    await test.ctx.jobs.drain();
    expect((await owner.get(`/api/surveys/${survey.id}/invitations`)).body.items[0]).toMatchObject({
      status: 'sent',
      contact: { name: 'Marta Ruiz' },
      channel: 'email',
    });
    const again = await owner.post(`/api/surveys/${survey.id}/send`, { channel: 'email', contactIds: [withEmail.id] });
    expect(again.body.skipped[0].reason).toBe('recently_invited');
    expect(
      (await owner.post(`/api/surveys/${survey.id}/send`, { channel: 'whatsapp', contactIds: [without.id] })).body.error
        .fields[0],
    ).toMatchObject({ path: 'channel', message: expect.stringContaining('WhatsApp') });
    expect((await owner.post(`/api/surveys/${survey.id}/send`, { channel: 'email' })).status).toBe(400);
  });
});

describe('segments by satisfaction', () => {
  it('find the latest NPS group and recent unhappy answers, and a survey goes to such a segment', async () => {
    const owner = await ownerOf(test);
    const nps = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
    await owner.patch(`/api/surveys/${nps.id}`, { status: 'active' });
    const ids: string[] = [];
    for (const [name, score] of [
      ['Ana Promotora', 10],
      ['Beto Pasivo', 8],
      ['Carla Detractora', 3],
    ] as const) {
      const contact = (
        await owner.post('/api/contacts', {
          name,
          emails: [{ value: `${name.split(' ')[0]!.toLowerCase()}@example.com` }],
        })
      ).body;
      ids.push(contact.id);
      const link = (await owner.post(`/api/surveys/${nps.id}/links`, { contactId: contact.id })).body.url as string;
      const answered = await test.app.inject({
        method: 'POST',
        url: `/api/public/surveys/${new URL(link).pathname.split('/s/')[1]}`,
        payload: { answers: { nps: score, service: '1', speed: '1', quality: 'yes' } },
      });
      expect(answered.statusCode).toBe(201);
    }
    const preview = async (rules: unknown[]) =>
      (await owner.post('/api/segments/preview', { definition: { match: 'all', rules } })).body;
    expect(
      (await preview([{ field: 'npsGroup', operator: 'is', value: 'detractor' }])).sample.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(['Carla Detractora']);
    expect((await preview([{ field: 'npsGroup', operator: 'is', value: 'promoter' }])).count).toBe(1);
    expect((await preview([{ field: 'npsGroup', operator: 'is_not', value: 'promoter' }])).count).toBe(2);
    expect((await preview([{ field: 'unhappyAnswer', operator: 'within_days', value: 30 }])).count).toBe(1);
    expect(
      (
        await owner.post('/api/segments/preview', {
          definition: { match: 'all', rules: [{ field: 'npsGroup', operator: 'is', value: 'angry' }] },
        })
      ).status,
    ).toBe(400);
    // Carla's follow-up went to nobody in particular (no owner, no agent): it is still on her profile.
    expect((await owner.get(`/api/tasks?contactId=${ids[2]}`)).body).toHaveLength(1);

    const segment = (
      await owner.post('/api/segments', {
        name: 'Detractores',
        definition: { match: 'all', rules: [{ field: 'npsGroup', operator: 'is', value: 'detractor' }] },
      })
    ).body;
    const churn = (await owner.post('/api/surveys/from-template', { template: 'churn' })).body;
    await owner.patch(`/api/surveys/${churn.id}`, { status: 'active' });
    expect(
      (await owner.post(`/api/surveys/${churn.id}/send`, { channel: 'email', segmentId: segment.id })).body,
    ).toEqual({ queued: 1, skipped: [] });
    const results = (await owner.get(`/api/surveys/${nps.id}/results?segmentId=${segment.id}`)).body;
    expect(results.scores.nps).toMatchObject({ answers: 1, value: -100, detractors: 1 });
    expect((await owner.get(`/api/surveys/${nps.id}/results?by=segment`)).body.crossTab).toEqual([
      expect.objectContaining({ label: 'Detractores', responses: 1 }),
    ]);
  });
});
