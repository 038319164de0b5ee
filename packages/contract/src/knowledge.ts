// The knowledge base: articles in Markdown (with images and Mermaid process diagrams), internal or public, in es
// and/or en, with versions; the help center that shows the public ones; what readers and agents do with them.
import { z } from 'zod';
import { Id, IsoDateTime, Language } from './common.js';

export const ArticleKind = z.enum(['article', 'recurring_problem', 'service_process']);
export const ArticleVisibility = z.enum(['internal', 'public']);
export const ArticleStatus = z.enum(['draft', 'published']);

export const KbCategoryWrite = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const KbCategory = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  position: z.number(),
  articles: z.number(),
});

/** SVG the console drew for each diagram, keyed by the diagram source's hash (see diagramKey). */
export const DiagramDrawings = z
  .record(z.string().regex(/^[a-f0-9]{16}$/), z.string().max(400_000))
  .refine((d) => Object.keys(d).length <= 50, 'field.tooManyDiagrams');

export const ArticleWrite = z.strictObject({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(500).optional(),
  body: z.string().max(200_000).describe('Markdown; ```mermaid blocks are process diagrams'),
  language: Language,
  kind: ArticleKind.optional(),
  visibility: ArticleVisibility.optional(),
  status: ArticleStatus.optional(),
  categoryId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
  reviewOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date')
    .nullable()
    .optional()
    .describe('When it should be reviewed again, YYYY-MM-DD'),
  translationOf: Id.optional().describe('The article this one translates (the other language)'),
  diagrams: DiagramDrawings.optional(),
});
export const ArticleUpdate = ArticleWrite.omit({ translationOf: true, language: true })
  .partial()
  .extend({ note: z.string().trim().max(300).optional().describe('What changed, for the version history') });

export const ArticleSummary = z.object({
  id: Id,
  title: z.string(),
  slug: z.string(),
  summary: z.string(),
  language: Language,
  kind: ArticleKind,
  visibility: ArticleVisibility,
  status: ArticleStatus,
  category: z.object({ id: Id, name: z.string() }).nullable(),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  reviewOn: z.string().nullable(),
  reviewDue: z.boolean().describe('The review date has come'),
  version: z.number(),
  uses: z.number(),
  views: z.number(),
  helpfulYes: z.number(),
  helpfulNo: z.number(),
  updatedAt: IsoDateTime,
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;
export const Article = ArticleSummary.extend({
  body: z.string(),
  html: z.string().describe('The body rendered and sanitised, diagrams drawn'),
  diagrams: z
    .array(z.object({ key: z.string(), drawn: z.boolean() }))
    .describe('Each diagram of the body, and whether a drawing is stored'),
  translations: z.array(z.object({ id: Id, language: Language, title: z.string() })),
  publicUrl: z.string().nullable().describe('Its help-center address, when public and published'),
});
export type Article = z.infer<typeof Article>;
export const ArticleListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  categoryId: Id.optional(),
  visibility: ArticleVisibility.optional(),
  status: ArticleStatus.optional(),
  kind: ArticleKind.optional(),
  language: Language.optional(),
  reviewDue: z.enum(['true']).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const ArticlePage = z.object({ items: z.array(ArticleSummary), total: z.number() });
export const ArticleVersion = z.object({
  version: z.number(),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  note: z.string(),
  changedBy: z.string().nullable(),
  changedAt: IsoDateTime,
});
export const ArticlePreview = z.strictObject({ body: z.string().max(200_000), diagrams: DiagramDrawings.optional() });
export const ArticleTemplate = z.object({
  key: z.string(),
  kind: ArticleKind,
  channel: z.string().nullable(),
  title: z.string(),
  body: z.string(),
});
export const ArticleUse = z.strictObject({ conversationId: Id.optional(), kind: z.enum(['inserted', 'linked']) });
export const ArticleSuggestion = ArticleSummary.pick({
  id: true,
  title: true,
  summary: true,
  language: true,
  visibility: true,
  kind: true,
  uses: true,
}).extend({
  publicUrl: z.string().nullable(),
  excerpt: z.string().describe('The start of the body as plain text, to insert in a reply'),
});
export const SuggestionQuery = z.strictObject({
  text: z
    .string()
    .max(2_000)
    .optional()
    .describe("What the agent is typing; the conversation's last customer messages are always read"),
});

export const HelpCenterSettings = z.object({
  slug: z.string(),
  enabled: z.boolean(),
  title: z.string(),
  url: z.string(),
});
export const HelpCenterWrite = z.strictObject({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'field.slug')
    .optional(),
  enabled: z.boolean().optional(),
  title: z.string().trim().min(1).max(120).optional(),
});
export const KnowledgeInsights = z.object({
  searchesWithoutResult: z.array(z.object({ query: z.string(), times: z.number(), lastAt: IsoDateTime })),
  leastHelpful: z.array(z.object({ id: Id, title: z.string(), helpfulYes: z.number(), helpfulNo: z.number() })),
  mostUsed: z.array(z.object({ id: Id, title: z.string(), uses: z.number(), views: z.number() })),
  reviewDue: z.number(),
  recentFeedback: z.array(
    z.object({ articleId: Id, title: z.string(), helpful: z.boolean(), comment: z.string(), at: IsoDateTime }),
  ),
});
export const PublicArticleHit = z.object({ title: z.string(), summary: z.string(), url: z.string() });
export const PublicSearchResult = z.object({ query: z.string(), items: z.array(PublicArticleHit) });
export type KbCategory = z.infer<typeof KbCategory>;
export type ArticleVersion = z.infer<typeof ArticleVersion>;
export type ArticleTemplate = z.infer<typeof ArticleTemplate>;
export type ArticleSuggestion = z.infer<typeof ArticleSuggestion>;
export type HelpCenterSettings = z.infer<typeof HelpCenterSettings>;
export type KnowledgeInsights = z.infer<typeof KnowledgeInsights>;
