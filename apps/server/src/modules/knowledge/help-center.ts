// The public help center at /help/<slug>: the public, published articles of a workspace, searchable, in the
// reader's language, as plain server-rendered pages (no script, a few KB of CSS) that load fast on a phone.
// "Was this helpful?" and searches that found nothing are recorded for the team.
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeHtml } from '../../platform/html.js';
import { newId } from '../../platform/ids.js';
import { fold, queryTerms, rankedSearch, slugOf } from '../../platform/search.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { renderArticle } from './render.js';

type Lang = 'es' | 'en';

export interface HelpCenter {
  workspaceId: string;
  slug: string;
  title: string;
  defaultLanguage: Lang;
  /** The company's own sites, which may show the help center in a frame. */
  websites: string[];
}

export async function helpCenterBySlug(ctx: AppContext, slug: string): Promise<HelpCenter | null> {
  const row = await ctx.db
    .selectFrom('help_centers')
    .select(['workspace_id', 'slug', 'title', 'enabled'])
    .where('slug', '=', slug.toLowerCase())
    .executeTakeFirst();
  if (!row || !row.enabled) return null;
  const settings = await loadWorkspaceSettings(ctx, row.workspace_id);
  return {
    workspaceId: row.workspace_id,
    slug: row.slug,
    title: row.title,
    defaultLanguage: settings.language,
    websites: settings.websites,
  };
}

/** Every workspace gets a help center at an address made from its name; the team may change it. */
export async function provisionHelpCenter(t: Tenant): Promise<void> {
  const workspace = await t.db
    .selectFrom('workspaces')
    .select(['name', 'language'])
    .where('id', '=', t.workspaceId)
    .executeTakeFirstOrThrow();
  const base = slugOf(workspace.name, 40);
  const root = base.length >= 3 ? base : `${base || 'centro'}-ayuda`;
  let slug = root;
  for (let n = 2; await t.db.selectFrom('help_centers').select('slug').where('slug', '=', slug).executeTakeFirst(); n++)
    slug = `${root}-${n}`;
  await t
    .insertInto('help_centers', {
      slug,
      enabled: 1,
      title: workspace.language === 'en' ? `${workspace.name} help center` : `Centro de ayuda de ${workspace.name}`,
      updated_at: Date.now(),
    })
    .execute();
}

export async function helpCenterSettings(ctx: AppContext, workspaceId: string) {
  const t = tenant(ctx.db, workspaceId);
  let row = await t.selectFrom('help_centers').selectAll().executeTakeFirst();
  // Workspaces made before the help center existed get theirs on first look.
  if (!row) {
    await t.transaction(provisionHelpCenter);
    row = await t.selectFrom('help_centers').selectAll().executeTakeFirstOrThrow();
  }
  return {
    slug: row.slug,
    enabled: row.enabled === 1,
    title: row.title,
    url: `${ctx.config.publicUrl}/help/${row.slug}`,
  };
}

export async function updateHelpCenter(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { slug?: string; enabled?: boolean; title?: string },
) {
  await helpCenterSettings(ctx, workspaceId);
  if (input.slug) {
    const taken = await ctx.db
      .selectFrom('help_centers')
      .select('workspace_id')
      .where('slug', '=', input.slug)
      .where('workspace_id', '!=', workspaceId)
      .executeTakeFirst();
    if (taken) throw new AppError('validation_failed', [{ path: 'slug', message: 'field.slugTaken' }]);
  }
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .updateTable('help_centers')
      .set({
        ...(input.slug ? { slug: input.slug } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled ? 1 : 0 } : {}),
        ...(input.title ? { title: input.title } : {}),
        updated_at: Date.now(),
      })
      .execute();
    await audit(t, actor, 'help_center.updated', { type: 'workspace', id: workspaceId }, input);
  });
  return helpCenterSettings(ctx, workspaceId);
}

/** The reader's language: chosen in the page, else their browser's, else the company's. */
export function readerLanguage(center: HelpCenter, chosen: unknown, acceptLanguage: string | undefined): Lang {
  if (chosen === 'es' || chosen === 'en') return chosen;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (code === 'es' || code === 'en') return code;
  }
  return center.defaultLanguage;
}

const publicArticles = (t: Tenant) =>
  t.selectFrom('articles').where('articles.visibility', '=', 'public').where('articles.status', '=', 'published');

