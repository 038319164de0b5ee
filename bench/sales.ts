// The sales pipeline at scale: 50,000 deals on one pipeline (a year and a half of a busy small firm: most already won
// or lost, the rest open across four stages), 5,000 contacts and 1,000 companies, ten salespeople. Figures: the Kanban
// board load p50/p95 (everyone's, one person's, a search), a list page and a card move.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { tenant } from '../apps/server/src/db/tenant.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { bulkInsertContacts } from '../apps/server/src/modules/contacts/bulk.js';
import { ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { seeded } from './generate.js';
import { ok, timeRuns, dialectsToRun } from './lib.js';

const DEALS = Number(process.env.BENCH_DEALS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAY = 86_400_000;

/** A workspace with the pipeline at scale (also the ground of the projects benchmark); the caller closes `test`. */
export async function pipelineAtScale(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test, { companyName: 'Bench Ventas', language: 'es', timeZone: 'America/Mexico_City' });
    const session = (await owner.get('/api/auth/session')).body;
    const workspaceId = session.workspace.id as string;
    const t = tenant(test.ctx.db, workspaceId);
    const rand = seeded(7);
    const now = Date.now();
    const started = performance.now();
    const people = [session.user.id as string];
    for (let i = 1; i < 10; i++) {
      const id = newId();
      await test.ctx.db
        .insertInto('users')
        .values({
          id,
          email: `vendedor${i}@bench.mx`,
          name: `Vendedor ${i}`,
          password_hash: 'x',
          language: 'es',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await t.insertInto('memberships', { user_id: id, role: 'agent', created_at: now }).execute();
      people.push(id);
    }
    const contacts = await t.transaction((tx) =>
      bulkInsertContacts(
        tx,
        Array.from({ length: 5_000 }, (_, i) => ({
          name: `Cliente ${i}`,
          emails: [`cliente${i}@bench.mx`],
          phones: [],
          status: 'active',
          createdAt: now - Math.floor(rand() * 500) * DAY,
        })),
      ),
    );
    const companies: string[] = [];
    for (let i = 0; i < 1_000; i++)
      companies.push((await ok(owner, 'POST', '/api/companies', { name: `Empresa ${i}` })).body.id);
    const [pipeline] = (await ok(owner, 'GET', '/api/pipelines')).body;
    const stages = pipeline.stages as { id: string; kind: string }[];
    // 30 % won, 35 % lost, the rest open, fewer the further along.
    const stageFor = (x: number) =>
      x < 0.3
        ? stages[4]!
        : x < 0.65
          ? stages[5]!
          : x < 0.8
            ? stages[0]!
            : x < 0.9
              ? stages[1]!
              : x < 0.96
                ? stages[2]!
                : stages[3]!;
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    for (let start = 0; start < DEALS; start += 1_000) {
      const rows = Array.from({ length: Math.min(1_000, DEALS - start) }, (_, i) => {
        const stage = stageFor(rand());
        const created = now - Math.floor(rand() * 540) * DAY;
        const status = stage.kind;
        return {
          id: newId(),
          pipeline_id: pipeline.id,
          stage_id: stage.id,
          title: `Oportunidad ${start + i} ${pick(['timbrado', 'nómina', 'portal', 'soporte', 'piezas', 'moldes'])}`,
          status,
          value_cents: Math.floor(rand() * 5_000_000) * 10,
          currency: 'MXN',
          tax_rate: 16,
          probability: rand() < 0.1 ? Math.floor(rand() * 100) : null,
          contact_id: pick(contacts),
          company_id: rand() < 0.7 ? pick(companies) : null,
          owner_id: pick(people),
          expected_close_date: new Date(created + 30 * DAY).toISOString().slice(0, 10),
          source: pick(['manual', 'event', 'web_form', 'conversation', 'referral']),
          source_detail: null,
          lost_reason: status === 'lost' ? pick(['Precio', 'Eligió a otro proveedor', 'Sin presupuesto']) : null,
          notes: '',
          position: start + i,
          won_at: status === 'won' ? created + 20 * DAY : null,
          lost_at: status === 'lost' ? created + 25 * DAY : null,
          version: 0,
          created_at: created,
          updated_at: created,
        };
      });
      await t.insertInto('deals', rows).execute();
    }
    return {
      test,
      owner,
      t,
      workspaceId,
      people,
      contacts,
      companies,
      pipeline,
      stages,
      rand,
      generateS: +((performance.now() - started) / 1000).toFixed(1),
    };
  } catch (error) {
    await test.close();
    throw error;
  }
}

export async function analyze(test: Awaited<ReturnType<typeof startTestApp>>, dialect: 'sqlite' | 'postgres') {
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
  else await sql`analyze`.execute(test.database.db);
}

export async function sales(dialect: 'sqlite' | 'postgres') {
  const { test, owner, pipeline, stages, generateS } = await pipelineAtScale(dialect);
  try {
    await analyze(test, dialect);
    const board = `/api/pipelines/${pipeline.id}/board`;
    await ok(owner, 'GET', board);
    const boardMs = await timeRuns(RUNS, () => ok(owner, 'GET', board));
    const mineMs = await timeRuns(RUNS, () => ok(owner, 'GET', `${board}?ownerId=me`));
    const searchMs = await timeRuns(Math.min(RUNS, 20), () => ok(owner, 'GET', `${board}?q=moldes`));
    const listMs = await timeRuns(Math.min(RUNS, 20), () =>
      ok(owner, 'GET', `/api/deals?pipelineId=${pipeline.id}&status=open&sort=value`),
    );
    const cards = (await ok(owner, 'GET', board)).body.columns[0].deals as { id: string; version: number }[];
    const versions = new Map(cards.map((c) => [c.id, c.version]));
    const moveMs = await timeRuns(Math.min(RUNS, 20), async (i) => {
      const card = cards[i % cards.length]!;
      const moved = await ok(owner, 'POST', `/api/deals/${card.id}/move`, {
        version: versions.get(card.id),
        stageId: stages[i % 2 ? 0 : 1]!.id,
        beforeId: null,
      });
      versions.set(card.id, moved.body.version);
    });
    const columns = (await ok(owner, 'GET', board)).body.columns as { count: number }[];
    return {
      dialect,
      deals: columns.reduce((n, c) => n + c.count, 0),
      generateS,
      boardMs,
      boardMineMs: mineMs,
      boardSearchMs: searchMs,
      listPageMs: listMs,
      moveMs,
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await sales(d)));
}
