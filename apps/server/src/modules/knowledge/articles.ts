// Knowledge articles: written once, found while answering, shown in the help center when public. Every change of
// the text is a version (who, when, what) that can be restored; categories group them; uses and feedback are counted.
import type { Article, ArticleSummary } from '@atiende/contract';
import type { ArticleListQuery, ArticleUpdate, ArticleWrite } from '@atiende/contract';
import { sql } from 'kysely';
import type { z } from 'zod';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { queryTerms, rankedSearch, searchText, slugOf, termCounts } from '../../platform/search.js';
import { storeFile } from '../../platform/storage/files.js';
import { iso, todayUtc } from '../../platform/time.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { significantWords } from '../incidents/index.js';
import { diagramKey, diagramSources, keptDrawings, plainText, renderArticle } from './render.js';

type ArticleInput = z.infer<typeof ArticleWrite>;
type ArticlePatch = z.infer<typeof ArticleUpdate>;
type ListQuery = z.infer<typeof ArticleListQuery>;

export function articleRows(t: Tenant) {
  return t
    .selectFrom('articles')
    .leftJoin('kb_categories', 'kb_categories.id', 'articles.category_id')
    .leftJoin('users as owner', 'owner.id', 'articles.owner_id')
    .select([
      'articles.id',
      'articles.title',
      'articles.slug',
      'articles.summary',
      'articles.language',
      'articles.kind',
      'articles.visibility',
      'articles.status',
      'articles.category_id',
      'articles.owner_id',
      'articles.review_on',
      'articles.version',
      'articles.uses',
      'articles.views',
      'articles.helpful_yes',
      'articles.helpful_no',
      'articles.updated_at',
      'articles.translation_group',
      'kb_categories.name as category_name',
      'owner.name as owner_name',
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof articleRows>['executeTakeFirstOrThrow']>>;

export function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    title: r.title,
    slug: r.slug,
    summary: r.summary,
    language: r.language as 'es',
    kind: r.kind as ArticleSummary['kind'],
    visibility: r.visibility as ArticleSummary['visibility'],
    status: r.status as ArticleSummary['status'],
    category: r.category_id && r.category_name !== null ? { id: r.category_id, name: r.category_name } : null,
    owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
    reviewOn: r.review_on,
    reviewDue: r.review_on !== null && r.review_on <= todayUtc(),
    version: r.version,
    uses: r.uses,
    views: r.views,
    helpfulYes: r.helpful_yes,
    helpfulNo: r.helpful_no,
    updatedAt: iso(r.updated_at),
  };
}

/** The help center's address, or null while it is closed (or not made yet). */
async function helpCenterBase(t: Tenant, publicBase: string): Promise<string | null> {
  const center = await t.selectFrom('help_centers').select(['slug', 'enabled']).executeTakeFirst();
  return center?.enabled ? `${publicBase}/help/${center.slug}` : null;
}

/** The help center's address of a public, published article, or null. */
function publicUrlOf(
  base: string | null,
  article: { slug: string; language: string; visibility: string; status: string },
): string | null {
  if (!base || article.visibility !== 'public' || article.status !== 'published') return null;
  return `${base}/${article.language}/${article.slug}`;
}

export async function getArticle(ctx: AppContext, t: Tenant, id: string): Promise<Article> {
  const row = await articleRows(t)
    .select(['articles.body', 'articles.diagrams'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const drawings = JSON.parse(row.diagrams) as Record<string, string>;
  const translations = await t
    .selectFrom('articles')
    .select(['id', 'language', 'title'])
    .where('translation_group', '=', row.translation_group)
    .where('id', '!=', id)
    .execute();
  return {
    ...toSummary(row),
    body: row.body,
    html: renderArticle(row.body, drawings, { language: row.language as 'es' }),
    diagrams: diagramSources(row.body).map((s) => ({ key: diagramKey(s), drawn: Boolean(drawings[diagramKey(s)]) })),
    translations: translations.map((x) => ({ id: x.id, language: x.language as 'es', title: x.title })),
    publicUrl: publicUrlOf(await helpCenterBase(t, ctx.config.publicUrl), row),
  };
}

/** "Cómo cancelar un CFDI" → "como-cancelar-un-cfdi", made unique among the workspace's articles in that language. */
async function uniqueSlug(t: Tenant, title: string, language: string, except?: string): Promise<string> {
  const base = slugOf(title, 80) || 'articulo';
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    let q = t.selectFrom('articles').select('id').where('language', '=', language).where('slug', '=', slug);
    if (except) q = q.where('id', '!=', except);
    if (!(await q.executeTakeFirst())) return slug;
  }
}

const articleSearchText = (a: { title: string; summary: string; body: string }) =>
  searchText([a.title, a.title, a.summary, plainText(a.body, 20_000)], 24_000);

async function checkReferences(
  t: Tenant,
  input: { categoryId?: string | null; ownerId?: string | null },
): Promise<void> {
  if (
    input.categoryId &&
    !(await t.selectFrom('kb_categories').select('id').where('id', '=', input.categoryId).executeTakeFirst())
  )
    throw new AppError('validation_failed', [{ path: 'categoryId', message: 'field.noSuchCategory' }]);
  await assertAgentMember(t, input.ownerId, 'ownerId');
}

export async function createArticle(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: ArticleInput,
): Promise<Article> {
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await checkReferences(t, input);
    let group = id;
    if (input.translationOf) {
      const original = await t
        .selectFrom('articles')
        .select(['translation_group'])
        .where('id', '=', input.translationOf)
        .executeTakeFirst();
      if (!original)
        throw new AppError('validation_failed', [{ path: 'translationOf', message: 'field.noSuchArticle' }]);
      const taken = await t
        .selectFrom('articles')
        .select('id')
        .where('translation_group', '=', original.translation_group)
        .where('language', '=', input.language)
        .executeTakeFirst();
      if (taken) throw new AppError('validation_failed', [{ path: 'language', message: 'field.translationExists' }]);
      group = original.translation_group;
    }
    const now = Date.now();
    const userId = actor.type === 'user' ? actor.id : null;
    const row = {
      id,
      translation_group: group,
      kind: input.kind ?? 'article',
      language: input.language,
      title: input.title,
      slug: await uniqueSlug(t, input.title, input.language),
      summary: input.summary ?? '',
      body: input.body,
      visibility: input.visibility ?? 'internal',
      status: input.status ?? 'draft',
      category_id: input.categoryId ?? null,
      owner_id: input.ownerId !== undefined ? input.ownerId : userId,
      review_on: input.reviewOn ?? null,
      version: 1,
      diagrams: JSON.stringify(keptDrawings(input.body, input.diagrams ?? {})),
      uses: 0,
      views: 0,
      helpful_yes: 0,
      helpful_no: 0,
      search_text: articleSearchText({ title: input.title, summary: input.summary ?? '', body: input.body }),
      updated_by: userId,
      created_at: now,
      updated_at: now,
    };
    await t.insertInto('articles', row).execute();
    await t
      .insertInto('article_versions', {
        id: newId(),
        article_id: id,
        version: 1,
        title: row.title,
        summary: row.summary,
        body: row.body,
        note: '',
        changed_by: userId,
        changed_at: now,
      })
      .execute();
    await audit(t, actor, 'article.created', { type: 'article', id }, { title: row.title });
  });
  return getArticle(ctx, tenant(ctx.db, workspaceId), id);
}

