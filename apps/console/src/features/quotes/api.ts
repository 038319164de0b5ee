// Quotes and the product catalogue. The console's requests of this feature, in one place.
import type { Product, Quote, QuotePage } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const quotesApi = {
  createProduct: (body: unknown) => api<Product>('POST', '/api/products', body),
  createQuote: (body: unknown) => api<Quote>('POST', '/api/quotes', body),
  deleteQuote: (quoteId: string) => api('DELETE', `/api/quotes/${quoteId}`),
  getQuote: (quoteId: string) => api<Quote>('GET', `/api/quotes/${quoteId}`),
  listAllProducts: () => api<Product[]>('GET', '/api/products?all=true'),
  listProducts: () => api<Product[]>('GET', '/api/products'),
  sendQuote: (quoteId: string, body: unknown) =>
    api<{ url: string; emailedTo: string | null; mailNotSetUp: boolean; quote: Quote }>(
      'POST',
      `/api/quotes/${quoteId}/send`,
      body,
    ),
  updateProduct: (productId: string, body: unknown) => api<Product>('PATCH', `/api/products/${productId}`, body),
  updateQuote: (quoteId: string, body: unknown) => api<Quote>('PATCH', `/api/quotes/${quoteId}`, body),
  /** The latest hundred quotes, of one deal or of all. */
  listQuotes: (dealId?: string) =>
    api<QuotePage>('GET', `/api/quotes?${new URLSearchParams({ limit: '100', ...(dealId ? { dealId } : {}) })}`),
};

/** Files the browser downloads itself (links, not requests). */
export const quotesFiles = {
  pdf: (quoteId: string) => `/api/quotes/${quoteId}/pdf`,
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const quotesKeys = {
  products: ['products'] as const,
};

export function useProducts() {
  return useQuery({ queryKey: quotesKeys.products, queryFn: () => quotesApi.listProducts() });
}
