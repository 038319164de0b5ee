// Signing in and out, sessions, password resets and changes, the profile, and switching workspace.
import type { Role, SessionInfo } from '@atiende/contract';
import type { FastifyReply } from 'fastify';
import { tenant } from '../../db/tenant.js';
import { audit } from '../audit.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { hashToken, newId, randomToken } from '../ids.js';
import { loadWorkspaceSettings } from '../workspaces/service.js';
import { type AuthContext, SESSION_COOKIE, SESSION_TTL_MS, resolveSession } from './context.js';
import { type PasswordAttempt, checkPassword, rememberDevice, requirePassword } from './guard.js';
import { hashPassword } from './passwords.js';
import { Throttle, type ThrottleRule, addressRule } from './throttle.js';

const RESET_TTL_MS = 60 * 60_000;

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string | null): void {
  if (token === null) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return;
  }
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.cookieSecure,
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** A new session every time someone signs in: an old cookie (possibly planted) never becomes authenticated. */
export async function startSession(
  ctx: AppContext,
  reply: FastifyReply,
  userId: string,
  workspaceId: string,
  previousToken?: string,
) {
  const token = randomToken();
  const now = Date.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (previousToken) await trx.deleteFrom('sessions').where('id', '=', hashToken(previousToken)).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: hashToken(token),
        user_id: userId,
        workspace_id: workspaceId,
        csrf_token: randomToken(),
        created_at: now,
        expires_at: now + SESSION_TTL_MS,
        last_seen_at: now,
      })
      .execute();
  });
  setSessionCookie(ctx, reply, token);
  return token;
}

export async function sessionInfo(ctx: AppContext, token: string): Promise<SessionInfo> {
  const auth = await resolveSession(ctx.db, token);
  if (!auth?.user) throw new AppError('unauthenticated');
  return describeSession(ctx, auth);
}

export async function describeSession(ctx: AppContext, auth: AuthContext): Promise<SessionInfo> {
  if (!auth.user || !auth.csrfToken) throw new AppError('unauthenticated');
  const workspace = await loadWorkspaceSettings(ctx, auth.workspaceId);
  const workspaces = await ctx.db
    .selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .select(['workspaces.id as id', 'workspaces.name as name', 'memberships.role as role'])
    .where('memberships.user_id', '=', auth.user.id)
    .orderBy('memberships.created_at')
    .execute();
  return {
    user: auth.user,
    workspace: { ...workspace, role: auth.role },
    workspaces: workspaces.map((w) => ({ ...w, role: w.role as Role })),
    csrfToken: auth.csrfToken,
  };
}

export async function login(ctx: AppContext, reply: FastifyReply, attempt: PasswordAttempt, previousToken?: string) {
  const verified = await requirePassword(ctx, attempt);
  const membership = await ctx.db
    .selectFrom('memberships')
    .select('workspace_id')
    .where('user_id', '=', verified.userId)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!membership) throw new AppError('invalid_credentials');
  const token = await startSession(ctx, reply, verified.userId, membership.workspace_id, previousToken);
  rememberDevice(ctx, reply, verified.deviceToken);
  return sessionInfo(ctx, token);
}

export async function logout(ctx: AppContext, reply: FastifyReply, auth: AuthContext): Promise<void> {
  if (auth.sessionId) {
    await ctx.db.deleteFrom('sessions').where('id', '=', auth.sessionId).execute();
    if (auth.user)
      ctx.events.publish({
        type: 'access.revoked',
        workspaceId: null,
        userId: auth.user.id,
        sessionId: auth.sessionId,
      });
  }
  setSessionCookie(ctx, reply, null);
}

export async function switchWorkspace(ctx: AppContext, auth: AuthContext, workspaceId: string): Promise<SessionInfo> {
  if (!auth.user || !auth.sessionId) throw new AppError('unauthenticated');
  const membership = await ctx.db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', auth.user.id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!membership) throw new AppError('not_found');
  await ctx.db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id', '=', auth.sessionId).execute();
  return describeSession(ctx, { ...auth, workspaceId, role: membership.role as Role });
}