/** An example article of a new workspace: internal, published, written by nobody (so "write your first article" is
 * still to do until someone writes or edits one). Inside the caller's transaction. */
export async function insertStarterArticle(
  t: Tenant,
  input: { title: string; summary: string; body: string; language: 'es' | 'en' },
): Promise<void> {
  const id = newId();
  const now = Date.now();
  await t
    .insertInto('articles', {
      id,
      translation_group: id,
      kind: 'article',
      language: input.language,
      title: input.title,
      slug: await uniqueSlug(t, input.title, input.language),
      summary: input.summary,
      body: input.body,
      visibility: 'internal',
      status: 'published',
      category_id: null,
      owner_id: null,
      review_on: null,
      version: 1,
      diagrams: '{}',
      uses: 0,
      views: 0,
      helpful_yes: 0,
      helpful_no: 0,
      search_text: articleSearchText(input),
      updated_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await t
    .insertInto('article_versions', {
      id: newId(),
      article_id: id,
      version: 1,
      title: input.title,
      summary: input.summary,
      body: input.body,
      note: '',
      changed_by: null,
      changed_at: now,
    })
    .execute();
}

export async function updateArticle(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: ArticlePatch,
): Promise<Article> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await checkReferences(t, patch);
    const title = patch.title ?? current.title;
    const summary = patch.summary ?? current.summary;
    const body = patch.body ?? current.body;
    const textChanged = title !== current.title || summary !== current.summary || body !== current.body;
    const version = textChanged ? current.version + 1 : current.version;
    const userId = actor.type === 'user' ? actor.id : null;
    const now = Date.now();
    // Drawings already stored stay for diagrams the body still holds; new ones sent replace them.
    const drawings = keptDrawings(body, {
      ...(JSON.parse(current.diagrams) as Record<string, string>),
      ...(patch.diagrams ?? {}),
    });
    await t
      .updateTable('articles')
      .set({
        title,
        summary,
        body,
        slug:
          title !== current.title && current.status === 'draft'
            ? await uniqueSlug(t, title, current.language, id)
            : current.slug,
        kind: patch.kind ?? current.kind,
        visibility: patch.visibility ?? current.visibility,
        status: patch.status ?? current.status,
        category_id: patch.categoryId !== undefined ? patch.categoryId : current.category_id,
        owner_id: patch.ownerId !== undefined ? patch.ownerId : current.owner_id,
        review_on: patch.reviewOn !== undefined ? patch.reviewOn : current.review_on,
        diagrams: JSON.stringify(drawings),
        version,
        search_text: articleSearchText({ title, summary, body }),
        updated_by: userId,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (textChanged)
      await t
        .insertInto('article_versions', {
          id: newId(),
          article_id: id,
          version,
          title,
          summary,
          body,
          note: patch.note ?? '',
          changed_by: userId,
          changed_at: now,
        })
        .execute();
    await audit(
      t,
      actor,
      'article.updated',
      { type: 'article', id },
      { fields: Object.keys(patch).filter((k) => k !== 'diagrams'), version },
    );
  });
  return getArticle(ctx, tenant(ctx.db, workspaceId), id);
}

export async function listVersions(ctx: AppContext, workspaceId: string, id: string) {
  const t = tenant(ctx.db, workspaceId);
  if (!(await t.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst()))
    throw new AppError('not_found');
  const rows = await t
    .selectFrom('article_versions')
    .leftJoin('users', 'users.id', 'article_versions.changed_by')
    .select([
      'article_versions.version',
      'article_versions.title',
      'article_versions.summary',
      'article_versions.body',
      'article_versions.note',
      'article_versions.changed_at',
      'users.name as changed_by_name',
    ])
    .where('article_versions.article_id', '=', id)
    .orderBy('article_versions.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    summary: r.summary,
    body: r.body,
    note: r.note,
    changedBy: r.changed_by_name,
    changedAt: iso(r.changed_at),
  }));
}

