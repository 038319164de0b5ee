import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

async function seed(owner: Awaited<ReturnType<typeof ownerOf>>) {
  const company = await owner.post('/api/companies', { name: 'Tornos SA' });
  const people = [
    {
      name: 'Ana',
      status: 'active',
      tags: ['VIP'],
      source: 'Expo Pyme 2026',
      profile: { transactional: { totalSpent: 50_000 } },
      companies: [{ companyId: company.body.id }],
      emails: [{ value: 'ana@tornos.mx' }],
    },
    {
      name: 'Beto',
      status: 'active',
      tags: [],
      source: 'Sitio web',
      profile: { transactional: { totalSpent: 2_000 } },
      emails: [{ value: 'beto@gmail.com' }],
    },
    { name: 'Carla', status: 'former', tags: ['VIP'], source: 'Expo Pyme 2026' },
    { name: 'Dora', status: 'prospect', tags: [] },
  ];
  const ids: Record<string, string> = {};
  for (const p of people) ids[p.name] = (await owner.post('/api/contacts', p)).body.id;
  return { ids, companyId: company.body.id as string };
}

const names = (body: { sample: { name: string }[] }) => body.sample.map((s) => s.name);

describe('segments', () => {
  it('match all or any of their rules, counted live', async () => {
    const owner = await ownerOf(test);
    const { companyId } = await seed(owner);
    const preview = (definition: unknown) => owner.post('/api/segments/preview', { definition });
    const vipActive = await preview({
      match: 'all',
      rules: [
        { field: 'status', operator: 'is', value: 'active' },
        { field: 'tag', operator: 'has', value: 'VIP' },
      ],
    });
    expect(vipActive.body).toMatchObject({ count: 1 });
    expect(names(vipActive.body)).toEqual(['Ana']);
    const vipOrFormer = await preview({
      match: 'any',
      rules: [
        { field: 'status', operator: 'is', value: 'former' },
        { field: 'tag', operator: 'has', value: 'VIP' },
      ],
    });
    expect(names(vipOrFormer.body)).toEqual(['Ana', 'Carla']);
    expect(
      names((await preview({ match: 'all', rules: [{ field: 'totalSpent', operator: 'gt', value: 10_000 }] })).body),
    ).toEqual(['Ana']);
    expect(
      names((await preview({ match: 'all', rules: [{ field: 'source', operator: 'contains', value: 'expo' }] })).body),
    ).toEqual(['Ana', 'Carla']);
    expect(
      names((await preview({ match: 'all', rules: [{ field: 'company', operator: 'is', value: companyId }] })).body),
    ).toEqual(['Ana']);
    expect(
      names((await preview({ match: 'all', rules: [{ field: 'email', operator: 'contains', value: 'gmail' }] })).body),
    ).toEqual(['Beto']);
    expect(
      names(
        (
          await preview({
            match: 'all',
            rules: [
              { field: 'tag', operator: 'has_not', value: 'VIP' },
              { field: 'status', operator: 'is_not', value: 'prospect' },
            ],
          })
        ).body,
      ),
    ).toEqual(['Beto']);
    expect(
      names((await preview({ match: 'all', rules: [{ field: 'createdAt', operator: 'within_days', value: 1 }] })).body),
    ).toEqual(['Ana', 'Beto', 'Carla', 'Dora']);
  });

  it('read conversations: last contact, how many and on which channel', async () => {
    const owner = await ownerOf(test);
    const visitor = await visitorOf(test, owner, 'Rosa', 'rosa@example.com');
    await visitor.send('Hola');
    await owner.post('/api/contacts', { name: 'Silent' });
    const preview = async (rules: unknown[]) =>
      names((await owner.post('/api/segments/preview', { definition: { match: 'all', rules } })).body);
    expect(await preview([{ field: 'lastContactAt', operator: 'within_days', value: 7 }])).toEqual(['Rosa']);
    expect(await preview([{ field: 'lastContactAt', operator: 'not_within_days', value: 7 }])).toEqual(['Silent']);
    expect(await preview([{ field: 'conversations', operator: 'gt', value: 0 }])).toEqual(['Rosa']);
    expect(await preview([{ field: 'channel', operator: 'has', value: 'webchat' }])).toEqual(['Rosa']);
    expect(await preview([{ field: 'channel', operator: 'has', value: 'whatsapp' }])).toEqual([]);
  });

  it('are saved, listed with counts, and list their contacts, following the data as it changes', async () => {
    const owner = await ownerOf(test);
    const { ids } = await seed(owner);
    const saved = await owner.post('/api/segments', {
      name: 'Clientes VIP activos',
      definition: {
        match: 'all',
        rules: [
          { field: 'status', operator: 'is', value: 'active' },
          { field: 'tag', operator: 'has', value: 'VIP' },
        ],
      },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.count).toBe(1);
    await owner.patch(`/api/contacts/${ids.Beto}`, { tags: ['VIP'] });
    expect(
      (await owner.get('/api/segments')).body.map((s: { name: string; count: number }) => [s.name, s.count]),
    ).toEqual([['Clientes VIP activos', 2]]);
    const members = await owner.get(`/api/contacts?segment=${saved.body.id}`);
    expect(members.body.items.map((c: { name: string }) => c.name)).toEqual(['Ana', 'Beto']);
    const renamed = await owner.patch(`/api/segments/${saved.body.id}`, { name: 'VIP' });
    expect(renamed.body.name).toBe('VIP');
    expect((await owner.delete(`/api/segments/${saved.body.id}`)).status).toBe(200);
    expect((await owner.get(`/api/segments/${saved.body.id}`)).status).toBe(404);
  });

  it('refuse rules that do not make sense, naming them, and save nothing', async () => {
    const owner = await ownerOf(test);
    const bad = await owner.post('/api/segments', {
      name: 'X',
      definition: {
        match: 'all',
        rules: [
          { field: 'status', operator: 'gt', value: 3 },
          { field: 'conversations', operator: 'gt', value: 'many' },
          { field: 'tag', operator: 'has' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'definition.rules.0.operator',
      'definition.rules.0.value',
      'definition.rules.1.value',
      'definition.rules.2.value',
    ]);
    expect((await owner.get('/api/segments')).body).toEqual([]);
  });

  it('stay inside their workspace', async () => {
    const owner = await ownerOf(test);
    await seed(owner);
    const saved = await owner.post('/api/segments', {
      name: 'Todos',
      definition: { match: 'all', rules: [{ field: 'createdAt', operator: 'within_days', value: 30 }] },
    });
    const stranger = await ownerOf(test);
    expect(
      (
        await stranger.post('/api/segments/preview', {
          definition: { match: 'all', rules: [{ field: 'createdAt', operator: 'within_days', value: 30 }] },
        })
      ).body.count,
    ).toBe(0);
    expect((await stranger.get(`/api/segments/${saved.body.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/contacts?segment=${saved.body.id}`)).status).toBe(404);
    expect((await stranger.delete(`/api/segments/${saved.body.id}`)).status).toBe(404);
    expect((await owner.get(`/api/segments/${saved.body.id}`)).body.count).toBe(4);
  });
});
