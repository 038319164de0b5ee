// One WebSocket per tab: pushes new messages and conversation changes into the query cache; after a reconnect
// everything is refetched, so nothing missed while offline stays missing.
import type { Conversation, ConversationPage, Message } from '@atiende/contract';
import { type InfiniteData, type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { notifications } from '@mantine/notifications';
import i18n from './i18n';

type Frame =
  | { type: 'ready' }
  | { type: 'pong' }
  | { type: 'message.created'; conversation: Conversation; message: Message }
  | { type: 'message.updated'; message: Message }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'presence.changed' }
  | { type: 'typing'; conversationId: string; who: 'visitor' | 'agent'; name: string | null }
  | { type: 'notification'; notification: { kind: 'mention' | 'assigned' | 'sla_breached' | 'task_due' | 'automation'; conversationId: string | null; contactId?: string | null; contactName: string; by: string | null; excerpt: string } };

function upsertConversation(client: QueryClient, conversation: Conversation) {
  client.setQueriesData<InfiniteData<ConversationPage>>({ queryKey: ['conversations'] }, (data) => {
    if (!data) return data;
    const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== conversation.id) }));
    return { ...data, pages };
  });
  // Lists are filtered and sorted on the server: refetch them, cheap and always right.
  void client.invalidateQueries({ queryKey: ['conversations'] });
  client.setQueryData(['conversation', conversation.id], conversation);
}

export function applyFrame(client: QueryClient, frame: Frame): void {
  if (frame.type === 'message.created') {
    client.setQueryData<Message[]>(['messages', frame.message.conversationId], (list) =>
      list && !list.some((m) => m.id === frame.message.id) ? [...list, frame.message] : list,
    );
    upsertConversation(client, frame.conversation);
  } else if (frame.type === 'message.updated') {
    client.setQueryData<Message[]>(['messages', frame.message.conversationId], (list) => list?.map((m) => (m.id === frame.message.id ? frame.message : m)));
  } else if (frame.type === 'conversation.updated') upsertConversation(client, frame.conversation);
  else if (frame.type === 'presence.changed') void client.invalidateQueries({ queryKey: ['members'] });
  else if (frame.type === 'notification') notify(frame.notification);
  else if (frame.type === 'typing') client.setQueryData(['typing', frame.conversationId], { name: frame.name, at: Date.now() });
}

export function useRealtime(enabled: boolean): 'connecting' | 'live' | 'offline' {
  const client = useQueryClient();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | undefined;
    let stopped = false;
    let attempt = 0;
    let timer: number | undefined;
    let ping: number | undefined;
    const connect = () => {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/realtime`);
      current = socket;
      socket.onmessage = (event) => {
        // A busy workspace's events arrive several at a time, as an array.
        const parsed = JSON.parse(String(event.data)) as Frame | Frame[];
        for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
          if (frame.type === 'ready') {
            if (attempt > 0) void client.invalidateQueries();
            attempt = 0;
            setState('live');
          } else applyFrame(client, frame);
        }
      };
      socket.onopen = () => {
        ping = window.setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), 25_000);
      };
      socket.onclose = (event) => {
        window.clearInterval(ping);
        if (stopped) return;
        // The session ended (signed out elsewhere, password changed, removed from the workspace): ask again, which
        // either picks up a new session or sends the person to sign in.
        if (event.code === 4401) void client.invalidateQueries({ queryKey: ['session'] });
        setState('offline');
        attempt += 1;
        timer = window.setTimeout(connect, Math.min(15_000, 500 * 2 ** attempt));
      };
    };
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      window.clearInterval(ping);
      socket?.close();
    };
  }, [enabled, client]);
  return state;
}

/** Someone @mentioned me, a conversation is mine, a target was missed, a task is due: a notice that opens it. */
function notify(n: { kind: string; conversationId: string | null; contactId?: string | null; contactName: string; by: string | null; excerpt: string }): void {
  notifications.show({
    title: i18n.t(n.kind === 'mention' ? 'inbox.mentionedBy' : n.kind === 'sla_breached' ? 'sla.breachedNotice' : n.kind === 'task_due' ? 'inbox.taskDue' : n.kind === 'automation' ? 'inbox.automationNotice' : 'inbox.assignedToYou', { name: n.by ?? '', contact: n.contactName }),
    message: n.kind === 'sla_breached' ? i18n.t(`sla.targets.${n.excerpt}`) : n.excerpt,
    color: n.kind === 'sla_breached' ? 'red' : n.kind === 'task_due' ? 'yellow' : n.kind === 'automation' ? 'grape' : undefined,
    autoClose: 8_000,
    onClick: () => window.location.assign(n.conversationId ? `/inbox/${n.conversationId}` : n.contactId ? `/contacts/${n.contactId}` : '/'),
  });
}

let current: WebSocket | undefined;
let typingSentAt = 0;

/** Tells the others (and the website visitor) that I am writing here; at most every 3 seconds. */
export function sendTyping(conversationId: string): void {
  if (Date.now() - typingSentAt < 3_000 || current?.readyState !== WebSocket.OPEN) return;
  typingSentAt = Date.now();
  current.send(JSON.stringify({ type: 'typing', conversationId }));
}
