// WebSocket clients for tests: collect frames and wait for the one that matters.
import WebSocket from 'ws';
import type { TestApp } from './harness.js';

/** Starts the test app listening on a free port and returns host:port. */
export async function serverAddress(test: TestApp): Promise<string> {
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const address = test.app.server.address();
  return `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

export interface Socket {
  ws: WebSocket;
  frames: Record<string, any>[];
  /** Resolves with the close code when the server closes the socket. */
  closed: Promise<number>;
  next(predicate: (frame: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
}

export function openSocket(base: string, path: string, headers: Record<string, string> = {}): Promise<Socket> {
  const ws = new WebSocket(`ws://${base}${path}`, { headers });
  const frames: Record<string, any>[] = [];
  const waiters: { predicate: (f: Record<string, any>) => boolean; resolve: (f: Record<string, any>) => void }[] = [];
  ws.on('message', (data) => {
    // Consoles get several events at a time as an array.
    const parsed = JSON.parse(Buffer.isBuffer(data) ? data.toString() : Buffer.from(data as ArrayBuffer).toString()) as
      Record<string, any> | Record<string, any>[];
    for (const frame of Array.isArray(parsed) ? parsed : [parsed]) {
      frames.push(frame);
      for (const w of [...waiters])
        if (w.predicate(frame)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(frame);
        }
    }
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const socket: Socket = {
    ws,
    frames,
    closed,
    next: (predicate, timeoutMs = 3_000) =>
      new Promise((resolve, reject) => {
        const seen = frames.find(predicate);
        if (seen) return resolve(seen);
        const timer = setTimeout(
          () =>
            reject(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(frames).slice(0, 2_000)}`)),
          timeoutMs,
        );
        waiters.push({ predicate, resolve: (f) => (clearTimeout(timer), resolve(f)) });
      }),
  };
  return socket.next((f) => f.type === 'ready' || 'error' in f).then(() => socket);
}
