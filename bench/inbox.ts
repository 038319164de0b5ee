// The inbox at scale: 250,000 conversations and 2.5 million messages in one workspace (10 messages each, on every
// channel, over a year). Figures: the inbox view (open conversations, mine, unassigned, longest waiting) p95 and message
// search p95, and the one search over everything (Ctrl/Cmd+K) p95, measured through the API in process (no HTTP socket
// in the way).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { tenant } from '../apps/server/src/db/tenant.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { generateCustomers, seeded } from './generate.js';
import { timeRuns, dialectsToRun } from './lib.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 250_000);
const MESSAGES_EACH = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const openings = [
  'Hola, no puedo timbrar la factura',
  'Buenas tardes, ¿cuánto cuesta el plan anual?',
  'El certificado del SAT me marca error',
  'Necesito cancelar un CFDI de Peña y Asociados',
  'Quiero cotizar 200 piezas de buje',
  '¿Me pueden reenviar el XML?',
  'El pago no se refleja',
  'Tengo una duda con el complemento de pago',
  'La orden de compra 4500 no llegó completa',
  'Buen día, solicito una visita técnica',
];
const replies = [
  'Con gusto le ayudo, ¿me comparte su RFC?',
  'Ya lo revisamos, el timbrado quedó correcto',
  'Le envío la cotización por correo',
  'El certificado venció, hay que renovarlo',
  'Ya se reenvió el XML a su correo',
  'El pago se aplicó hoy',
  'Queda agendada la visita para el martes',
  'Gracias por su paciencia',
];

