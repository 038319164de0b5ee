// Knowledge and incidents at scale: 10,000 articles (half public, in es and en) and 100,000 incidents over a year.
// Figures: help-center search p95, article suggestions while typing p95, the yearly Pareto report p95 and the weight of
// a help-center article page (bytes transferred: the page is everything, no script and no stylesheet to fetch).
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { tenant } from '../apps/server/src/db/tenant.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { searchText } from '../apps/server/src/platform/search.js';
import { plainText, diagramKey } from '../apps/server/src/modules/knowledge/render.js';
import { type Client, type TestApp, ownerOf, startTestApp, visitorOf } from '../apps/server/src/testing/harness.js';
import { seeded } from './generate.js';
import { timeRuns, dialectsToRun } from './lib.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const subjects = [
  'factura',
  'timbrado',
  'cancelación',
  'complemento de pago',
  'certificado',
  'nómina',
  'XML',
  'PDF',
  'régimen fiscal',
  'factura global',
  'usuario',
  'contraseña',
  'suscripción',
  'pedido',
  'cotización',
  'torno',
  'refacción',
  'garantía',
  'entrega',
  'inventario',
];
const verbs = [
  'Cómo',
  'Qué hacer si falla',
  'Error al',
  'Configurar',
  'Revisar',
  'Corregir',
  'Enviar',
  'Descargar',
  'Actualizar',
  'Consultar',
];
const words =
  'cliente sistema portal sat pago fecha folio serie correo receptor emisor sello archivo plantilla reporte catálogo sucursal almacén proveedor cuenta banco transferencia moneda impuesto iva retención descuento precio paquete plan renovación acceso permiso rol perfil'.split(
    ' ',
  );
const causes = ['service', 'product', 'customer_error', 'third_party', 'unknown'];

const diagram =
  'flowchart LR\n  A[Llega la llamada] --> B{¿Identificado?}\n  B -- Sí --> C[Entender la necesidad]\n  B -- No --> D[Pedir datos]\n  D --> C --> E[Resolver] --> F[Cerrar]';

async function ok(client: Client, url: string) {
  const reply = await client.get(url);
  if (reply.status >= 300)
    throw new Error(`${url}: ${reply.status} ${String(JSON.stringify(reply.body)).slice(0, 300)}`);
  return reply;
}

export async function generate(test: TestApp, workspaceId: string) {
  const rand = seeded(77);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const t = tenant(test.ctx.db, workspaceId);
  const now = Date.now();
  const categories = [];
  for (let i = 0; i < 20; i++) {
    const id = newId();
    categories.push(id);
    await t
      .insertInto('kb_categories', { id, name: `Categoría ${i}`, description: '', position: i, created_at: now })
      .execute();
  }
  const BATCH = 500;
  for (let start = 0; start < ARTICLES; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(ARTICLES, start + BATCH); i++) {
      const title = `${pick(verbs)} ${pick(subjects)} ${pick(subjects)} ${i}`;
      const paragraphs = Array.from({ length: 8 }, () => Array.from({ length: 40 }, () => pick(words)).join(' ') + '.');
      const body = `## Síntomas\n${paragraphs[0]}\n\n## Solución paso a paso\n${paragraphs
        .slice(1, 6)
        .map((p, n) => `${n + 1}. ${p}`)
        .join('\n')}\n\n${paragraphs.slice(6).join('\n\n')}`;
      const summary = `${pick(subjects)} ${pick(words)} ${pick(words)}`;
      rows.push({
        id: newId(),
        translation_group: newId(),
        kind: 'article',
        language: i % 5 === 0 ? 'en' : 'es',
        title,
        slug: `articulo-${i}`,
        summary,
        body,
        visibility: i % 2 === 0 ? 'public' : 'internal',
        status: 'published',
        category_id: pick(categories),
        owner_id: null,
        review_on: null,
        version: 1,
        diagrams: '{}',
        uses: 0,
        views: Math.floor(rand() * 1000),
        helpful_yes: 0,
        helpful_no: 0,
        search_text: searchText([title, title, summary, plainText(body, 20_000)], 24_000),
        updated_by: null,
        created_at: now,
        updated_at: now,
      });
    }
    await t.insertInto('articles', rows).execute();
  }
  const incidentCategories = (await t.selectFrom('incident_categories').select('id').execute()).map((c) => c.id);
  const YEAR = 365 * 86_400_000;
  for (let start = 0; start < INCIDENTS; start += 800) {
    const rows = [];
    for (let i = start; i < Math.min(INCIDENTS, start + 800); i++) {
      const reported = now - Math.floor(rand() * YEAR);
      const resolved = rand() < 0.85;
      const summary = `${pick(verbs)} ${pick(subjects)}: ${pick(words)} ${pick(words)}`;
      rows.push({
        id: newId(),
        number: i + 1,
        contact_id: null,
        company_id: null,
        conversation_id: null,
        reported_at: reported,
        channel: pick(['whatsapp', 'email', 'webchat', 'phone']),
        customer_words: '',
        summary,
        area: '',
        category_id: rand() < 0.9 ? pick(incidentCategories) : null,
        severity: pick(['low', 'medium', 'high', 'critical']),
        root_cause: pick(causes),
        root_cause_notes: '',
        attitude_before: 1 + Math.floor(rand() * 5),
        attitude_before_notes: '',
        attitude_after: resolved ? 1 + Math.floor(rand() * 5) : null,
        attitude_after_notes: '',
        assignee_id: null,
        steps: '[]',
        article_id: null,
        problem_id: null,
        status: resolved ? 'resolved' : 'open',
        resolved_at: resolved ? reported + 3_600_000 : null,
        resolution_ms: resolved ? Math.floor(rand() * 72 * 3_600_000) : null,
        resolution_business_ms: resolved ? Math.floor(rand() * 27 * 3_600_000) : null,
        time_spent_minutes: Math.floor(rand() * 90),
        search_text: searchText([summary]),
        created_by: null,
        created_at: reported,
        updated_at: reported,
      });
    }
    await t.insertInto('incidents', rows).execute();
  }
}