/** Always answers the same, whether or not the account exists, so the form cannot be used to find accounts. */
export async function requestPasswordReset(ctx: AppContext, email: string, ip: string): Promise<void> {
  const throttle = new Throttle(ctx.db);
  const keys = [`reset:account:${email}`, `reset:ip:${ip}`];
  await throttle.check(keys);
  await throttle.fail(keys[0]!, { maxFailures: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 });
  await throttle.fail(keys[1]!, addressRule);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'language', 'name'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!user) return;
  const token = randomToken();
  const now = Date.now();
  const url = `${ctx.config.publicUrl}/reset/${token}`;
  const english = user.language === 'en';
  await ctx.db.transaction().execute(async (trx) => {
    // Only the newest link works.
    await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_resets')
      .values({
        id: newId(),
        user_id: user.id,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: now + RESET_TTL_MS,
        used_at: null,
      })
      .execute();
    await ctx.jobs.enqueue(
      'mail.send',
      {
        to: email,
        subject: english ? 'Reset your Atiende password' : 'Restablece tu contraseña de Atiende',
        text: english
          ? `Hello ${user.name},\n\nOpen this link within one hour to choose a new password:\n${url}\n\nIf you did not ask for it, ignore this message.`
          : `Hola ${user.name}:\n\nAbre este enlace antes de una hora para elegir una contraseña nueva:\n${url}\n\nSi no lo pediste, ignora este mensaje.`,
      },
      { executor: trx },
    );
  });
  // Without SMTP the operator's log is the only way to hand the link over.
  if (!ctx.mailer.configured) ctx.log.info({ email, resetUrl: url }, 'password reset link (SMTP not configured)');
  else ctx.log.info({ email }, 'password reset link queued for mail');
}

/** Wrong reset tokens from one address before it must wait: a token cannot be guessed, and nobody gets to try. */
const resetGuessRule: ThrottleRule = { maxFailures: 10, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

export async function confirmPasswordReset(
  ctx: AppContext,
  token: string,
  password: string,
  ip: string,
): Promise<void> {
  const throttle = new Throttle(ctx.db);
  const guessKey = `reset:confirm:${ip}`;
  await throttle.check([guessKey]);
  const now = Date.now();
  const passwordHash = await hashPassword(password);
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      // Claiming the token and using it is one statement: two concurrent uses cannot both succeed.
      const reset = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', hashToken(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['user_id'])
        .executeTakeFirst();
      if (!reset) throw new AppError('token_invalid');
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: now })
        .where('id', '=', reset.user_id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
      const memberships = await trx
        .selectFrom('memberships')
        .select('workspace_id')
        .where('user_id', '=', reset.user_id)
        .execute();
      for (const m of memberships) {
        await audit(tenant(trx, m.workspace_id), { type: 'user', id: reset.user_id }, 'user.password_reset', {
          type: 'user',
          id: reset.user_id,
        });
      }
      return reset.user_id;
    })
    .then(
      async (userId) => {
        // Proving the mailbox is proof enough: the owner is no longer kept out by a stranger's guesses.
        const user = await ctx.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow();
        await throttle.clear(`password:account:${user.email}`);
        ctx.events.publish({ type: 'access.revoked', workspaceId: null, userId });
      },
      async (error: unknown) => {
        // Counted after the transaction is over (the count must stay when the attempt is rolled back).
        if (error instanceof AppError && error.code === 'token_invalid') await throttle.fail(guessKey, resetGuessRule);
        throw error;
      },
    );
}

export async function changePassword(
  ctx: AppContext,
  reply: FastifyReply,
  auth: AuthContext,
  current: PasswordAttempt,
  next: string,
) {
  if (!auth.user) throw new AppError('forbidden');
  // Someone holding a session must still prove the password, under the same limits as a sign-in.
  if (!(await checkPassword(ctx, { ...current, email: auth.user.email }))) {
    throw new AppError('validation_failed', [{ path: 'currentPassword', message: 'field.incorrectPassword' }]);
  }
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: Date.now() })
      .where('id', '=', auth.user!.id)
      .execute();
    // Every other session of this person ends; this one is replaced by a fresh one below.
    await trx.deleteFrom('sessions').where('user_id', '=', auth.user!.id).execute();
    await audit(tenant(trx, auth.workspaceId), { type: 'user', id: auth.user!.id }, 'user.password_changed', {
      type: 'user',
      id: auth.user!.id,
    });
  });
  ctx.events.publish({ type: 'access.revoked', workspaceId: null, userId: auth.user.id });
  const token = await startSession(ctx, reply, auth.user.id, auth.workspaceId);
  return sessionInfo(ctx, token);
}

export async function updateProfile(
  ctx: AppContext,
  auth: AuthContext,
  input: { name?: string; language?: 'es' | 'en' },
) {
  if (!auth.user) throw new AppError('forbidden');
  await ctx.db
    .updateTable('users')
    .set({
      ...(input.name ? { name: input.name } : {}),
      ...(input.language ? { language: input.language } : {}),
      updated_at: Date.now(),
    })
    .where('id', '=', auth.user.id)
    .execute();
  return describeSession(ctx, { ...auth, user: { ...auth.user, ...input } });
}