/** Restoring writes the old text as a new version: history only grows. */
export async function restoreVersion(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  version: number,
): Promise<Article> {
  const t = tenant(ctx.db, workspaceId);
  const old = await t
    .selectFrom('article_versions')
    .select(['title', 'summary', 'body'])
    .where('article_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!old) throw new AppError('not_found');
  return updateArticle(ctx, workspaceId, actor, id, {
    title: old.title,
    summary: old.summary,
    body: old.body,
    note: `restore:${version}`,
  });
}

export async function deleteArticle(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('articles').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'article.deleted', { type: 'article', id });
  });
}

export async function listArticles(
  ctx: AppContext,
  workspaceId: string,
  query: ListQuery,
): Promise<{ items: ArticleSummary[]; total: number }> {
  const t = tenant(ctx.db, workspaceId);
  const filtered = () => {
    let q = articleRows(t);
    if (query.categoryId) q = q.where('articles.category_id', '=', query.categoryId);
    if (query.visibility) q = q.where('articles.visibility', '=', query.visibility);
    if (query.status) q = q.where('articles.status', '=', query.status);
    if (query.kind) q = q.where('articles.kind', '=', query.kind);
    if (query.language) q = q.where('articles.language', '=', query.language);
    if (query.reviewDue) q = q.where('articles.review_on', '<=', todayUtc());
    return q;
  };
  const terms = query.q ? queryTerms(query.q) : [];
  const limit = query.limit ?? 50;
  const ordered = terms.length
    ? rankedSearch(ctx.dialect, 'articles', terms, 'all', filtered())
    : filtered().orderBy('articles.title');
  const rows = await ordered
    .limit(limit)
    .offset(query.offset ?? 0)
    .execute();
  const counted = terms.length
    ? rankedSearch(
        ctx.dialect,
        'articles',
        terms,
        'all',
        filtered()
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n')),
      ).clearOrderBy()
    : filtered()
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'));
  const total = Number((await counted.executeTakeFirst())?.n ?? 0);
  return { items: rows.map(toSummary), total };
}

/**
 * Articles for the conversation at hand: its last customer messages (and what the agent is typing) become the
 * significant words of a ranked any-word search; the reply's language and published articles come first.
 */
