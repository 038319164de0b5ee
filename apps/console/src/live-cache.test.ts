// A live frame must reach lists that are still loading for the first time: their load may have been read before
// the change, and the cache would otherwise keep what it returns.
import type { Conversation, ConversationPage, Message } from '@atiende/contract';
import { InfiniteQueryObserver, QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyFrame } from './live-cache';

const conversation = { id: 'c1', status: 'open' } as Conversation;
const message = { id: 'm1', conversationId: 'c1', body: 'Hola' } as Message;

/** A server whose answers the test releases one by one, each with what the database holds at that moment. */
function server<T>(read: () => T) {
  const calls: Array<() => void> = [];
  return {
    calls,
    fetch: () => {
      const snapshot = read();
      return new Promise<T>((resolve) => calls.push(() => resolve(snapshot)));
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('live frames and the query cache', () => {
  it('starts again a first list load that was read before the new message', async () => {
    const client = new QueryClient();
    let stored: Conversation[] = [];
    const api = server<ConversationPage>(() => ({ items: stored, nextCursor: null }));
    const list = new InfiniteQueryObserver(client, {
      queryKey: ['conversations', { status: 'open' }],
      queryFn: api.fetch,
      initialPageParam: '',
      getNextPageParam: () => undefined,
    });
    const seen: unknown[] = [];
    const stop = list.subscribe((result) => seen.push(result.data));
    await settle();
    expect(api.calls).toHaveLength(1); // the first load read an empty inbox…
    stored = [conversation]; // …then the visitor's message was committed and announced
    applyFrame(client, { type: 'message.created', conversation, message });
    await settle();
    expect(api.calls).toHaveLength(2);
    api.calls[0]!(); // the stale answer arrives late: it is not kept
    api.calls[1]!();
    await settle();
    expect(list.getCurrentResult().data?.pages[0]?.items.map((c) => c.id)).toEqual(['c1']);
    stop();
  });

  it('refetches a loaded list once, and adds the message to a loaded thread without a request', async () => {
    const client = new QueryClient();
    const api = server<ConversationPage>(() => ({ items: [conversation], nextCursor: null }));
    const list = new InfiniteQueryObserver(client, {
      queryKey: ['conversations', {}],
      queryFn: api.fetch,
      initialPageParam: '',
      getNextPageParam: () => undefined,
    });
    const stop = list.subscribe(() => {});
    await settle();
    api.calls[0]!();
    await settle();
    client.setQueryData<Message[]>(['messages', 'c1'], []);
    applyFrame(client, { type: 'message.created', conversation, message });
    await settle();
    expect(api.calls).toHaveLength(2);
    expect(client.getQueryData<Message[]>(['messages', 'c1'])?.map((m) => m.id)).toEqual(['m1']);
    stop();
  });

  it('starts again a thread that is loading when its message arrives', async () => {
    const client = new QueryClient();
    let stored: Message[] = [];
    const api = server<Message[]>(() => stored);
    const thread = new QueryObserver(client, { queryKey: ['messages', 'c1'], queryFn: api.fetch });
    const stop = thread.subscribe(() => {});
    await settle();
    stored = [message];
    applyFrame(client, { type: 'message.created', conversation, message });
    await settle();
    expect(api.calls).toHaveLength(2);
    for (const answer of api.calls) answer();
    await settle();
    expect(thread.getCurrentResult().data?.map((m) => m.id)).toEqual(['m1']);
    stop();
  });

  it('hands notifications back for the tab to show', () => {
    const notice = {
      kind: 'mention' as const,
      conversationId: 'c1',
      contactName: 'Rosa',
      by: 'Mariana',
      excerpt: '@Luis mira esto',
    };
    expect(applyFrame(new QueryClient(), { type: 'notification', notification: notice })).toEqual(notice);
  });

  it('leaves alone a cached read of another shape under the same key, and refreshes what waits for me', async () => {
    const client = new QueryClient();
    client.setQueryData(['conversations', 'something-else'], { items: [] });
    let counted = 0;
    const waiting = new QueryObserver(client, { queryKey: ['waiting'], queryFn: async () => ++counted });
    const stop = waiting.subscribe(() => {});
    await settle();
    expect(() => applyFrame(client, { type: 'message.created', conversation, message })).not.toThrow();
    await settle();
    expect(client.getQueryData(['conversations', 'something-else'])).toEqual({ items: [] });
    expect(counted).toBe(2);
    stop();
  });
});
