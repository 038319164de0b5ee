// Workspaces: first-run setup, settings, members and invitations.
import {
  type BusinessHours,
  type ConversationAccess,
  type Invitation,
  type Member,
  type Role,
  type SetupInput,
  BusinessHours as BusinessHoursSchema,
} from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../audit.js';
import type { AuthContext } from '../auth/context.js';
import { hasRole } from '../auth/context.js';
import { type PasswordAttempt, requirePassword } from '../auth/guard.js';
import { hashPassword } from '../auth/passwords.js';
import { defaultBusinessHours } from '../business-hours.js';
import { addStarterContent } from './getting-started.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { hashToken, newId, randomToken } from '../ids.js';
import { iso } from '../time.js';

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
const PRESENCE_WINDOW_MS = 75_000;

export async function needsSetup(ctx: AppContext): Promise<boolean> {
  const real = await ctx.db.selectFrom('workspaces').select('id').where('is_demo', '=', 0).limit(1).executeTakeFirst();
  return !real;
}

/** Pass the transaction's executor when called inside one (on SQLite another query on ctx.db would wait for it). */
export async function loadWorkspaceSettings(
  ctx: AppContext,
  workspaceId: string,
  executor: Pick<AppContext['db'], 'selectFrom'> = ctx.db,
) {
  const row = await executor.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return {
    id: row.id,
    name: row.name,
    language: row.language as 'es' | 'en',
    timeZone: row.time_zone,
    businessHours: BusinessHoursSchema.parse(JSON.parse(row.business_hours)),
    isDemo: row.is_demo === 1,
    websites: JSON.parse(row.websites) as string[],
  };
}

export interface NewWorkspace {
  companyName: string;
  language: 'es' | 'en';
  timeZone: string;
  isDemo?: boolean;
  businessHours?: BusinessHours;
  /** Start with the example labels, quick replies and articles. */
  starterContent?: boolean;
  owner: { name: string; email: string; passwordHash: string };
}

/** Creates the workspace, its owner and what every workspace starts with, in one transaction. */
export async function createWorkspace(
  ctx: AppContext,
  input: NewWorkspace,
): Promise<{ workspaceId: string; userId: string }> {
  const now = Date.now();
  const workspaceId = newId();
  const userId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', input.owner.email)
      .executeTakeFirst();
    if (existing) throw new AppError('email_taken', [{ path: 'email', message: 'already registered' }]);
    await trx
      .insertInto('workspaces')
      .values({
        id: workspaceId,
        name: input.companyName,
        language: input.language,
        time_zone: input.timeZone,
        business_hours: JSON.stringify(input.businessHours ?? defaultBusinessHours),
        is_demo: input.isDemo ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('users')
      .values({
        id: userId,
        email: input.owner.email,
        name: input.owner.name,
        password_hash: input.owner.passwordHash,
        language: input.language,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('memberships')
      .values({ workspace_id: workspaceId, user_id: userId, role: 'owner', created_at: now })
      .execute();
    const t = tenant(trx, workspaceId);
    for (const provision of ctx.provisioners) await provision(t);
    if (input.starterContent) await addStarterContent(ctx, t, input.language);
    await audit(
      t,
      { type: 'user', id: userId },
      'workspace.created',
      { type: 'workspace', id: workspaceId },
      { name: input.companyName },
    );
  });
  return { workspaceId, userId };
}

export async function setupWorkspace(ctx: AppContext, input: SetupInput) {
  if (!(await needsSetup(ctx))) throw new AppError('setup_closed');
  return createWorkspace(ctx, {
    companyName: input.companyName,
    language: input.language,
    timeZone: input.timeZone,
    starterContent: input.starterContent,
    owner: { name: input.ownerName, email: input.email, passwordHash: await hashPassword(input.password) },
  });
}

export async function updateWorkspace(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  input: {
    name?: string;
    language?: 'es' | 'en';
    timeZone?: string;
    businessHours?: BusinessHours;
    websites?: string[];
  },
) {
  const t = tenant(ctx.db, auth.workspaceId);
  await t.transaction(async (tx) => {
    await tx.db
      .updateTable('workspaces')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
        ...(input.businessHours !== undefined ? { business_hours: JSON.stringify(input.businessHours) } : {}),
        ...(input.websites !== undefined ? { websites: JSON.stringify([...new Set(input.websites)]) } : {}),
        updated_at: Date.now(),
      })
      .where('id', '=', auth.workspaceId)
      .execute();
    await audit(
      tx,
      actor,
      'workspace.updated',
      { type: 'workspace', id: auth.workspaceId },
      { fields: Object.keys(input) },
    );
  });
  return loadWorkspaceSettings(ctx, auth.workspaceId);
}

// ---- members

