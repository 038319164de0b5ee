// Who is calling: resolves the session cookie or the API token on every request, checks CSRF, and guards routes by role.
import type { Role } from '@atiende/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../audit.js';
import { AppError } from '../errors.js';
import { hashToken, safeEqual } from '../ids.js';

export const SESSION_COOKIE = 'atiende_session';
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;
const SESSION_REFRESH_MS = 24 * 3_600_000;
const API_TOKEN_PREFIX = 'atk_';

/**
 * The conversations a limited agent or viewer sees: those of their teams, those assigned to them and, with
 * `ownCustomers`, those of the customers they own. Absent: every conversation of the workspace.
 */
export interface ConversationScope {
  userId: string;
  teamIds: string[];
  ownCustomers: boolean;
}

export interface AuthContext {
  kind: 'session' | 'api_token';
  workspaceId: string;
  role: Role;
  user: { id: string; name: string; email: string; language: 'es' | 'en' } | null;
  scope?: ConversationScope | undefined;
  sessionId?: string;
  csrfToken?: string;
  apiTokenId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    /** A cookie session came without a matching CSRF token: treated as signed out, and said so by authorize(). */
    csrfRejected: boolean;
  }
}

const rank: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return rank[role] >= rank[atLeast];
}

/** The guard every protected route calls first. */
export function authorize(request: FastifyRequest, atLeast: Role = 'viewer'): AuthContext {
  const auth = request.auth;
  if (!auth) throw new AppError(request.csrfRejected ? 'csrf_failed' : 'unauthenticated');
  if (!hasRole(auth.role, atLeast)) throw new AppError('forbidden');
  return auth;
}

export function actorOf(auth: AuthContext): Actor {
  return auth.kind === 'api_token'
    ? { type: 'api_token', id: auth.apiTokenId ?? null }
    : { type: 'user', id: auth.user?.id ?? null };
}

export function isApiToken(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX);
}
export { API_TOKEN_PREFIX };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function resolveSession(db: Kysely<DB>, token: string): Promise<AuthContext | null> {
  const now = Date.now();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .onRef('memberships.workspace_id', '=', 'sessions.workspace_id'),
    )
    .select([
      'sessions.id as sessionId',
      'sessions.workspace_id as workspaceId',
      'sessions.csrf_token as csrfToken',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.expires_at as expiresAt',
      'memberships.role as role',
      'memberships.conversation_access as access',
      'users.id as userId',
      'users.name as name',
      'users.email as email',
      'users.language as language',
    ])
    .where('sessions.id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expiresAt <= now) return null;
  if (row.lastSeenAt < now - SESSION_REFRESH_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: now + SESSION_TTL_MS })
      .where('id', '=', row.sessionId)
      .execute();
  }
  return {
    kind: 'session',
    workspaceId: row.workspaceId,
    role: row.role as Role,
    user: { id: row.userId, name: row.name, email: row.email, language: row.language as 'es' | 'en' },
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    scope: await scopeOf(db, row.workspaceId, row.userId, row.role as Role, row.access),
  };
}

/** Owners and admins see everything whatever their setting; an agent or viewer as an admin set for them. */
export async function scopeOf(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string,
  role: Role,
  access: string,
): Promise<ConversationScope | undefined> {
  if (access === 'all' || role === 'owner' || role === 'admin') return undefined;
  const teams = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute();
  return { userId, teamIds: teams.map((t) => t.team_id), ownCustomers: access === 'teams_and_customers' };
}

async function resolveApiToken(db: Kysely<DB>, token: string): Promise<AuthContext | null> {
  const row = await db
    .selectFrom('api_tokens')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'api_tokens.user_id')
        .onRef('memberships.workspace_id', '=', 'api_tokens.workspace_id'),
    )
    .select([
      'api_tokens.id',
      'api_tokens.workspace_id',
      'api_tokens.role',
      'api_tokens.last_used_at',
      'api_tokens.user_id',
      'memberships.role as memberRole',
      'memberships.conversation_access as access',
    ])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  // A token that acts for a member who has left the workspace acts for nobody.
  if (!row || (row.user_id && !row.memberRole)) return null;
  const now = Date.now();
  if (!row.last_used_at || row.last_used_at < now - 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  const scope = row.user_id
    ? await scopeOf(db, row.workspace_id, row.user_id, row.memberRole as Role, row.access ?? 'all')
    : undefined;
  return {
    kind: 'api_token',
    workspaceId: row.workspace_id,
    role: row.role as Role,
    user: null,
    apiTokenId: row.id,
    scope,
  };
}

export function installAuthContext(app: FastifyInstance, db: Kysely<DB>): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('csrfRejected', false);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/widget/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const auth = await resolveApiToken(db, header.slice(7).trim());
      if (!auth) throw new AppError('unauthenticated');
      request.auth = auth;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const auth = await resolveSession(db, cookie);
    // Cookies ride along on cross-site requests; a state change must also prove it came from our page.
    if (auth && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken ?? '')) {
        request.csrfRejected = true;
        return;
      }
    }
    request.auth = auth;
  });
}
