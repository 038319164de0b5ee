// One WebSocket per tab: pushes new messages and conversation changes into the query cache; after a reconnect
// everything is refetched, so nothing missed while offline stays missing.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { notifications } from '@mantine/notifications';
import i18n from './i18n';
import { noticeColor, noticeMessage, noticePath, noticeTitle } from './features/notifications/notice-text';
import { type Frame, type LiveNotification, applyFrame } from './live-cache';

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
          } else {
            const notice = applyFrame(client, frame);
            if (notice) notify(notice);
          }
        }
      };
      socket.onopen = () => {
        ping = window.setInterval(
          () => socket?.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'),
          25_000,
        );
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

/** Someone @mentioned me, a conversation is mine, a target was missed, a task is due: a notice that opens it (the
 * bell keeps it too). Toasts stay at the bottom, three at most, out of the way of each page's buttons. */
function notify(n: LiveNotification): void {
  notifications.show({
    title: noticeTitle(i18n.t, n),
    message: noticeMessage(i18n.t, n),
    color: noticeColor(n),
    autoClose: 6_000,
    onClick: () => window.location.assign(noticePath(n)),
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
