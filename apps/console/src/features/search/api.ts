// The one search as the console asks it: a few of each kind for the words typed so far.
import type { SearchResult } from '@atiende/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export function useSearch(q: string) {
  const words = q.trim();
  return useQuery({
    queryKey: ['search', words],
    queryFn: () => api<SearchResult>('GET', `/api/search?q=${encodeURIComponent(words)}&limit=5`),
    enabled: words.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