/** One article per translation group: the reader's language when it exists, else the other. */
function preferLanguage<T extends { translation_group: string; language: string }>(rows: T[], language: Lang): T[] {
  const chosen = new Map<string, T>();
  for (const r of rows) {
    const kept = chosen.get(r.translation_group);
    if (!kept || (kept.language !== language && r.language === language)) chosen.set(r.translation_group, r);
  }
  return rows.filter((r) => chosen.get(r.translation_group) === r);
}

export async function searchHelpCenter(
  ctx: AppContext,
  center: HelpCenter,
  query: string,
  language: Lang,
  source: 'help_center' | 'widget',
  record = true,
) {
  const t = tenant(ctx.db, center.workspaceId);
  const terms = queryTerms(query);
  let rows: { title: string; summary: string; slug: string; language: string; translation_group: string }[] = [];
  if (terms.length) {
    const select = () =>
      publicArticles(t).select([
        'articles.title',
        'articles.summary',
        'articles.slug',
        'articles.language',
        'articles.translation_group',
      ]);
    // A common word matches thousands of articles: the best of the first few hundred is what a reader needs.
    const bound = { workspaceId: center.workspaceId, rankAtMost: 500 };
    rows = await rankedSearch(ctx.dialect, 'articles', terms, 'all', select(), bound).limit(40).execute();
    // Nothing has every word: articles with most of them are better than an empty page.
    if (!rows.length && terms.length > 1)
      rows = await rankedSearch(ctx.dialect, 'articles', terms, 'any', select(), bound).limit(40).execute();
  }
  const items = preferLanguage(rows, language)
    .slice(0, 10)
    .map((r) => ({
      title: r.title,
      summary: r.summary,
      url: `${ctx.config.publicUrl}/help/${center.slug}/${r.language}/${r.slug}`,
    }));
  const folded = fold(query).replace(/\s+/g, ' ').trim().slice(0, 200);
  if (record && folded)
    await t
      .insertInto('help_searches', {
        id: newId(),
        query: folded,
        language,
        results: items.length,
        source,
        created_at: Date.now(),
      })
      .execute();
  return { query, items };
}

// ---- Pages --------------------------------------------------------------------------------------------------