export async function listMembers(ctx: AppContext, workspaceId: string): Promise<Member[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('agent_presence', (join) =>
      join
        .onRef('agent_presence.user_id', '=', 'memberships.user_id')
        .onRef('agent_presence.workspace_id', '=', 'memberships.workspace_id'),
    )
    .select([
      'users.id as userId',
      'users.name as name',
      'users.email as email',
      'memberships.role as role',
      'memberships.created_at as joinedAt',
      'memberships.availability',
      'memberships.conversation_access',
      'agent_presence.last_seen_at as lastSeenAt',
    ])
    .orderBy('users.name')
    .execute();
  const onlineSince = Date.now() - PRESENCE_WINDOW_MS;
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    email: r.email,
    role: r.role as Role,
    online: (r.lastSeenAt ?? 0) > onlineSince,
    availability: r.availability as 'available' | 'away',
    conversationAccess: r.conversation_access as ConversationAccess,
    joinedAt: new Date(r.joinedAt).toISOString(),
  }));
}

export async function anyAgentOnline(ctx: AppContext, workspaceId: string): Promise<boolean> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('agent_presence')
    .select('user_id')
    .where('last_seen_at', '>', Date.now() - PRESENCE_WINDOW_MS)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/** Refuses, naming the field, a user who is not an agent (or above) of this workspace: owners, assignees. */
export async function assertAgentMember(t: Tenant, userId: string | null | undefined, path: string): Promise<void> {
  if (!userId) return;
  const member = await t.selectFrom('memberships').select('role').where('user_id', '=', userId).executeTakeFirst();
  if (!member || member.role === 'viewer')
    throw new AppError('validation_failed', [{ path, message: 'field.notAgent' }]);
}

async function ownerCount(t: Tenant): Promise<number> {
  const row = await t
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Only an owner may make or unmake owners; admins manage everyone else. The last owner stays. */
function assertCanGrant(auth: AuthContext, from: Role | null, to: Role | null): void {
  if ((from === 'owner' || to === 'owner') && auth.role !== 'owner') throw new AppError('forbidden');
  if (!hasRole(auth.role, 'admin')) throw new AppError('forbidden');
}

/** A member's role and which conversations they see (admins; an owner's role only by an owner). */
export async function updateMember(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  userId: string,
  input: { role?: Role | undefined; conversationAccess?: ConversationAccess | undefined },
) {
  const seesOtherwise = await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const member = await t
      .selectFrom('memberships')
      .select(['role', 'conversation_access'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw new AppError('not_found');
    if (input.role && input.role !== member.role) {
      assertCanGrant(auth, member.role as Role, input.role);
      if (member.role === 'owner' && input.role !== 'owner' && (await ownerCount(t)) <= 1)
        throw new AppError('last_owner');
      await t.updateTable('memberships').set({ role: input.role }).where('user_id', '=', userId).execute();
      await audit(t, actor, 'member.role_changed', { type: 'user', id: userId }, { from: member.role, to: input.role });
    }
    if (input.conversationAccess && input.conversationAccess !== member.conversation_access) {
      assertCanGrant(auth, member.role as Role, member.role as Role);
      await t
        .updateTable('memberships')
        .set({ conversation_access: input.conversationAccess })
        .where('user_id', '=', userId)
        .execute();
      await audit(
        t,
        actor,
        'member.access_changed',
        { type: 'user', id: userId },
        { from: member.conversation_access, to: input.conversationAccess },
      );
    }
    const access = input.conversationAccess ?? member.conversation_access;
    return (
      (input.conversationAccess !== undefined && input.conversationAccess !== member.conversation_access) ||
      (access !== 'all' && input.role !== undefined && input.role !== member.role)
    );
  });
  // What this person may see changed: their open consoles reconnect under the new limits.
  if (seesOtherwise) ctx.events.publish({ type: 'access.revoked', workspaceId: auth.workspaceId, userId });
  return listMembers(ctx, auth.workspaceId);
}

export async function removeMember(ctx: AppContext, auth: AuthContext, actor: Actor, userId: string) {
  await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const member = await t.selectFrom('memberships').select('role').where('user_id', '=', userId).executeTakeFirst();
    if (!member) throw new AppError('not_found');
    assertCanGrant(auth, member.role as Role, null);
    if (member.role === 'owner' && (await ownerCount(t)) <= 1) throw new AppError('last_owner');
    await t.deleteFrom('memberships').where('user_id', '=', userId).execute();
    await t.db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('workspace_id', '=', auth.workspaceId)
      .execute();
    await audit(t, actor, 'member.removed', { type: 'user', id: userId }, { role: member.role });
  });
  ctx.events.publish({ type: 'access.revoked', workspaceId: auth.workspaceId, userId });
}

// ---- invitations

function toInvitation(row: {
  id: string;
  role: string;
  email: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}): Invitation {
  return {
    id: row.id,
    role: row.role as Role,
    email: row.email,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    acceptedAt: iso(row.accepted_at),
    revokedAt: iso(row.revoked_at),
  };
}

export async function listInvitations(ctx: AppContext, workspaceId: string): Promise<Invitation[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('invitations')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map(toInvitation);
}

