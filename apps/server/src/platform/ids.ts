// Identifiers and secrets: time-ordered record ids, random tokens and the hashes under which tokens are stored.
import { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

// Random bytes for ids are drawn 4 KB at a time: one call into the system's generator per 256 ids, not per id (a busy
// inbox makes thousands a second).
const pool = Buffer.alloc(4_096);
let poolAt = pool.length;
function random16(): Buffer {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return Buffer.from(pool.subarray(poolAt - 16, poolAt));
}

/** UUIDv7: sorts by creation time, so ids double as a stable tie-breaker for ordering. */
export function newId(): string {
  const now = Date.now();
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = now;
    sequence = random16().readUInt16BE(0) & 0x7ff;
  }
  const bytes = random16();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An id that is also a capability in a URL (a file): 128 random bits, URL-safe, telling nothing of when it was made
 * (a UUIDv7 has about 74 random bits and its creation time readable).
 */
export function capabilityId(): string {
  return random16().toString('base64url');
}

/** A secret with 256 random bits, URL-safe. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed, so a database leak does not hand out live sessions or links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