const words = {
  es: {
    search: 'Buscar',
    placeholder: '¿En qué te ayudamos?',
    results: 'Resultados para',
    none: 'No encontramos artículos con esas palabras. Prueba con otras o escríbenos.',
    helpful: '¿Te sirvió este artículo?',
    yes: 'Sí',
    no: 'No',
    comment: '¿Qué faltó? (opcional)',
    send: 'Enviar',
    thanks: 'Gracias por tu opinión.',
    home: 'Inicio',
    other: 'Otros artículos',
    missing: 'No encontramos esta página.',
    updated: 'Actualizado el',
    language: 'English',
    notFoundTitle: 'No encontrado',
  },
  en: {
    search: 'Search',
    placeholder: 'How can we help?',
    results: 'Results for',
    none: 'No articles match those words. Try others or write to us.',
    helpful: 'Was this article helpful?',
    yes: 'Yes',
    no: 'No',
    comment: 'What was missing? (optional)',
    send: 'Send',
    thanks: 'Thank you for your feedback.',
    home: 'Home',
    other: 'Other articles',
    missing: 'We could not find this page.',
    updated: 'Updated on',
    language: 'Español',
    notFoundTitle: 'Not found',
  },
};

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f7f8fa}
header{background:#1864ab;color:#fff;padding:1.25rem 1rem}header a{color:#fff;text-decoration:none}.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem}main{padding:1rem 0 3rem}
form.search{display:flex;gap:.5rem;margin:1rem 0}form.search input{flex:1;min-width:0;padding:.7rem .8rem;font-size:1rem;border:1px solid #ced4da;border-radius:6px}
button{padding:.6rem 1rem;font-size:1rem;border:0;border-radius:6px;background:#1864ab;color:#fff;cursor:pointer}button.ghost{background:#e7f5ff;color:#1864ab}
.card{background:#fff;border:1px solid #e9ecef;border-radius:8px;padding:1rem;margin:.75rem 0}.card a{font-weight:600;color:#1864ab;text-decoration:none}.muted{color:#4b5563;font-size:.9rem}
article{background:#fff;border:1px solid #e9ecef;border-radius:8px;padding:1rem 1.25rem}article img,article svg{max-width:100%;height:auto}
pre{overflow:auto;background:#f1f3f5;padding:.75rem;border-radius:6px}table{border-collapse:collapse;display:block;overflow:auto}td,th{border:1px solid #dee2e6;padding:.3rem .6rem}
figure.diagram{margin:1rem 0;overflow:auto}img.diagram{display:block}.lang{float:right;font-size:.9rem}textarea{width:100%;min-height:4rem;font:inherit;padding:.5rem;border:1px solid #ced4da;border-radius:6px}
.feedback{margin-top:1.5rem}.feedback .row{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}`;

function page(center: HelpCenter, language: Lang, title: string, body: string, langHref: string): string {
  const w = words[language];
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · ${escapeHtml(center.title)}</title><style>${CSS}</style></head>
<body><header><div class="wrap"><a class="lang" href="${escapeHtml(langHref)}">${w.language}</a><a href="/help/${center.slug}?lang=${language}"><strong>${escapeHtml(center.title)}</strong></a>
<form class="search" action="/help/${center.slug}/search" method="get" role="search"><input type="hidden" name="lang" value="${language}"><input name="q" type="search" placeholder="${escapeHtml(w.placeholder)}" aria-label="${escapeHtml(w.search)}"><button type="submit">${w.search}</button></form></div></header>
<main class="wrap">${body}</main></body></html>`;
}

export function notFoundPage(center: HelpCenter | null, language: Lang): string {
  const w = words[language];
  if (!center)
    return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${w.notFoundTitle}</title><style>${CSS}</style></head><body><main class="wrap"><h1>${w.missing}</h1></main></body></html>`;
  return page(
    center,
    language,
    w.notFoundTitle,
    `<h1>${w.missing}</h1>`,
    `/help/${center.slug}?lang=${language === 'es' ? 'en' : 'es'}`,
  );
}

export async function homePage(ctx: AppContext, center: HelpCenter, language: Lang): Promise<string> {
  const t = tenant(ctx.db, center.workspaceId);
  const [categories, rows] = await Promise.all([
    t.selectFrom('kb_categories').select(['id', 'name', 'description']).orderBy('position').orderBy('name').execute(),
    publicArticles(t)
      .select([
        'articles.title',
        'articles.summary',
        'articles.slug',
        'articles.language',
        'articles.translation_group',
        'articles.category_id',
        'articles.views',
      ])
      .orderBy('articles.views', 'desc')
      .limit(2_000)
      .execute(),
  ]);
  const articles = preferLanguage(rows, language);
  const link = (a: (typeof articles)[number]) =>
    `<div class="card"><a href="/help/${center.slug}/${a.language}/${a.slug}">${escapeHtml(a.title)}</a>${a.summary ? `<div class="muted">${escapeHtml(a.summary)}</div>` : ''}</div>`;
  const sections = [...categories, { id: null, name: words[language].other, description: '' }]
    .map((c) => {
      const inCategory = articles.filter((a) => a.category_id === c.id).slice(0, 10);
      return inCategory.length
        ? `<h2>${escapeHtml(c.name)}</h2>${c.description ? `<p class="muted">${escapeHtml(c.description)}</p>` : ''}${inCategory.map(link).join('')}`
        : '';
    })
    .join('');
  return page(
    center,
    language,
    words[language].home,
    `<h1>${escapeHtml(center.title)}</h1>${sections}`,
    `/help/${center.slug}?lang=${language === 'es' ? 'en' : 'es'}`,
  );
}

export async function searchPage(ctx: AppContext, center: HelpCenter, query: string, language: Lang): Promise<string> {
  const w = words[language];
  const result = await searchHelpCenter(ctx, center, query, language, 'help_center');
  const list = result.items.length
    ? result.items
        .map(
          (i) =>
            `<div class="card"><a href="${escapeHtml(new URL(i.url).pathname)}">${escapeHtml(i.title)}</a>${i.summary ? `<div class="muted">${escapeHtml(i.summary)}</div>` : ''}</div>`,
        )
        .join('')
    : `<p>${w.none}</p>`;
  return page(
    center,
    language,
    `${w.results} ${query}`,
    `<h1>${w.results} “${escapeHtml(query)}”</h1>${list}`,
    `/help/${center.slug}/search?lang=${language === 'es' ? 'en' : 'es'}&q=${encodeURIComponent(query)}`,
  );
}

async function publicArticle(t: Tenant, language: string, slug: string) {
  return publicArticles(t)
    .select([
      'articles.id',
      'articles.title',
      'articles.body',
      'articles.diagrams',
      'articles.language',
      'articles.slug',
      'articles.updated_at',
      'articles.translation_group',
    ])
    .where('articles.language', '=', language)
    .where('articles.slug', '=', slug)
    .executeTakeFirst();
}

export async function articlePage(
  ctx: AppContext,
  center: HelpCenter,
  articleLanguage: string,
  slug: string,
  thanks: boolean,
): Promise<string | null> {
  const t = tenant(ctx.db, center.workspaceId);
  const article = await publicArticle(t, articleLanguage, slug);
  if (!article) return null;
  await t
    .updateTable('articles')
    .set((eb) => ({ views: eb('views', '+', 1) }))
    .where('id', '=', article.id)
    .execute();
  const language = article.language as Lang;
  const w = words[language];
  const other = await publicArticles(t)
    .select(['articles.language', 'articles.slug'])
    .where('articles.translation_group', '=', article.translation_group)
    .where('articles.id', '!=', article.id)
    .executeTakeFirst();
  const html = renderArticle(article.body, JSON.parse(article.diagrams) as Record<string, string>, {
    language,
    fileUrl: (id) => `/help/${center.slug}/files/${id}`,
  });
  const action = `/help/${center.slug}/${language}/${article.slug}/feedback`;
  const feedback = thanks
    ? `<p class="feedback" role="status">${w.thanks}</p>`
    : `<form class="feedback" method="post" action="${action}"><p><strong>${w.helpful}</strong></p><textarea name="comment" maxlength="1000" aria-label="${escapeHtml(w.comment)}" placeholder="${escapeHtml(w.comment)}"></textarea><div class="row"><button name="helpful" value="yes">${w.yes}</button><button class="ghost" name="helpful" value="no">${w.no}</button></div></form>`;
  const langHref = other
    ? `/help/${center.slug}/${other.language}/${other.slug}`
    : `/help/${center.slug}?lang=${language === 'es' ? 'en' : 'es'}`;
  return page(
    center,
    language,
    article.title,
    `<p class="muted"><a href="/help/${center.slug}?lang=${language}">${w.home}</a></p><article><h1>${escapeHtml(article.title)}</h1>${html}<p class="muted">${w.updated} ${new Date(article.updated_at).toISOString().slice(0, 10)}</p></article>${feedback}`,
    langHref,
  );
}

export async function recordFeedback(
  ctx: AppContext,
  center: HelpCenter,
  articleLanguage: string,
  slug: string,
  helpful: boolean,
  comment: string,
): Promise<boolean> {
  const t = tenant(ctx.db, center.workspaceId);
  const article = await publicArticle(t, articleLanguage, slug);
  if (!article) return false;
  await t.transaction(async (trx) => {
    await trx
      .insertInto('article_feedback', {
        id: newId(),
        article_id: article.id,
        helpful: helpful ? 1 : 0,
        comment: comment.trim().slice(0, 1_000),
        created_at: Date.now(),
      })
      .execute();
    await trx
      .updateTable('articles')
      .set((eb) => (helpful ? { helpful_yes: eb('helpful_yes', '+', 1) } : { helpful_no: eb('helpful_no', '+', 1) }))
      .where('id', '=', article.id)
      .execute();
  });
  return true;
}

/** A file shown in a public, published article; nothing else is reachable from outside. */
export async function publicFile(ctx: AppContext, center: HelpCenter, fileId: string) {
  return tenant(ctx.db, center.workspaceId)
    .selectFrom('files')
    .innerJoin('articles', 'articles.id', 'files.article_id')
    .select(['files.name', 'files.content_type', 'files.data'])
    .where('files.id', '=', fileId)
    .where('articles.visibility', '=', 'public')
    .where('articles.status', '=', 'published')
    .where('files.status', '=', 'ready')
    .executeTakeFirst();
}
