// A small round-robin load balancer for the scale-out test: each HTTP request and each WebSocket upgrade goes to the
// next process in turn, as a reverse proxy in front of several identical Atiende processes would send them. The Host
// header passes through unchanged (as `proxy_set_header Host $host` does), so same-origin checks see the public host.
import { type IncomingMessage, createServer, request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** How many requests and upgrades each target got. */
  hits: number[];
  close(): Promise<void>;
}

export async function startBalancer(targets: string[]): Promise<Balancer> {
  const hits = targets.map(() => 0);
  let next = 0;
  const pick = () => {
    const i = next++ % targets.length;
    hits[i]! += 1;
    return new URL(targets[i]!);
  };
  const server = createServer((incoming, outgoing) => {
    const target = pick();
    const proxied = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    proxied.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(proxied);
  });
  server.on('upgrade', (incoming: IncomingMessage, socket, head) => {
    const target = pick();
    const upstream = connect(Number(target.port), target.hostname, () => {
      const headers = Object.entries(incoming.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
      upstream.write(`${incoming.method} ${incoming.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const end = () => (upstream.destroy(), socket.destroy());
    upstream.on('error', end);
    socket.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
