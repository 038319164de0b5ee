// Every place that checks a password (sign-in, joining with an invitation, changing the password) goes through here,
// so each counts against the same limits: no route is an oracle that the others guard (decision 0020).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { hashToken, randomToken } from '../ids.js';
import { verifyPassword } from './passwords.js';
import { Throttle, accountRule, addressRule } from './throttle.js';

export const DEVICE_COOKIE = 'atiende_device';
/** A browser stays known for a year after it signed in. */
export const DEVICE_TTL_MS = 365 * 24 * 3_600_000;

export interface PasswordAttempt {
  email: string;
  password: string;
  ip: string;
  /** The browser's device cookie, if it has one. */
  deviceToken?: string | undefined;
}

export interface VerifiedAccount {
  userId: string;
  /** The device token this browser keeps (the one it sent, or a new one to set). */
  deviceToken: string;
}

export const attemptOf = (request: FastifyRequest, email: string, password: string): PasswordAttempt => ({
  email,
  password,
  ip: request.ip,
  deviceToken: request.cookies[DEVICE_COOKIE],
});

/** The account a device token was given to after a successful sign-in, if it still stands. */
async function trustedFor(ctx: AppContext, deviceToken: string | undefined): Promise<string | null> {
  if (!deviceToken || deviceToken.length > 100) return null;
  const row = await ctx.db
    .selectFrom('trusted_devices')
    .select(['user_id', 'created_at'])
    .where('id', '=', hashToken(deviceToken))
    .executeTakeFirst();
  return row && row.created_at > Date.now() - DEVICE_TTL_MS ? row.user_id : null;
}

/**
 * Checks a password under the limits. Failures count per address (30 in 15 minutes) and per account: from a browser
 * that signed in to that account before, against that browser only; from anywhere else, against the account as seen
 * from unknown browsers (5 in 15 minutes). A stranger can therefore lock out strangers, never the owner's own browser.
 * A known and an unknown account answer alike. Returns null when the password is wrong (counted); throws
 * `too_many_attempts` while a limit holds, before looking at the password.
 */
export async function checkPassword(ctx: AppContext, attempt: PasswordAttempt): Promise<VerifiedAccount | null> {
  const throttle = new Throttle(ctx.db);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', attempt.email)
    .executeTakeFirst();
  const trusted = user !== undefined && (await trustedFor(ctx, attempt.deviceToken)) === user.id;
  const addressKey = `password:ip:${attempt.ip}`;
  const accountKey = trusted
    ? `password:device:${hashToken(attempt.deviceToken!)}`
    : `password:account:${attempt.email}`;
  await throttle.check([addressKey, accountKey]);
  const valid = await verifyPassword(user?.password_hash, attempt.password);
  if (!user || !valid) {
    await throttle.fail(accountKey, accountRule);
    await throttle.fail(addressKey, addressRule);
    return null;
  }
  await throttle.clear(accountKey);
  if (trusted) {
    await ctx.db
      .updateTable('trusted_devices')
      .set({ last_used_at: Date.now() })
      .where('id', '=', hashToken(attempt.deviceToken!))
      .execute();
    return { userId: user.id, deviceToken: attempt.deviceToken! };
  }
  return { userId: user.id, deviceToken: await newDevice(ctx, user.id) };
}

async function newDevice(ctx: AppContext, userId: string): Promise<string> {
  const deviceToken = randomToken();
  const now = Date.now();
  await ctx.db
    .insertInto('trusted_devices')
    .values({ id: hashToken(deviceToken), user_id: userId, created_at: now, last_used_at: now })
    .execute();
  return deviceToken;
}

/** The browser keeps its device token for a year; it identifies the browser to the limits above and nothing else. */
export function rememberDevice(ctx: AppContext, reply: FastifyReply, deviceToken: string): void {
  reply.setCookie(DEVICE_COOKIE, deviceToken, {
    path: '/api/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.cookieSecure,
    maxAge: DEVICE_TTL_MS / 1000,
  });
}

/** A browser that just created its person's account (first run, invitation) is that person's from the start. */
export async function trustNewAccountBrowser(ctx: AppContext, reply: FastifyReply, userId: string): Promise<void> {
  rememberDevice(ctx, reply, await newDevice(ctx, userId));
}

/** checkPassword for the routes where a wrong password is simply refused. */
export async function requirePassword(ctx: AppContext, attempt: PasswordAttempt): Promise<VerifiedAccount> {
  const verified = await checkPassword(ctx, attempt);
  if (!verified) throw new AppError('invalid_credentials');
  return verified;
}
