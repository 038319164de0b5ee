// The bell's notices as the console reads them: newest first with the unread count, a page at a time; marking read.
import type { NoticeList } from '@atiende/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const noticeKeys = { all: ['notifications'] as const };

/** Only the count, for the badge: one small request, refreshed when a live notice arrives. */
export function useUnreadNotices() {
  return useQuery({
    queryKey: [...noticeKeys.all, 'count'],
    queryFn: async () => (await api<NoticeList>('GET', '/api/notifications?limit=1')).unread,
  });
}

export function useNotices(unreadOnly: boolean, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...noticeKeys.all, 'list', unreadOnly],
    queryFn: ({ pageParam }) =>
      api<NoticeList>(
        'GET',
        `/api/notifications?limit=20${unreadOnly ? '&unread=true' : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useMarkNoticesRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) =>
      api<{ unread: number }>('POST', '/api/notifications/read', which),
    onSuccess: () => client.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
