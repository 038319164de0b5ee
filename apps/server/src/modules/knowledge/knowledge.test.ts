import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, memberOf, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';
import { diagramKey } from './render.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const flow = 'flowchart LR\n  A[Llamada] --> B{¿Resuelto?}\n  B -- Sí --> C[Cerrar]';
const body = `## Síntomas\nEl XML no llega.\n\n<script>alert(1)</script>\n\n[soporte](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n\`\`\`mermaid\n${flow}\n\`\`\`\n`;

const DRAWING = /src="data:image\/svg\+xml;charset=utf-8,([^"]+)"/g;
/** The SVG of the (first) drawing in rendered HTML. */
const drawingIn = (html: string) => decodeURIComponent([...html.matchAll(DRAWING)][0]![1]!);
/** The page without its drawings: what is markup of the page itself. */
const outsideDrawings = (html: string) => html.replace(DRAWING, '');

describe('knowledge articles', () => {
  it('a diagram’s CSS cannot restyle the page around it, however it is escaped', async () => {
    const owner = await ownerOf(test);
    const sneaky = `<svg viewBox="0 0 8 8"><style>body{display:none}*{background:u\\72l(http://evil.example/x)}</style><rect width="8" height="8"/></svg>`;
    const created = await owner.post('/api/articles', {
      title: 'Diagrama',
      body: `\`\`\`mermaid\n${flow}\n\`\`\``,
      language: 'es',
      diagrams: { [diagramKey(flow)]: sneaky },
    });
    expect(created.status).toBe(201);
    expect(outsideDrawings(created.body.html)).not.toMatch(/<style|display:none|evil/);
    expect(drawingIn(created.body.html)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 8 8">/);
  });

  it('render Markdown through an allowlist, keep drawn diagrams, and keep every version', async () => {
    const owner = await ownerOf(test);
    const drawn = `<svg viewBox="0 0 10 10" onload="alert(1)"><style>.n{fill:url(http://evil/x)}</style><script>alert(2)</script><g class="n"><rect width="5" height="5"/><text>Llamada</text></g></svg>`;
    const created = await owner.post('/api/articles', {
      title: 'El XML no llega',
      body,
      language: 'es',
      kind: 'recurring_problem',
      diagrams: { [diagramKey(flow)]: drawn, '0123456789abcdef': '<svg></svg>' },
    });
    expect(created.status).toBe(201);
    const article = created.body;
    expect(article).toMatchObject({
      slug: 'el-xml-no-llega',
      version: 1,
      status: 'draft',
      visibility: 'internal',
      kind: 'recurring_problem',
      owner: { name: 'Ana Owner' },
      diagrams: [{ key: diagramKey(flow), drawn: true }],
    });
    expect(article.html).toContain('<h2>Síntomas</h2>');
    for (const bad of ['<script', 'javascript:', 'onerror', 'onload', 'url(http'])
      expect(article.html).not.toContain(bad);
    // The drawing is an image of its own: its CSS cannot reach the page around it.
    expect(article.html).toContain(
      `<figure class="diagram" data-diagram="${diagramKey(flow)}"><img class="diagram" alt="Diagrama del proceso" width="10" height="10"`,
    );
    expect(drawingIn(article.html)).toContain(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>.n{fill:none}</style><g class="n">',
    );
    expect(outsideDrawings(article.html)).not.toMatch(/<style|<svg/);

    // A diagram without a drawing shows its source and says why, never a blank.
    const preview = await owner.post('/api/articles/preview', { body: '```mermaid\nflowchart TD\n  X --> Y\n```' });
    expect(preview.body.html).toContain('<pre class="diagram-source">flowchart TD\n  X --&gt; Y</pre>');
    expect(preview.body.html).toContain('has not been drawn yet');

    // Each new text is a version; restoring brings the old one back as a newer version.
    const edited = await owner.patch(`/api/articles/${article.id}`, { body: 'Texto nuevo', note: 'Simplificado' });
    expect(edited.body).toMatchObject({ version: 2, diagrams: [] });
    expect((await owner.patch(`/api/articles/${article.id}`, { status: 'published' })).body.version).toBe(2);
    const versions = (await owner.get(`/api/articles/${article.id}/versions`)).body;
    expect(
      versions.map((v: { version: number; note: string; changedBy: string }) => [v.version, v.note, v.changedBy]),
    ).toEqual([
      [2, 'Simplificado', 'Ana Owner'],
      [1, '', 'Ana Owner'],
    ]);
    const restored = await owner.post(`/api/articles/${article.id}/versions/1/restore`);
    expect(restored.body).toMatchObject({ version: 3, body });
    expect(restored.body.diagrams).toEqual([{ key: diagramKey(flow), drawn: false }]);
    expect((await owner.post(`/api/articles/${article.id}/versions/9/restore`)).status).toBe(404);

    // The English version is linked as a translation; a second English one is refused.
    const english = await owner.post('/api/articles', {
      title: 'The XML does not arrive',
      body: 'Steps',
      language: 'en',
      translationOf: article.id,
    });
    expect(english.body.translations).toEqual([{ id: article.id, language: 'es', title: 'El XML no llega' }]);
    expect(
      (await owner.post('/api/articles', { title: 'Again', body: 'x', language: 'en', translationOf: article.id }))
        .status,
    ).toBe(400);

    // Found by words of the body, accents or not; filtered by kind.
    expect((await owner.get('/api/articles?q=sintomas xml')).body).toMatchObject({
      total: 1,
      items: [{ id: article.id }],
    });
    expect((await owner.get('/api/articles?kind=recurring_problem')).body.total).toBe(1);
  });

  it('refuse bad input and other workspaces, and keep a category that holds articles', async () => {
    const owner = await ownerOf(test);
    const category = (await owner.post('/api/kb-categories', { name: 'Facturación' })).body;
    const article = (
      await owner.post('/api/articles', {
        title: 'Cancelar un CFDI',
        body: 'Pasos',
        language: 'es',
        categoryId: category.id,
      })
    ).body;
    expect(article.category).toEqual({ id: category.id, name: 'Facturación' });
    const refused = await owner.delete(`/api/kb-categories/${category.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('category_in_use');
    expect((await owner.get('/api/kb-categories')).body).toEqual([
      expect.objectContaining({ id: category.id, articles: 1 }),
    ]);
    expect((await owner.post('/api/articles', { title: '', body: 'x', language: 'es' })).status).toBe(400);
    expect((await owner.post('/api/articles', { title: 'x', body: 'x', language: 'fr' })).status).toBe(400);
    expect(
      (await owner.post('/api/articles', { title: 'x', body: 'x', language: 'es', diagrams: { nothex: '<svg/>' } }))
        .status,
    ).toBe(400);
    expect(
      (await owner.post('/api/articles', { title: 'x', body: 'x', language: 'es', reviewOn: 'mañana' })).status,
    ).toBe(400);
    const stranger = await ownerOf(test);
    const strangerCategory = (await stranger.post('/api/kb-categories', { name: 'Ajena' })).body;
    const crossed = await owner.post('/api/articles', {
      title: 'x',
      body: 'x',
      language: 'es',
      categoryId: strangerCategory.id,
    });
    expect(crossed.body.error.fields).toEqual([{ path: 'categoryId', message: 'No such category in this workspace' }]);
    expect((await stranger.get(`/api/articles/${article.id}`)).status).toBe(404);
    expect((await stranger.get('/api/articles')).body.total).toBe(0);
    expect((await owner.get('/api/articles')).body.total).toBe(1);
    const viewer = await memberOf(test, owner, 'viewer');
    expect((await viewer.get(`/api/articles/${article.id}`)).status).toBe(200);
    expect((await viewer.post('/api/articles', { title: 'x', body: 'x', language: 'es' })).status).toBe(403);
    // The same title gets its own address.
    expect(
      (await owner.post('/api/articles', { title: 'Cancelar un CFDI', body: 'Otra', language: 'es' })).body.slug,
    ).toBe('cancelar-un-cfdi-2');
  });

  it('are suggested by what the customer wrote, and each use is counted', async () => {
    const owner = await ownerOf(test);
    const cfdi = (
      await owner.post('/api/articles', {
        title: 'Cómo cancelar un CFDI',
        summary: 'Cancelación ante el SAT',
        body: 'Entra al portal del SAT con tu e.firma y elige **Cancelar**.',
        language: 'es',
        status: 'published',
        visibility: 'public',
      })
    ).body;
    await owner.post('/api/articles', {
      title: 'Cambiar la contraseña',
      body: 'Desde Mi perfil.',
      language: 'es',
      status: 'published',
    });
    await owner.post('/api/articles', { title: 'Borrador sobre cancelar', body: 'CFDI cancelar', language: 'es' });
    const visitor = await visitorOf(test, owner, 'Rosa');
    await visitor.send('Hola, necesito cancelar una factura CFDI que emití mal');
    const conversation = (await owner.get('/api/conversations')).body.items[0];
    const suggested = (await owner.get(`/api/conversations/${conversation.id}/article-suggestions`)).body;
    expect(suggested[0]).toMatchObject({
      id: cfdi.id,
      title: 'Cómo cancelar un CFDI',
      excerpt: 'Entra al portal del SAT con tu e.firma y elige Cancelar.',
    });
    expect(suggested[0].publicUrl).toMatch(/\/help\/acme-facturas\/es\/como-cancelar-un-cfdi$/);
    expect(suggested.map((s: { title: string }) => s.title)).not.toContain('Borrador sobre cancelar');
    // What the agent types counts too.
    const typed = (
      await owner.get(
        `/api/conversations/${conversation.id}/article-suggestions?text=${encodeURIComponent('contraseña')}`,
      )
    ).body;
    expect(typed.map((s: { title: string }) => s.title)).toContain('Cambiar la contraseña');
    expect(
      (await owner.post(`/api/articles/${cfdi.id}/uses`, { conversationId: conversation.id, kind: 'linked' })).status,
    ).toBe(200);
    expect((await owner.get(`/api/articles/${cfdi.id}`)).body.uses).toBe(1);
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/conversations/${conversation.id}/article-suggestions`)).status).toBe(404);
  });

  it("offer the recurring-problem and per-channel service-process templates in the reader's language", async () => {
    const owner = await ownerOf(test);
    const templates = (await owner.get('/api/article-templates?language=es')).body as { key: string; body: string }[];
    expect(templates.map((t) => t.key)).toEqual([
      'recurring_problem',
      'service_process_phone',
      'service_process_whatsapp',
      'service_process_email',
      'service_process_webchat',
    ]);
    expect(templates[0]!.body).toContain('## Solución paso a paso');
    expect(templates[1]!.body).toContain('```mermaid');
    expect((await owner.get('/api/article-templates')).body[0].body).toContain('## Step-by-step solution');
  });
});