export async function suggestArticles(ctx: AppContext, workspaceId: string, conversationId: string, typed = '') {
  const t = tenant(ctx.db, workspaceId);
  const conversation = await t
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['conversations.id', 'contacts.language'])
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation) throw new AppError('not_found');
  const recent = await t
    .selectFrom('messages')
    .select('body')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'incoming')
    .where('sender_type', '<>', 'system')
    .orderBy('created_at', 'desc')
    .limit(3)
    .execute();
  return suggestFor(ctx, t, `${typed} ${recent.map((m) => m.body).join(' ')}`, conversation.language);
}

/** A word held by this many articles or more is too common to suggest by. */
const COMMON = 500;

export async function suggestFor(ctx: AppContext, t: Tenant, text: string, language: string | null) {
  const candidates = [...new Set(significantWords(text))].slice(0, 10);
  if (!candidates.length) return [];
  // Words in most articles ("hola", the product's name) rank nothing and make the ranking read the whole index: the
  // rarest words that occur at all carry the search.
  const counts = await termCounts(t.db as never, ctx.dialect, 'articles', t.workspaceId, candidates, COMMON);
  const present = candidates.filter((w) => counts.get(w)! > 0).sort((a, b) => counts.get(a)! - counts.get(b)!);
  const rare = present.filter((w) => counts.get(w)! < COMMON);
  if (!present.length) return [];
  // Rare words: articles with any of them. Only common ones: articles with all of the least common three.
  const [words, mode] = rare.length ? [rare.slice(0, 6), 'any' as const] : [present.slice(0, 3), 'all' as const];
  const rows = await rankedSearch(
    ctx.dialect,
    'articles',
    words,
    mode,
    articleRows(t).select(['articles.body']).where('articles.status', '=', 'published'),
    { workspaceId: t.workspaceId, rankAtMost: 400 },
  )
    .limit(language ? 16 : 8)
    .execute();
  // The customer's language first, keeping the search's order within each.
  const sorted = language
    ? [...rows.filter((r) => r.language === language), ...rows.filter((r) => r.language !== language)].slice(0, 8)
    : rows;
  const base = await helpCenterBase(t, ctx.config.publicUrl);
  return sorted.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    language: r.language as 'es',
    visibility: r.visibility as 'public',
    kind: r.kind as 'article',
    uses: r.uses,
    publicUrl: publicUrlOf(base, r),
    excerpt: plainText(r.body),
  }));
}

export async function recordUse(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { conversationId?: string; kind: 'inserted' | 'linked' },
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    if (
      input.conversationId &&
      !(await t.selectFrom('conversations').select('id').where('id', '=', input.conversationId).executeTakeFirst())
    )
      throw new AppError('validation_failed', [{ path: 'conversationId', message: 'field.noSuchConversation' }]);
    await t
      .insertInto('article_uses', {
        id: newId(),
        article_id: id,
        conversation_id: input.conversationId ?? null,
        user_id: actor.type === 'user' ? actor.id : null,
        kind: input.kind,
        created_at: Date.now(),
      })
      .execute();
    await t
      .updateTable('articles')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', id)
      .execute();
  });
}

/** An image for an article, stored with it; its Markdown is returned to paste. Public when the article is. */
export async function addArticleFile(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  upload: { name: string; contentType: string | undefined; data: Buffer },
) {
  if (upload.data.byteLength === 0)
    throw new AppError('validation_failed', [{ path: 'file', message: 'field.emptyUpload' }]);
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    const file = await storeFile(t, {
      messageId: null,
      articleId: id,
      name: upload.name,
      contentType: upload.contentType,
      data: upload.data,
    });
    await audit(t, actor, 'article.file_added', { type: 'article', id }, { file: file.name });
    const image = file.contentType.startsWith('image/');
    return {
      id: file.id,
      name: file.name,
      contentType: file.contentType,
      size: file.size,
      markdown: `${image ? '!' : ''}[${file.name.replace(/[[\]]/g, '')}](/api/files/${file.id})`,
    };
  });
}

// ---- Categories ----------------------------------------------------------------------------------------------

export async function listKbCategories(ctx: AppContext, workspaceId: string) {
  const t = tenant(ctx.db, workspaceId);
  const rows = await t.selectFrom('kb_categories').selectAll().orderBy('position').orderBy('name').execute();
  const counts = await t
    .selectFrom('articles')
    .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('category_id', 'is not', null)
    .groupBy('category_id')
    .execute();
  const byCategory = new Map(counts.map((c) => [c.category_id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    position: r.position,
    articles: byCategory.get(r.id) ?? 0,
  }));
}

