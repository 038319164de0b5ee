// Where the server may connect on somebody else's say-so (a webhook's URL, a media URL in a WhatsApp answer): never
// to this machine, the private network or a cloud's metadata address (an attacker would otherwise read them through
// us). The address is checked when the connection is made, after DNS, so a name that resolves somewhere else later
// (DNS rebinding) is caught too; redirects are never followed blindly.
import { lookup } from 'node:dns';
import { lookup as lookupAsync } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  // IPv4-compatible (::a.b.c.d, deprecated; ::7f00:1 is 127.0.0.1), the unspecified and loopback addresses among them.
  ['::', 96],
  // Teredo (a tunnel to an IPv4 host), documentation, discard-only, NAT64 for local use.
  ['2001::', 32],
  ['2001:db8::', 32],
  ['100::', 64],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');
/** IPv6 addresses that reach an IPv4 host: IPv4-mapped and NAT64 (their last 32 bits are the IPv4 address). */
const embedding = new BlockList();
embedding.addSubnet('::ffff:0:0', 96, 'ipv6');
embedding.addSubnet('64:ff9b::', 96, 'ipv6');
/** 6to4: 2002:AABB:CCDD::/48 reaches the IPv4 host AA.BB.CC.DD. */
const sixToFour = new BlockList();
sixToFour.addSubnet('2002::', 16, 'ipv6');

function sixToFourIpv4(address: string): string | null {
  const parts = address.split(':');
  if (parts.length < 3 || !parts[1] || !parts[2]) return null;
  const [high, low] = [parseInt(parts[1], 16), parseInt(parts[2], 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** The IPv4 address inside ::ffff:127.0.0.1 or ::ffff:7f00:1 (however it is written), or null. */
function embeddedIpv4(address: string): string | null {
  const dotted = address.match(/:(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) return dotted[1]!;
  const hex = address.match(/:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** True for loopback, private, link-local (metadata), carrier-grade NAT, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const lower = address.toLowerCase();
    if (embedding.check(lower, 'ipv6')) {
      const ipv4 = embeddedIpv4(lower);
      return ipv4 === null || blocked.check(ipv4, 'ipv4');
    }
    if (sixToFour.check(lower, 'ipv6')) {
      const ipv4 = sixToFourIpv4(lower);
      return ipv4 === null || blocked.check(ipv4, 'ipv4');
    }
    return blocked.check(lower, 'ipv6');
  }
  return true;
}

export class BlockedDestination extends Error {}

/** A URL's host as addresses compare: without an IPv6 address's brackets, in lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Why a host written as an address may not be reached, or null (a name is checked after DNS, by guardedLookup). */
export function refusedAddress(host: string, allowPrivate: boolean): string | null {
  return isIP(host) && !allowPrivate && isPrivateAddress(host)
    ? `refused: ${host} is a private or reserved address`
    : null;
}

/** A `lookup` for http.request that refuses private destinations (unless the operator allows them). */
export function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: object,
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | { address: string; family: number }[],
      family?: number,
    ) => void,
  ) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as { address: string; family: number }[];
      const refused = !allowPrivate && list.some((a) => isPrivateAddress(a.address));
      if (refused || !list.length)
        return callback(
          new BlockedDestination(`refused: ${hostname} resolves to a private or reserved address`),
          '',
          0,
        );
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface GuardedGetOptions {
  headers?: Record<string, string>;
  /** More than this many bytes and the download stops (413). */
  maxBytes: number;
  timeoutMs: number;
  /** Which places may be asked at all, the first URL and every redirect (scheme, host and port: the headers may
   *  carry a token, and a port of an allowed host is another service). */
  allowed(target: URL): boolean;
  /** Private addresses are allowed for this place (the operator configured it: a stand-in, a proxy). */
  privateAllowed(target: URL): boolean;
  maxRedirects?: number;
}

export class GuardedGetError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET of a URL that came from outside: http(s) only, allowed hosts only, no private address, each redirect checked
 *  the same way (and the headers, which may carry a token, sent only to allowed hosts), the size bounded. */
export async function guardedGet(
  url: string,
  options: GuardedGetOptions,
): Promise<{ data: Uint8Array; contentType: string | null }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new GuardedGetError(400, 'refused: not a URL');
  }
  for (let hop = 0; ; hop++) {
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      throw new GuardedGetError(400, `refused: ${target.protocol} is not http(s)`);
    const host = hostOf(target);
    if (!options.allowed(target)) throw new GuardedGetError(400, `refused: ${target.origin} is not an allowed place`);
    const allowPrivate = options.privateAllowed(target);
    const refused = refusedAddress(host, allowPrivate);
    if (refused) throw new GuardedGetError(400, refused);
    const answer = await getOnce(target, options, allowPrivate);
    if (answer.redirect) {
      if (hop >= (options.maxRedirects ?? 3)) throw new GuardedGetError(502, 'too many redirects');
      target = new URL(answer.redirect, target);
      continue;
    }
    return answer.body!;
  }
}