async function ok(client: Client, url: string) {
  const reply = await client.get(url);
  if (reply.status >= 300) throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function generateInbox(test: TestApp, workspaceId: string, agents: string[]) {
  const rand = seeded(23);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const t0 = tenant(test.ctx.db, workspaceId);
  const contacts = (await t0.selectFrom('contacts').select('id').execute()).map((c) => c.id);
  const inboxes = new Map<string, string>();
  for (const channel of ['webchat', 'whatsapp', 'email', 'phone']) {
    const existing = await t0.selectFrom('inboxes').select('id').where('channel', '=', channel).executeTakeFirst();
    const id = existing?.id ?? newId();
    if (!existing)
      await t0
        .insertInto('inboxes', {
          id,
          channel,
          name: channel,
          website_token: null,
          settings: '{}',
          created_at: Date.now(),
        })
        .execute();
    inboxes.set(channel, id);
  }
  const channels = [...inboxes.keys()];
  const now = Date.now();
  const BATCH = 2_000;
  for (let start = 0; start < CONVERSATIONS; start += BATCH) {
    await t0.transaction(async (t) => {
      const conversations = [];
      const messages = [];
      for (let i = start; i < Math.min(CONVERSATIONS, start + BATCH); i++) {
        const id = newId();
        const channel = pick(channels);
        // Older conversations first, so ids and times grow together as in real life.
        const createdAt = now - Math.floor(((CONVERSATIONS - i) / CONVERSATIONS) * 365 * 86_400_000);
        const roll = rand();
        const status = roll < 0.7 ? 'resolved' : roll < 0.9 ? 'open' : 'pending';
        const last = createdAt + MESSAGES_EACH * 60_000;
        conversations.push({
          id,
          inbox_id: inboxes.get(channel)!,
          contact_id: pick(contacts),
          channel,
          visitor_id: null,
          status,
          assignee_id: rand() < 0.8 ? pick(agents) : null,
          last_message_at: last,
          last_message_preview: pick(replies),
          waiting_since: status === 'open' && rand() < 0.5 ? last : null,
          first_response_at: createdAt + 60_000,
          resolved_at: status === 'resolved' ? last : null,
          created_at: createdAt,
          updated_at: last,
        });
        for (let m = 0; m < MESSAGES_EACH; m++) {
          const incoming = m % 2 === 0;
          messages.push({
            id: newId(),
            conversation_id: id,
            inbox_id: inboxes.get(channel)!,
            direction: incoming ? 'incoming' : 'outgoing',
            sender_type: incoming ? 'contact' : 'agent',
            sender_id: null,
            sender_name: null,
            body: `${incoming ? pick(openings) : pick(replies)} (${i}-${m})`,
            is_private: 0,
            source_id: null,
            created_at: createdAt + m * 60_000,
          });
        }
      }
      await t
        .insertInto('conversations', conversations)
        .execute()
        .catch(async () => {
          for (let i = 0; i < conversations.length; i += 500)
            await t.insertInto('conversations', conversations.slice(i, i + 500)).execute();
        });
      for (let i = 0; i < messages.length; i += 1_000)
        await t.insertInto('messages', messages.slice(i, i + 1_000)).execute();
    });
  }
}

export async function inbox(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test);
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id;
    const agentClients = [owner];
    for (let i = 0; i < 4; i++) agentClients.push(await memberOf(test, owner, 'agent', `agente${i}`));
    const agents = await Promise.all(
      agentClients.map(async (c) => (await c.get('/api/auth/session')).body.user.id as string),
    );
    let started = performance.now();
    await generateCustomers(test.ctx, workspaceId, { contacts: 50_000, companies: 2_000, historyItems: 0 });
    await generateInbox(test, workspaceId, agents);
    const generateS = +((performance.now() - started) / 1000).toFixed(1);
    started = performance.now();
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
    else await sql`analyze`.execute(test.database.db);
    const views = [
      'status=open',
      'status=open&view=mine',
      'status=open&view=unassigned',
      'status=open&sort=waiting',
      'status=all',
      'status=pending&channel=whatsapp',
    ];
    const inboxView = await timeRuns(RUNS, (i) => ok(owner, `/api/conversations?limit=30&${views[i % views.length]}`));
    const perView: Record<string, number> = {};
    for (const v of views) perView[v] = (await timeRuns(10, () => ok(owner, `/api/conversations?limit=30&${v}`))).p95;
    const queries = [
      'factura',
      'timbrar',
      'pena',
      'certificado sat',
      'cotizacion buje',
      'xml',
      'complemento pago',
      'visita tecnica',
    ];
    const search = await timeRuns(RUNS, (i) =>
      ok(owner, `/api/messages/search?limit=20&q=${encodeURIComponent(queries[i % queries.length]!)}`),
    );
    const searchByQuery: Record<string, number> = {};
    for (const q of queries)
      searchByQuery[q] = (
        await timeRuns(10, () => ok(owner, `/api/messages/search?limit=20&q=${encodeURIComponent(q)}`))
      ).p95;
    // The one search (Ctrl/Cmd+K) over everything at this scale: contacts, companies, conversations by message, deals,
    // quotes, projects, incidents and articles, five of each; also by a customer's name.
    const everything = [...queries, 'garcia', 'lopez martinez'];
    const globalSearch = await timeRuns(RUNS, (i) =>
      ok(owner, `/api/search?limit=5&q=${encodeURIComponent(everything[i % everything.length]!)}`),
    );
    if (process.env.BENCH_EXPLAIN && dialect === 'postgres') {
      // Diagnosis only: the plans of the rare-word search, as run and with more memory for the word index's bitmap.
      for (const q of [
        `explain (analyze, buffers) select id, created_at from messages where search_vector @@ to_tsquery('simple', 'cotizacion:* & buje')`,
        `explain (analyze, buffers) select id from messages where search_vector @@ to_tsquery('simple', 'cotizacion:* & buje') order by created_at desc limit 40`,
      ]) {
        for (const mem of ['4MB', '64MB']) {
          await sql.raw(`set work_mem = '${mem}'`).execute(test.database.db);
          const plan = await sql.raw<{ 'QUERY PLAN': string }>(q).execute(test.database.db);
          console.error(`--- work_mem ${mem}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
        }
      }
    }
    const counts = await test.ctx.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      dialect,
      conversations: CONVERSATIONS,
      messages: Number(counts.n),
      generateS,
      inboxViewMs: inboxView,
      inboxViewP95ByQuery: perView,
      messageSearchMs: search,
      messageSearchP95ByQuery: searchByQuery,
      globalSearchMs: globalSearch,
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await inbox(d)));
}