async function assertCategoryNameFree(t: Tenant, name: string, except?: string) {
  let q = t.selectFrom('kb_categories').select('id').where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst())
    throw new AppError('validation_failed', [{ path: 'name', message: 'field.nameTaken' }]);
}

export async function saveKbCategory(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string | null,
  input: { name?: string; description?: string; position?: number },
) {
  const categoryId = id ?? newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (id && !(await t.selectFrom('kb_categories').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    if (input.name) await assertCategoryNameFree(t, input.name, id ?? undefined);
    if (id) {
      await t
        .updateTable('kb_categories')
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.position !== undefined ? { position: input.position } : {}),
        })
        .where('id', '=', id)
        .execute();
    } else {
      const last = await t
        .selectFrom('kb_categories')
        .select((eb) => eb.fn.max<number>('position').as('p'))
        .executeTakeFirst();
      await t
        .insertInto('kb_categories', {
          id: categoryId,
          name: input.name!,
          description: input.description ?? '',
          position: input.position ?? Number(last?.p ?? -1) + 1,
          created_at: Date.now(),
        })
        .execute();
    }
    await audit(
      t,
      actor,
      id ? 'kb_category.updated' : 'kb_category.created',
      { type: 'kb_category', id: categoryId },
      input,
    );
  });
  return (await listKbCategories(ctx, workspaceId)).find((c) => c.id === categoryId)!;
}

/** A category that still holds articles stays: deleting it would leave them unfiled without anyone deciding so. */
export async function deleteKbCategory(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('kb_categories').select('id').where('id', '=', id).executeTakeFirst()))
      throw new AppError('not_found');
    const used = await t
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('category_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(used.n) > 0) throw new AppError('category_in_use');
    await t.deleteFrom('kb_categories').where('id', '=', id).execute();
    await audit(t, actor, 'kb_category.deleted', { type: 'kb_category', id });
  });
}

// ---- What the team learns from readers -------------------------------------------------------------------------

export async function knowledgeInsights(ctx: AppContext, workspaceId: string) {
  const t = tenant(ctx.db, workspaceId);
  const since = Date.now() - 90 * 86_400_000;
  const [missed, leastHelpful, mostUsed, reviewDue, feedback] = await Promise.all([
    t
      .selectFrom('help_searches')
      .select([
        'query',
        (eb) => eb.fn.countAll<number>().as('times'),
        (eb) => eb.fn.max<number>('created_at').as('last'),
      ])
      .where('results', '=', 0)
      .where('created_at', '>=', since)
      .groupBy('query')
      .orderBy('times', 'desc')
      .limit(20)
      .execute(),
    t
      .selectFrom('articles')
      .select(['id', 'title', 'helpful_yes', 'helpful_no'])
      .where('helpful_no', '>', 0)
      .orderBy(sql`helpful_no - helpful_yes`, 'desc')
      .limit(10)
      .execute(),
    t
      .selectFrom('articles')
      .select(['id', 'title', 'uses', 'views'])
      .orderBy('uses', 'desc')
      .orderBy('views', 'desc')
      .limit(10)
      .execute(),
    t
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('review_on', '<=', todayUtc())
      .executeTakeFirstOrThrow(),
    t
      .selectFrom('article_feedback')
      .innerJoin('articles', 'articles.id', 'article_feedback.article_id')
      .select([
        'article_feedback.article_id',
        'articles.title',
        'article_feedback.helpful',
        'article_feedback.comment',
        'article_feedback.created_at',
      ])
      .orderBy('article_feedback.created_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  return {
    searchesWithoutResult: missed.map((m) => ({ query: m.query, times: Number(m.times), lastAt: iso(Number(m.last)) })),
    leastHelpful: leastHelpful.map((a) => ({
      id: a.id,
      title: a.title,
      helpfulYes: a.helpful_yes,
      helpfulNo: a.helpful_no,
    })),
    mostUsed: mostUsed
      .filter((a) => a.uses > 0 || a.views > 0)
      .map((a) => ({ id: a.id, title: a.title, uses: a.uses, views: a.views })),
    reviewDue: Number(reviewDue.n),
    recentFeedback: feedback.map((f) => ({
      articleId: f.article_id,
      title: f.title,
      helpful: f.helpful === 1,
      comment: f.comment,
      at: iso(f.created_at),
    })),
  };
}