export async function knowledge(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test, { companyName: 'Bench Ayuda', language: 'es' });
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
    const started = performance.now();
    await generate(test, workspaceId);
    const generateS = +((performance.now() - started) / 1000).toFixed(1);
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
    else await sql`analyze`.execute(test.database.db);
    const slug = (await owner.get('/api/help-center')).body.slug as string;

    // Readers search the help center (the widget's JSON search, and the page itself).
    const queries = [
      'factura',
      'cancelacion cfdi',
      'error al timbrado',
      'certificado sello',
      'complemento de pago',
      'contrasena',
      'xml correo receptor',
      'devoluciones',
    ];
    const reader = new (owner.constructor as typeof Client)(test.app);
    const searchJson = await timeRuns(RUNS, (i) =>
      ok(reader, `/api/public/help/${slug}/search?q=${encodeURIComponent(queries[i % queries.length]!)}&lang=es`),
    );
    const searchPage = await timeRuns(RUNS, (i) =>
      ok(reader, `/help/${slug}/search?q=${encodeURIComponent(queries[i % queries.length]!)}&lang=es`),
    );

    // An agent types an answer: suggestions follow the conversation and the words typed so far.
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Hola, no puedo timbrar la factura, me sale error del certificado de sello');
    const conversation = (await owner.get('/api/conversations')).body.items[0].id as string;
    const typing = [
      '',
      'Le',
      'Le comparto',
      'Le comparto cómo renovar',
      'Le comparto cómo renovar el certificado',
      'revise el correo del receptor',
      'complemento',
      'nómina',
    ];
    const suggestions = await timeRuns(RUNS, (i) =>
      ok(
        owner,
        `/api/conversations/${conversation}/article-suggestions?text=${encodeURIComponent(typing[i % typing.length]!)}`,
      ),
    );

    // The yearly Pareto report (with the trend, month comparison and medians it comes with).
    const pareto = await timeRuns(Math.min(RUNS, 30), () => ok(owner, '/api/incidents-analysis'));
    const grouping = await timeRuns(10, () => ok(owner, '/api/incidents-grouping'));

    // The weight of an article page: a long article with a drawn diagram.
    const svg = `<svg viewBox="0 0 600 120" xmlns="http://www.w3.org/2000/svg"><style>.node rect{fill:#eee;stroke:#999}</style>${Array.from({ length: 6 }, (_, n) => `<g class="node" transform="translate(${n * 100},40)"><rect width="90" height="40" rx="5"/><text x="45" y="25" text-anchor="middle">Paso ${n + 1}</text></g>`).join('')}</svg>`;
    const long = Array.from(
      { length: 12 },
      (_, n) => `## Paso ${n + 1}\n${Array.from({ length: 60 }, () => 'texto de la explicación').join(' ')}.`,
    ).join('\n\n');
    await owner.post('/api/articles', {
      title: 'Proceso de atención por teléfono',
      body: `${long}\n\n\`\`\`mermaid\n${diagram}\n\`\`\``,
      language: 'es',
      visibility: 'public',
      status: 'published',
      diagrams: { [diagramKey(diagram)]: svg },
    });
    const page = await ok(reader, `/help/${slug}/es/proceso-de-atencion-por-telefono`);
    const html = String(page.body);
    const home = String((await ok(reader, `/help/${slug}?lang=es`)).body);
    return {
      dialect,
      articles: ARTICLES,
      incidents: INCIDENTS,
      generateS,
      helpSearchMs: searchJson,
      helpSearchPageMs: searchPage,
      suggestionsMs: suggestions,
      paretoYearMs: pareto,
      groupingMs: grouping,
      articlePageBytes: { raw: Buffer.byteLength(html), gzip: gzipSync(html).length, requests: 1 },
      homePageBytes: { raw: Buffer.byteLength(home), gzip: gzipSync(home).length },
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await knowledge(d)));
}
