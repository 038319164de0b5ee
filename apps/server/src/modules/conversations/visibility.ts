// Which conversations a limited agent or viewer sees (their teams', those assigned to them, and optionally those of the
// customers they own). Everything that shows a conversation, its messages or its files asks here; outside the scope a
// conversation does not exist for them (404, as another workspace's id).
import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import type { Role } from '@atiende/contract';
import { type AuthContext, type ConversationScope, scopeOf } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/** The condition on `conversations` rows that the scope allows. */
export function visibleWhere(workspaceId: string, scope: ConversationScope) {
  return (eb: ExpressionBuilder<DB, 'conversations'>): Expression<SqlBool> =>
    eb.or([
      ...(scope.teamIds.length ? [eb('conversations.team_id', 'in', scope.teamIds)] : []),
      eb('conversations.assignee_id', '=', scope.userId),
      ...(scope.ownCustomers
        ? [
            eb(
              'conversations.contact_id',
              'in',
              eb
                .selectFrom('contacts')
                .select('contacts.id')
                .where('contacts.workspace_id', '=', workspaceId)
                .where('contacts.owner_id', '=', scope.userId),
            ),
          ]
        : []),
    ]);
}

/** Of these conversation ids, the ones the caller may see (all of them without a scope). */
export async function visibleConversationIds(
  t: Tenant,
  scope: ConversationScope | undefined,
  ids: string[],
): Promise<Set<string>> {
  if (!scope || !ids.length) return new Set(ids);
  const rows = await t
    .selectFrom('conversations')
    .select('id')
    .where('id', 'in', ids)
    .where(visibleWhere(t.workspaceId, scope))
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function conversationVisible(
  ctx: AppContext,
  workspaceId: string,
  scope: ConversationScope | undefined,
  conversationId: string,
): Promise<boolean> {
  return (await visibleConversationIds(tenant(ctx.db, workspaceId), scope, [conversationId])).has(conversationId);
}

/** Not found, exactly as another workspace's conversation would be, when the caller may not see it. */
export async function assertConversationVisible(
  ctx: AppContext,
  auth: AuthContext,
  conversationId: string | null | undefined,
): Promise<void> {
  if (!auth.scope || !conversationId) return;
  if (!(await conversationVisible(ctx, auth.workspaceId, auth.scope, conversationId))) throw new AppError('not_found');
}

/** The scope an agent or viewer works under, as a session of theirs would have it (none: they see everything). */
async function scopeOfMember(t: Tenant, userId: string): Promise<ConversationScope | undefined | null> {
  const member = await t
    .selectFrom('memberships')
    .select(['role', 'conversation_access'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return member ? scopeOf(t.db, t.workspaceId, userId, member.role as Role, member.conversation_access) : null;
}

/** Of these members, those who may see the conversation (AppContext.conversationReaders). */
export async function conversationReaders(
  ctx: AppContext,
  workspaceId: string,
  conversationId: string,
  userIds: string[],
): Promise<string[]> {
  const t = tenant(ctx.db, workspaceId);
  const readers: string[] = [];
  for (const userId of userIds) {
    const scope = await scopeOfMember(t, userId);
    if (
      scope === undefined ||
      (scope && (await visibleConversationIds(t, scope, [conversationId])).has(conversationId))
    )
      readers.push(userId);
  }
  return readers;
}

/** The conversation a stored file belongs to (through its message), if any. */
async function conversationOfFile(t: Tenant, fileId: string): Promise<string | null> {
  const row = await t
    .selectFrom('files')
    .innerJoin('messages', 'messages.id', 'files.message_id')
    .select('messages.conversation_id')
    .where('files.id', '=', fileId)
    .executeTakeFirst();
  return row?.conversation_id ?? null;
}

/**
 * One guard for every route addressed by a conversation or a file (`/api/conversations/:id/…`, `/api/files/:id`),
 * whichever module declares it, so no such route can forget the scope.
 */
export function guardConversationRoutes(ctx: AppContext) {
  return async (request: {
    routeOptions: { url?: string };
    params: unknown;
    query: unknown;
    body: unknown;
    auth: AuthContext | null;
  }): Promise<void> => {
    const auth = request.auth;
    if (!auth?.scope) return;
    const url = request.routeOptions.url ?? '';
    const params = (request.params ?? {}) as { id?: unknown; subId?: unknown };
    const named = (part: unknown) =>
      part && typeof part === 'object' ? (part as { conversationId?: unknown }).conversationId : undefined;
    // A conversation named anywhere in the request: the path, a body or a query field (an incident recorded from it,
    // a survey link for it, a project linking it, a filter on it).
    const ids = [
      url.startsWith('/api/conversations/:id') ? params.id : undefined,
      url === '/api/projects/:id/conversations/:subId' ? params.subId : undefined,
      named(request.body),
      named(request.query),
    ].filter((id): id is string => typeof id === 'string');
    for (const id of ids) await assertConversationVisible(ctx, auth, id);
    if (url === '/api/files/:id' && typeof params.id === 'string')
      await assertConversationVisible(ctx, auth, await conversationOfFile(tenant(ctx.db, auth.workspaceId), params.id));
  };
}
