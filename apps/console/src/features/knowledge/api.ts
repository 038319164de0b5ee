// The knowledge base: articles, their versions and categories, and the help center. The console's requests of this feature, in one place.
import type {
  Article,
  ArticleSummary,
  ArticleTemplate,
  ArticleVersion,
  HelpCenterSettings,
  KbCategory,
  KnowledgeInsights,
} from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const knowledgeApi = {
  createArticle: (body: unknown) => api<Article>('POST', '/api/articles', body),
  uploadArticleFile: (articleId: string, body: unknown, raw: Parameters<typeof api>[3]) =>
    api<{ markdown: string }>('POST', `/api/articles/${articleId}/files`, body, raw),
  recordArticleUse: (articleId: string, body: unknown) => api('POST', `/api/articles/${articleId}/uses`, body),
  createKbCategory: (body: unknown) => api('POST', '/api/kb-categories', body),
  deleteKbCategory: (kbCategoryId: string) => api('DELETE', `/api/kb-categories/${kbCategoryId}`),
  getArticle: (articleId: string) => api<Article>('GET', `/api/articles/${articleId}`),
  getHelpCenter: () => api<HelpCenterSettings>('GET', '/api/help-center'),
  listArticleTemplates: (language: string | number | boolean) =>
    api<ArticleTemplate[]>('GET', `/api/article-templates?language=${language}`),
  listArticleVersions: (articleId: string) => api<ArticleVersion[]>('GET', `/api/articles/${articleId}/versions`),
  listAllArticles: () => api<{ items: ArticleSummary[] }>('GET', '/api/articles?limit=200'),
  listArticles: (query: string) => api<{ items: ArticleSummary[]; total: number }>('GET', `/api/articles?${query}`),
  listKbCategories: () => api<KbCategory[]>('GET', '/api/kb-categories'),
  listKnowledgeInsights: () => api<KnowledgeInsights>('GET', '/api/knowledge/insights'),
  previewArticle: <T>(body: unknown) => api<T>('POST', '/api/articles/preview', body),
  restoreArticleVersion: (articleId: string, versionId: number) =>
    api<Article>('POST', `/api/articles/${articleId}/versions/${versionId}/restore`),
  updateArticle: (articleId: string, body: unknown) => api<Article>('PATCH', `/api/articles/${articleId}`, body),
  updateHelpCenter: (body: unknown) => api<HelpCenterSettings>('PATCH', '/api/help-center', body),
  deleteArticle: (articleId: string) => api('DELETE', `/api/articles/${articleId}`),
  /** Up to twenty articles whose title or text matches, to choose one. */
  searchArticles: (q: string) =>
    api<{ items: ArticleSummary[] }>(
      'GET',
      `/api/articles?${new URLSearchParams({ limit: '20', ...(q ? { q } : {}) })}`,
    ),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const knowledgeKeys = {
  helpCenter: ['help-center'] as const,
  kbCategories: ['kb-categories'] as const,
};

export function useHelpCenter() {
  return useQuery({ queryKey: knowledgeKeys.helpCenter, queryFn: () => knowledgeApi.getHelpCenter() });
}

export function useKbCategories() {
  return useQuery({ queryKey: knowledgeKeys.kbCategories, queryFn: () => knowledgeApi.listKbCategories() });
}