describe('the public help center', () => {
  it("shows public, published articles in the reader's language, searches, and records what readers say", async () => {
    const owner = await ownerOf(test, { companyName: 'Factura Norte', language: 'es' });
    const settings = (await owner.get('/api/help-center')).body;
    expect(settings).toMatchObject({ slug: 'factura-norte', enabled: true, title: 'Centro de ayuda de Factura Norte' });
    const category = (await owner.post('/api/kb-categories', { name: 'Facturación' })).body;
    const es = (
      await owner.post('/api/articles', {
        title: 'Cómo cancelar un CFDI',
        body: `Paso 1: entra al SAT.\n\n\`\`\`mermaid\n${flow}\n\`\`\``,
        language: 'es',
        status: 'published',
        visibility: 'public',
        categoryId: category.id,
        diagrams: { [diagramKey(flow)]: '<svg viewBox="0 0 4 4"><rect width="4" height="4"/></svg>' },
      })
    ).body;
    await owner.post('/api/articles', {
      title: 'How to cancel a CFDI',
      body: 'Step 1: sign in to SAT.',
      language: 'en',
      status: 'published',
      visibility: 'public',
      translationOf: es.id,
    });
    await owner.post('/api/articles', {
      title: 'Guion interno de cobranza',
      body: 'Solo para el equipo',
      language: 'es',
      status: 'published',
      visibility: 'internal',
    });
    await owner.post('/api/articles', {
      title: 'Borrador público',
      body: 'aún no',
      language: 'es',
      status: 'draft',
      visibility: 'public',
    });
    const image = await test.app.inject({
      method: 'POST',
      url: `/api/articles/${es.id}/files`,
      headers: {
        cookie: owner.cookie,
        'x-csrf-token': owner.csrf,
        'content-type': 'image/png',
        'x-file-name': 'pantalla.png',
      },
      payload: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    });
    expect(image.statusCode).toBe(201);
    const markdown = image.json().markdown as string;
    await owner.patch(`/api/articles/${es.id}`, {
      body: `Paso 1: entra al SAT.\n\n${markdown}\n\n\`\`\`mermaid\n${flow}\n\`\`\``,
    });

    const reader = new Client(test.app);
    reader.language = 'es-MX';
    const home = await reader.get('/help/factura-norte');
    expect(home.status).toBe(200);
    expect(home.headers['content-security-policy']).toContain("default-src 'none'");
    expect(home.body).toContain('<h2>Facturación</h2>');
    expect(home.body).toContain('Cómo cancelar un CFDI');
    expect(home.body).not.toContain('Guion interno');
    expect(home.body).not.toContain('Borrador público');
    expect(home.body).not.toContain('<script');
    reader.language = 'en-US';
    expect((await reader.get('/help/factura-norte')).body).toContain('How to cancel a CFDI');

    const page = await reader.get('/help/factura-norte/es/como-cancelar-un-cfdi');
    expect(page.status).toBe(200);
    expect(drawingIn(page.body)).toContain('viewBox="0 0 4 4"');
    expect(outsideDrawings(page.body)).not.toMatch(/<svg/);
    const fileUrl = page.body.match(/src="(\/help\/factura-norte\/files\/[^"]+)"/)![1]!;
    expect((await reader.get(fileUrl)).status).toBe(200);
    expect((await reader.get('/help/factura-norte/es/guion-interno-de-cobranza')).status).toBe(404);
    expect((await reader.get('/help/factura-norte/es/borrador-publico')).status).toBe(404);
    expect((await reader.get('/help/nadie')).status).toBe(404);
    expect((await owner.get(`/api/articles/${es.id}`)).body.views).toBe(1);

    // Searching: found without accents; a search that finds nothing is kept for the team.
    const found = await reader.get('/help/factura-norte/search?q=cancelacion%20cfdi&lang=es');
    expect(found.body).not.toContain('No encontramos');
    const cancel = await reader.get('/help/factura-norte/search?q=cancelar&lang=es');
    expect(cancel.body).toContain('/help/factura-norte/es/como-cancelar-un-cfdi');
    expect((await reader.get('/help/factura-norte/search?q=devoluciones&lang=es')).body).toContain('No encontramos');
    // The widget's searches as the visitor types are not kept; the one it ends with is.
    await reader.get('/api/public/help/factura-norte/search?q=garant&lang=es');
    await reader.get('/api/public/help/factura-norte/search?q=garantia&lang=es&record=1');
    const json = await reader.get('/api/public/help/factura-norte/search?q=cfdi&lang=en');
    expect(json.body.items).toEqual([
      {
        title: 'How to cancel a CFDI',
        summary: '',
        url: expect.stringMatching(/\/help\/factura-norte\/en\/how-to-cancel-a-cfdi$/),
      },
    ]);

    // "Was this helpful?" is a plain form.
    const feedback = await test.app.inject({
      method: 'POST',
      url: '/help/factura-norte/es/como-cancelar-un-cfdi/feedback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'helpful=no&comment=Falt%C3%B3+el+paso+de+la+e.firma',
    });
    expect(feedback.statusCode).toBe(303);
    expect(feedback.headers.location).toBe('/help/factura-norte/es/como-cancelar-un-cfdi?thanks=1');
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/help/factura-norte/es/guion-interno-de-cobranza/feedback',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'helpful=yes',
        })
      ).statusCode,
    ).toBe(404);
    const insights = (await owner.get('/api/knowledge/insights')).body;
    expect(insights.searchesWithoutResult.map((x: { query: string }) => x.query).sort()).toEqual([
      'devoluciones',
      'garantia',
    ]);
    expect(insights.leastHelpful).toEqual([{ id: es.id, title: 'Cómo cancelar un CFDI', helpfulYes: 0, helpfulNo: 1 }]);
    expect(insights.recentFeedback[0]).toMatchObject({ helpful: false, comment: 'Faltó el paso de la e.firma' });

    // A file of an internal article is never public; the address can change but not to another's.
    const other = await ownerOf(test);
    expect((await other.patch('/api/help-center', { slug: 'factura-norte' })).status).toBe(400);
    expect((await other.patch('/api/help-center', { slug: 'A B' })).status).toBe(400);
    expect((await owner.patch('/api/help-center', { enabled: false })).body.enabled).toBe(false);
    expect((await reader.get('/help/factura-norte')).status).toBe(404);
  });
});
