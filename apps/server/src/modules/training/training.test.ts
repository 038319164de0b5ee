import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

async function userId(client: Client): Promise<string> {
  return (await client.get('/api/auth/session')).body.user.id;
}

async function trackWithQuiz(owner: Client) {
  const article = (
    await owner.post('/api/articles', {
      title: 'Técnica HEARD',
      body: 'Hear, Empathize, Apologize, Resolve, Diagnose',
      language: 'es',
      status: 'published',
    })
  ).body;
  const track = await owner.post('/api/training/tracks', {
    name: 'Nuevo agente de soporte',
    passMark: 100,
    items: [
      { kind: 'article', articleId: article.id },
      {
        kind: 'question',
        question: '¿Qué va primero en HEARD?',
        choices: [
          { text: 'Escuchar', correct: true },
          { text: 'Resolver', correct: false },
        ],
      },
      {
        kind: 'question',
        question: '¿Qué partes tiene?',
        multiple: true,
        choices: [
          { text: 'Disculparse', correct: true },
          { text: 'Diagnosticar', correct: true },
          { text: 'Vender', correct: false },
        ],
      },
    ],
  });
  return { article, track };
}

describe('training tracks', () => {
  it('are assigned to a new employee, who reads, answers and passes; the manager sees the progress', async () => {
    const owner = await ownerOf(test);
    const { article, track } = await trackWithQuiz(owner);
    expect(track.status).toBe(201);
    expect(track.body.items.map((i: { kind: string }) => i.kind)).toEqual(['article', 'question', 'question']);
    expect(track.body.items[1].choices).toEqual([
      { text: 'Escuchar', correct: true },
      { text: 'Resolver', correct: false },
    ]);

    const luis = await memberOf(test, owner, 'agent', 'Luis');
    const luisId = await userId(luis);
    const assigned = await owner.post(`/api/training/tracks/${track.body.id}/assignments`, {
      userIds: [luisId],
      dueOn: '2026-12-15',
    });
    expect(assigned.body).toEqual([
      expect.objectContaining({
        user: { id: luisId, name: 'Luis person' },
        articles: 1,
        articlesRead: 0,
        attempts: 0,
        bestScore: null,
        passedAt: null,
        dueOn: '2026-12-15',
      }),
    ]);

    // Luis sees his track on his home page, without the right answers.
    const mine = (await luis.get('/api/me/training')).body;
    expect(mine).toHaveLength(1);
    expect(mine[0].track.items[1].choices).toEqual([{ text: 'Escuchar' }, { text: 'Resolver' }]);
    expect(JSON.stringify(mine)).not.toContain('"correct"');
    const assignmentId = mine[0].assignmentId;
    expect((await luis.post(`/api/me/training/${assignmentId}/read`, { articleId: article.id })).body).toMatchObject({
      articlesRead: 1,
      readArticleIds: [article.id],
    });
    const [q1, q2] = [mine[0].track.items[1].id, mine[0].track.items[2].id];

    // Half right is not enough for a pass mark of 100; both right passes. Every attempt counts.
    const first = await luis.post(`/api/me/training/${assignmentId}/attempts`, { answers: { [q1]: [0], [q2]: [0] } });
    expect(first.body).toEqual({ score: 50, passed: false, passMark: 100, correct: { [q1]: true, [q2]: false } });
    const second = await luis.post(`/api/me/training/${assignmentId}/attempts`, {
      answers: { [q1]: [0], [q2]: [1, 0] },
    });
    expect(second.body).toMatchObject({ score: 100, passed: true });
    const progress = (await owner.get(`/api/training/progress?trackId=${track.body.id}`)).body;
    expect(progress).toEqual([
      expect.objectContaining({ attempts: 2, bestScore: 100, passedAt: expect.any(String), articlesRead: 1 }),
    ]);
    expect((await owner.get('/api/training/tracks')).body[0]).toMatchObject({ assigned: 1, passed: 1 });

    // Nobody else can answer Luis's quiz, and an agent cannot see others' progress or build tracks.
    const ana = await memberOf(test, owner, 'agent', 'Ana');
    expect((await ana.post(`/api/me/training/${assignmentId}/attempts`, { answers: {} })).status).toBe(404);
    expect((await ana.get('/api/training/progress')).status).toBe(403);
    expect((await ana.post('/api/training/tracks', { name: 'x' })).status).toBe(403);
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/training/tracks/${track.body.id}`)).status).toBe(404);
  });

  it('refuse questions without a right answer and articles of another workspace', async () => {
    const owner = await ownerOf(test);
    const none = await owner.post('/api/training/tracks', {
      name: 'x',
      items: [
        {
          kind: 'question',
          question: '¿?',
          choices: [
            { text: 'a', correct: false },
            { text: 'b', correct: false },
          ],
        },
      ],
    });
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual([
      { path: 'items.0.choices', message: 'Mark exactly one right answer (or allow several)' },
    ]);
    const two = await owner.post('/api/training/tracks', {
      name: 'x',
      items: [
        {
          kind: 'question',
          question: '¿?',
          choices: [
            { text: 'a', correct: true },
            { text: 'b', correct: true },
          ],
        },
      ],
    });
    expect(two.status).toBe(400);
    const stranger = await ownerOf(test);
    const foreign = (await stranger.post('/api/articles', { title: 'Ajeno', body: 'x', language: 'es' })).body;
    expect(
      (await owner.post('/api/training/tracks', { name: 'x', items: [{ kind: 'article', articleId: foreign.id }] }))
        .status,
    ).toBe(400);
    expect((await owner.get('/api/training/tracks')).body).toEqual([]);
  });

  it('required by a team keep its conversations from someone who has not passed yet', async () => {
    const owner = await ownerOf(test);
    const { track } = await trackWithQuiz(owner);
    const luis = await memberOf(test, owner, 'agent', 'Luis');
    const luisId = await userId(luis);
    const session = (await luis.get('/api/auth/session')).body;
    await test.ctx.db
      .insertInto('agent_presence')
      .values({ workspace_id: session.workspace.id, user_id: luisId, last_seen_at: Date.now() })
      .execute();
    const team = (await owner.post('/api/teams', { name: 'Soporte', members: [{ userId: luisId, capacity: 5 }] })).body;
    await owner.post('/api/routing-rules', { name: 'Todo', conditions: { channels: ['webchat'] }, teamId: team.id });
    expect(
      (await owner.patch(`/api/training/tracks/${track.body.id}`, { requiredForTeamIds: [team.id] })).body
        .requiredForTeams,
    ).toEqual([{ id: team.id, name: 'Soporte' }]);

    const first = await visitorOf(test, owner, 'Rosa');
    await first.send('Hola');
    expect((await owner.get('/api/conversations')).body.items[0].assigneeId).toBeNull();

    const [assignment] = (await owner.post(`/api/training/tracks/${track.body.id}/assignments`, { userIds: [luisId] }))
      .body;
    const items = (await luis.get('/api/me/training')).body[0].track.items;
    await luis.post(`/api/me/training/${assignment.assignmentId}/attempts`, {
      answers: { [items[1].id]: [0], [items[2].id]: [0, 1] },
    });
    const second = await visitorOf(test, owner, 'Beto');
    await second.send('Hola');
    const conversations = (await owner.get('/api/conversations')).body.items as {
      contact: { name: string };
      assigneeId: string | null;
    }[];
    expect(conversations.find((c) => c.contact.name === 'Beto')!.assigneeId).toBe(luisId);
  });
});
