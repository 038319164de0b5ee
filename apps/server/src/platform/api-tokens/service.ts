// API tokens for integrations: Bearer secrets scoped to one workspace and a role; stored hashed, shown once.
import type { ApiToken, Role } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../audit.js';
import { API_TOKEN_PREFIX, type AuthContext } from '../auth/context.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { hashToken, newId, randomToken } from '../ids.js';
import { iso } from '../time.js';

export async function listApiTokens(ctx: AppContext, workspaceId: string): Promise<ApiToken[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('api_tokens')
    .selectAll()
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role as Role,
    memberId: r.user_id,
    createdAt: iso(r.created_at),
    lastUsedAt: iso(r.last_used_at),
  }));
}

export async function createApiToken(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  input: { name: string; role: Role; memberId?: string | undefined },
): Promise<ApiToken> {
  if (!auth.user) throw new AppError('forbidden');
  const token = randomToken(API_TOKEN_PREFIX);
  const now = Date.now();
  const id = newId();
  await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    if (
      input.memberId &&
      !(await t.selectFrom('memberships').select('user_id').where('user_id', '=', input.memberId).executeTakeFirst())
    ) {
      throw new AppError('validation_failed', [{ path: 'memberId', message: 'field.notAgent' }]);
    }
    await t
      .insertInto('api_tokens', {
        id,
        name: input.name,
        token_hash: hashToken(token),
        role: input.role,
        created_by: auth.user!.id,
        user_id: input.memberId ?? null,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await audit(
      t,
      actor,
      'api_token.created',
      { type: 'api_token', id },
      { name: input.name, role: input.role, memberId: input.memberId ?? null },
    );
  });
  return {
    id,
    name: input.name,
    role: input.role,
    memberId: input.memberId ?? null,
    createdAt: iso(now),
    lastUsedAt: null,
    token,
  };
}

export async function revokeApiToken(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const result = await t
      .updateTable('api_tokens')
      .set({ revoked_at: Date.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'api_token.revoked', { type: 'api_token', id });
  });
}