function getOnce(
  target: URL,
  options: GuardedGetOptions,
  allowPrivate: boolean,
): Promise<{ redirect?: string; body?: { data: Uint8Array; contentType: string | null } }> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      target,
      { headers: options.headers, timeout: options.timeoutMs, lookup: guardedLookup(allowPrivate) },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return resolve({ redirect: response.headers.location });
        }
        if (status < 200 || status >= 300) {
          response.resume();
          return reject(new GuardedGetError(status, `download failed: ${status}`));
        }
        if (Number(response.headers['content-length'] ?? 0) > options.maxBytes) {
          request.destroy();
          return reject(new GuardedGetError(413, 'larger than the limit'));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            request.destroy();
            return reject(new GuardedGetError(413, 'larger than the limit'));
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            body: {
              data: new Uint8Array(Buffer.concat(chunks)),
              contentType: response.headers['content-type'] ?? null,
            },
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new GuardedGetError(504, `no answer within ${options.timeoutMs / 1000} s`)),
    );
    request.on('error', (error) =>
      reject(
        error instanceof GuardedGetError
          ? error
          : new GuardedGetError(error instanceof BlockedDestination ? 400 : 503, error.message),
      ),
    );
  });
}

/**
 * IPv4 as the system resolver reads a name made of numbers (inet_aton): `2130706433`, `0177.0.0.1`, `0x7f.1` are all
 * 127.0.0.1. Null when the name is not such a number.
 */
export function numericIpv4(host: string): string | null {
  const parts = host.split('.');
  if (parts.length > 4 || !parts.every((p) => /^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.test(p))) return null;
  const values = parts.map((p) =>
    /^0x/i.test(p) ? parseInt(p.slice(2), 16) : p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : Number(p),
  );
  // The last part fills the bytes the others leave: a.b.c.d, a.b.(16 bits), a.(24 bits), (32 bits).
  const lastBytes = 4 - (values.length - 1);
  if (values.slice(0, -1).some((v) => v > 255) || values.at(-1)! >= 2 ** (8 * lastBytes)) return null;
  let n = 0;
  for (const v of values.slice(0, -1)) n = n * 256 + v;
  n = n * 2 ** (8 * lastBytes) + values.at(-1)!;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * Why a host named in a setting (a mail server) may not be used, without asking DNS, or null: an address or a name
 * that is one (`localhost`, `2130706433`) on this machine or a private network. DNS names are checked on connecting.
 */
export function refusedHostName(host: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const bare = host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return `refused: ${host} is this machine`;
  return refusedAddress(numericIpv4(bare) ?? bare, false);
}

/**
 * The address to connect to for a host from a setting: each address it resolves to must be public (unless allowed),
 * and the connection is made to the address returned, so DNS cannot answer differently between check and connection.
 */
export async function publicAddressOf(host: string, allowPrivate: boolean): Promise<string> {
  const refused = refusedHostName(host, allowPrivate);
  if (refused) throw new BlockedDestination(refused);
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return bare;
  const addresses = await lookupAsync(bare, { all: true });
  if (!addresses.length) throw new BlockedDestination(`refused: ${host} has no address`);
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address)))
    throw new BlockedDestination(`refused: ${host} resolves to a private or reserved address`);
  return addresses[0]!.address;
}