export async function createInvitation(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  input: { role: Role; email?: string },
): Promise<Invitation> {
  assertCanGrant(auth, null, input.role);
  const token = randomToken();
  const now = Date.now();
  const row = {
    id: newId(),
    token_hash: hashToken(token),
    role: input.role,
    email: input.email ?? null,
    created_by: auth.user?.id ?? (await firstOwner(ctx, auth.workspaceId)),
    created_at: now,
    expires_at: now + INVITATION_TTL_MS,
    accepted_at: null,
    accepted_by: null,
    revoked_at: null,
  };
  const url = `${ctx.config.publicUrl}/invite/${token}`;
  // Read before the transaction: on SQLite a second query outside it would wait for it forever.
  const workspace = await loadWorkspaceSettings(ctx, auth.workspaceId);
  await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    await t.insertInto('invitations', row).execute();
    await audit(
      t,
      actor,
      'invitation.created',
      { type: 'invitation', id: row.id },
      { role: input.role, email: input.email ?? null },
    );
    if (input.email) {
      const english = workspace.language === 'en';
      await ctx.jobs.enqueue(
        'mail.send',
        {
          to: input.email,
          subject: english
            ? `You are invited to ${workspace.name} on Atiende`
            : `Te invitaron a ${workspace.name} en Atiende`,
          text: english
            ? `Join the team here (valid for 7 days):\n${url}`
            : `Únete al equipo aquí (válido por 7 días):\n${url}`,
        },
        { executor: t.db },
      );
    }
  });
  return { ...toInvitation(row), url };
}

async function firstOwner(ctx: AppContext, workspaceId: string): Promise<string> {
  const row = await tenant(ctx.db, workspaceId)
    .selectFrom('memberships')
    .select('user_id')
    .where('role', '=', 'owner')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  return row.user_id;
}

export async function revokeInvitation(ctx: AppContext, auth: AuthContext, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    const result = await t
      .updateTable('invitations')
      .set({ revoked_at: Date.now() })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'invitation.revoked', { type: 'invitation', id });
  });
}

async function openInvitation(ctx: AppContext, token: string) {
  const row = await ctx.db
    .selectFrom('invitations')
    .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
    .select([
      'invitations.id',
      'invitations.workspace_id',
      'invitations.role',
      'invitations.email',
      'workspaces.name as workspaceName',
    ])
    .where('invitations.token_hash', '=', hashToken(token))
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', Date.now())
    .executeTakeFirst();
  if (!row) throw new AppError('token_invalid');
  return row;
}

export async function previewInvitation(ctx: AppContext, token: string) {
  const row = await openInvitation(ctx, token);
  const existing = row.email
    ? await ctx.db.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst()
    : undefined;
  return {
    workspaceName: row.workspaceName,
    role: row.role as Role,
    email: row.email,
    existingAccount: Boolean(existing),
  };
}

/**
 * Joins the workspace. A new person creates an account; someone who already has one proves it with the password.
 * Returns the user and workspace to start a session in.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { name: string; email?: string; password: string; language?: 'es' | 'en' },
  attempt: Omit<PasswordAttempt, 'email' | 'password'>,
): Promise<{ userId: string; workspaceId: string; deviceToken?: string }> {
  const invitation = await openInvitation(ctx, token);
  const email = invitation.email ?? input.email;
  if (!email) throw new AppError('validation_failed', [{ path: 'email', message: 'field.required' }]);
  const existing = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  // Someone who already has an account proves it under the same limits as a sign-in.
  const verified = existing ? await requirePassword(ctx, { ...attempt, email, password: input.password }) : undefined;
  const passwordHash = existing ? existing.password_hash : await hashPassword(input.password);
  const now = Date.now();
  const userId = existing?.id ?? newId();
  await ctx.db.transaction().execute(async (trx) => {
    if (!existing) {
      await trx
        .insertInto('users')
        .values({
          id: userId,
          email,
          name: input.name,
          password_hash: passwordHash,
          language: input.language ?? 'es',
          created_at: now,
          updated_at: now,
        })
        .execute();
    } else {
      const member = await trx
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', userId)
        .where('workspace_id', '=', invitation.workspace_id)
        .executeTakeFirst();
      if (member) throw new AppError('already_member');
    }
    // Claimed by a conditional update inside the transaction: of two concurrent uses only one commits.
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now, accepted_by: userId })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw new AppError('token_invalid');
    await trx
      .insertInto('memberships')
      .values({ workspace_id: invitation.workspace_id, user_id: userId, role: invitation.role, created_at: now })
      .execute();
    await audit(
      tenant(trx, invitation.workspace_id),
      { type: 'user', id: userId },
      'invitation.accepted',
      { type: 'invitation', id: invitation.id },
      { role: invitation.role },
    );
  });
  return { userId, workspaceId: invitation.workspace_id, ...(verified ? { deviceToken: verified.deviceToken } : {}) };
}

// ---- audit log

export async function listAudit(ctx: AppContext, workspaceId: string, limit = 100) {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.actor_type',
      'audit_log.actor_id',
      'users.name as actorName',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.details',
      'audit_log.created_at',
    ])
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actorName,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
