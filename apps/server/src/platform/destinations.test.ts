// The guard on connections made on somebody else's say-so: private and metadata addresses refused, by literal address
// or by a name that resolves to one, redirects checked hop by hop, sizes bounded.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedGetError, type GuardedGetOptions, guardedGet, isPrivateAddress } from './destinations.js';

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big') return res.end(Buffer.alloc(5000));
    if (req.url === '/hop') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      return res.end();
    }
    res.end(`token=${req.headers.authorization ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const open: GuardedGetOptions = { maxBytes: 1000, timeoutMs: 5000, allowed: () => true, privateAllowed: () => false };

describe('destinations', () => {
  it('knows private, loopback, link-local (metadata), CGNAT, mapped and reserved addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '::ffff:169.254.169.254',
      '::7f00:1',
      '::127.0.0.1',
      '::a9fe:a9fe',
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '2001:db8::1',
      '64:ff9b:1::a00:1',
      'not-an-ip',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of [
      '8.8.8.8',
      '157.240.22.35',
      '::ffff:808:808',
      '::ffff:8.8.8.8',
      '2a03:2880:f12f:83:face:b00c:0:25de',
      '2002:808:808::1',
      '2600:1f18::1',
    ])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it('refuses a private address by literal, by a name resolving to one (DNS), and by a redirect to one', async () => {
    const refused = async (url: string, options = open) => {
      const error = await guardedGet(url, options).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(GuardedGetError);
      return (error as GuardedGetError).message;
    };
    expect(await refused(`http://127.0.0.1:${port}/`)).toMatch(/refused/);
    expect(await refused(`http://[::ffff:7f00:1]:${port}/`)).toMatch(
      /refused: ::ffff:7f00:1 is a private or reserved address/,
    );
    expect(await refused(`http://[::7f00:1]:${port}/`)).toMatch(/refused: ::7f00:1 is a private or reserved address/);
    expect(await refused(`http://localhost:${port}/`)).toMatch(/refused/);
    expect(await refused('file:///etc/passwd')).toMatch(/not http/);
    expect(await refused('gopher://127.0.0.1/')).toMatch(/not http/);
    expect(await refused('not a url')).toMatch(/not a URL/);
    // The first hop is allowed (the operator's own host); where it redirects is not.
    const ownHost: GuardedGetOptions = { ...open, privateAllowed: (target) => target.hostname === '127.0.0.1' };
    expect(await refused(`http://127.0.0.1:${port}/hop`, ownHost)).toMatch(/refused: 169\.254\.169\.254/);
    expect(
      await refused(`http://127.0.0.1:${port}/`, { ...ownHost, allowed: (target) => target.hostname !== '127.0.0.1' }),
    ).toMatch(/not an allowed place/);
    expect(await refused(`http://127.0.0.1:${port}/big`, ownHost)).toMatch(/larger/);
    const ok = await guardedGet(`http://127.0.0.1:${port}/`, { ...ownHost, headers: { authorization: 'Bearer t' } });
    expect(Buffer.from(ok.data).toString()).toBe('token=Bearer t');
  });
});
