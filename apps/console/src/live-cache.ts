// What a live frame changes in the query cache. Kept apart from the socket so that it can be tested without a browser.
import type { Conversation, ConversationPage, Message } from '@atiende/contract';
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';

export type Frame =
  | { type: 'ready' }
  | { type: 'pong' }
  | { type: 'message.created'; conversation: Conversation; message: Message }
  | { type: 'message.updated'; message: Message }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'presence.changed' }
  | { type: 'typing'; conversationId: string; who: 'visitor' | 'agent'; name: string | null }
  | { type: 'notification'; notification: LiveNotification };

export interface LiveNotification {
  /** The bell's stored notice. */
  id?: string;
  kind: 'mention' | 'assigned' | 'sla_breached' | 'task_due' | 'automation';
  conversationId: string | null;
  contactId?: string | null;
  contactName: string;
  by: string | null;
  excerpt: string;
}

/**
 * Refetches what the change touches. A first load still on its way (a page opened just as the change happened) may
 * have been read before it, and TanStack Query would hand that same load to the refetch instead of starting another
 * (it only cancels loads of queries that already have data): such a load is cancelled and started again.
 */
function refetch(client: QueryClient, queryKey: QueryKey): void {
  const firstLoad = (query: { state: { data: unknown; fetchStatus: string } }) =>
    query.state.data === undefined && query.state.fetchStatus === 'fetching';
  const stale = client.getQueryCache().findAll({ queryKey, predicate: firstLoad });
  if (!stale.length) return void client.invalidateQueries({ queryKey });
  void client.cancelQueries({ queryKey, predicate: firstLoad }).then(() => client.invalidateQueries({ queryKey }));
}

function upsertConversation(client: QueryClient, conversation: Conversation): void {
  client.setQueriesData<InfiniteData<ConversationPage>>({ queryKey: ['conversations'] }, (data) => {
    // Only the inbox's paged lists are patched here (a page of another shape is refetched below).
    if (!data || !Array.isArray(data.pages)) return data;
    const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== conversation.id) }));
    return { ...data, pages };
  });
  // Lists are filtered and sorted on the server: refetch them, cheap and always right.
  refetch(client, ['conversations']);
  refetch(client, ['waiting']);
  refetch(client, ['home', 'sla']);
  client.setQueryData(['conversation', conversation.id], conversation);
}

/** A conversation's thread: changed in place where it is loaded, loaded again where it is still on its way. */
function patchThread(client: QueryClient, conversationId: string, change: (list: Message[]) => Message[]): void {
  const key = ['messages', conversationId];
  if (client.getQueryData(key)) client.setQueryData<Message[]>(key, (list) => list && change(list));
  else refetch(client, key);
}

/** Applies one frame to the cache; a notification is returned for the caller to show. */
export function applyFrame(client: QueryClient, frame: Frame): LiveNotification | undefined {
  if (frame.type === 'message.created') {
    patchThread(client, frame.message.conversationId, (list) =>
      list.some((m) => m.id === frame.message.id) ? list : [...list, frame.message],
    );
    upsertConversation(client, frame.conversation);
  } else if (frame.type === 'message.updated') {
    patchThread(client, frame.message.conversationId, (list) =>
      list.map((m) => (m.id === frame.message.id ? frame.message : m)),
    );
  } else if (frame.type === 'conversation.updated') upsertConversation(client, frame.conversation);
  else if (frame.type === 'presence.changed') void client.invalidateQueries({ queryKey: ['members'] });
  else if (frame.type === 'notification') {
    void client.invalidateQueries({ queryKey: ['notifications'] });
    return frame.notification;
  } else if (frame.type === 'typing')
    client.setQueryData(['typing', frame.conversationId], { name: frame.name, at: Date.now() });
  return undefined;
}
