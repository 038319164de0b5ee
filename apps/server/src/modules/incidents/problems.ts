// Problems: the recurring cause behind several incidents, with an owner, a corrective action and its verification;
// escalated to the product team when it is a defect; when solved, the affected customers are told in one action.
import type { Problem, ProblemNotified } from '@atiende/contract';
import type { z } from 'zod';
import type { ProblemUpdate, ProblemWrite } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { assertAgentMember } from '../../platform/workspaces/service.js';
import { replyToConversation } from '../conversations/index.js';
import { csvLine } from '../../platform/csv.js';
import { withNumber } from '../../db/numbering.js';

type ProblemInput = z.infer<typeof ProblemWrite>;
type ProblemPatch = z.infer<typeof ProblemUpdate>;

function problemRows(t: Tenant) {
  return t
    .selectFrom('problems')
    .leftJoin('users as owner', 'owner.id', 'problems.owner_id')
    .selectAll('problems')
    .select('owner.name as owner_name')
    .select((eb) => [
      eb
        .selectFrom('incidents')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('incidents.problem_id', '=', 'problems.id')
        .as('incident_count'),
      eb
        .selectFrom('incidents')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('incidents.problem_id', '=', 'problems.id')
        .where('incidents.status', '=', 'open')
        .as('open_count'),
      eb
        .selectFrom('incidents')
        .select((sub) => sub.fn.count<number>('incidents.contact_id').distinct().as('n'))
        .whereRef('incidents.problem_id', '=', 'problems.id')
        .as('customer_count'),
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof problemRows>['executeTakeFirstOrThrow']>>;

function toProblem(r: Row): Problem {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    status: r.status as Problem['status'],
    owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
    correctiveAction: r.corrective_action,
    verification: r.verification,
    escalationStatus: r.escalation_status as Problem['escalationStatus'],
    escalationReference: r.escalation_reference,
    incidents: Number(r.incident_count ?? 0),
    openIncidents: Number(r.open_count ?? 0),
    customers: Number(r.customer_count ?? 0),
    solvedAt: iso(r.solved_at),
    customersNotifiedAt: iso(r.customers_notified_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function getProblem(t: Tenant, id: string): Promise<Problem> {
  const row = await problemRows(t).where('problems.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toProblem(row);
}

export async function listProblems(ctx: AppContext, workspaceId: string, status?: string): Promise<Problem[]> {
  let q = problemRows(tenant(ctx.db, workspaceId));
  if (status) q = q.where('problems.status', '=', status);
  return (await q.orderBy('problems.number', 'desc').limit(500).execute()).map(toProblem);
}

async function linkIncidents(t: Tenant, problemId: string, incidentIds: string[]): Promise<void> {
  const unique = [...new Set(incidentIds)];
  const found = await t.selectFrom('incidents').select('id').where('id', 'in', unique).execute();
  if (found.length !== unique.length)
    throw new AppError('validation_failed', [{ path: 'incidentIds', message: 'field.noSuchIncident' }]);
  await t
    .updateTable('incidents')
    .set({ problem_id: problemId, updated_at: Date.now() })
    .where('id', 'in', unique)
    .execute();
}

export async function createProblem(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: ProblemInput,
): Promise<Problem> {
  const id = newId();
  await withNumber(ctx, workspaceId, 'problems', async (t, number) => {
    await assertAgentMember(t, input.ownerId, 'ownerId');
    const now = Date.now();
    await t
      .insertInto('problems', {
        id,
        number,
        title: input.title,
        description: input.description ?? '',
        status: 'investigating',
        owner_id: input.ownerId !== undefined ? input.ownerId : actor.type === 'user' ? actor.id : null,
        corrective_action: input.correctiveAction ?? '',
        verification: input.verification ?? '',
        escalation_status: input.escalationStatus ?? 'none',
        escalation_reference: input.escalationReference ?? null,
        solved_at: null,
        customers_notified_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (input.incidentIds?.length) await linkIncidents(t, id, input.incidentIds);
    await audit(
      t,
      actor,
      'problem.created',
      { type: 'problem', id },
      { number, incidents: input.incidentIds?.length ?? 0 },
    );
  });
  return getProblem(tenant(ctx.db, workspaceId), id);
}

export async function updateProblem(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: ProblemPatch,
): Promise<Problem> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    await assertAgentMember(t, patch.ownerId, 'ownerId');
    const status = patch.status ?? current.status;
    // Solved means the fix was checked: a problem is not closed on a promise.
    const verification = patch.verification ?? current.verification;
    if (status === 'solved' && current.status !== 'solved' && !verification.trim())
      throw new AppError('validation_failed', [{ path: 'verification', message: 'field.verificationRequired' }]);
    await t
      .updateTable('problems')
      .set({
        title: patch.title ?? current.title,
        description: patch.description ?? current.description,
        owner_id: patch.ownerId !== undefined ? patch.ownerId : current.owner_id,
        corrective_action: patch.correctiveAction ?? current.corrective_action,
        verification,
        escalation_status: patch.escalationStatus ?? current.escalation_status,
        escalation_reference:
          patch.escalationReference !== undefined ? patch.escalationReference : current.escalation_reference,
        status,
        solved_at: status === 'solved' ? (current.solved_at ?? Date.now()) : null,
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
    const action =
      status !== current.status
        ? `problem.${status}`
        : patch.escalationStatus && patch.escalationStatus !== current.escalation_status
          ? 'problem.escalation_changed'
          : 'problem.updated';
    await audit(t, actor, action, { type: 'problem', id }, { fields: Object.keys(patch) });
    return getProblem(t, id);
  });
}

export async function linkProblemIncidents(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  incidentIds: string[],
): Promise<Problem> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await getProblem(t, id);
    await linkIncidents(t, id, incidentIds);
    await audit(t, actor, 'problem.incidents_linked', { type: 'problem', id }, { incidentIds });
    return getProblem(t, id);
  });
}

export async function unlinkProblemIncident(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  incidentId: string,
): Promise<Problem> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const changed = await t
      .updateTable('incidents')
      .set({ problem_id: null, updated_at: Date.now() })
      .where('id', '=', incidentId)
      .where('problem_id', '=', id)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'problem.incident_unlinked', { type: 'problem', id }, { incidentId });
    return getProblem(t, id);
  });
}

export async function deleteProblem(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t.updateTable('incidents').set({ problem_id: null }).where('problem_id', '=', id).execute();
    const removed = await t.deleteFrom('problems').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'problem.deleted', { type: 'problem', id });
  });
}

/**
 * Once solved, each customer whose incident is linked hears it, once, in the conversation where they reported it
 * (so on their own channel). Incidents without a conversation, or whose channel cannot take an answer now (a logged
 * call, WhatsApp after 24 hours), are listed as skipped with the reason so the team can call them.
 */
export async function notifyProblemCustomers(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  id: string,
  message: string,
): Promise<z.infer<typeof ProblemNotified>> {
  const t = tenant(ctx.db, auth.workspaceId);
  const problem = await getProblem(t, id);
  if (problem.status !== 'solved') throw new AppError('problem_not_solved');
  const incidents = await t
    .selectFrom('incidents')
    .leftJoin('contacts', 'contacts.id', 'incidents.contact_id')
    .select(['incidents.number', 'incidents.conversation_id', 'incidents.contact_id', 'contacts.privacy_blocked_at'])
    .where('incidents.problem_id', '=', id)
    .orderBy('incidents.number')
    .execute();
  const told = new Set<string>();
  const skipped: { incidentNumber: number; reason: string }[] = [];
  let notified = 0;
  for (const incident of incidents) {
    if (!incident.conversation_id) {
      skipped.push({ incidentNumber: incident.number, reason: 'no_conversation' });
      continue;
    }
    if (incident.privacy_blocked_at !== null) {
      skipped.push({ incidentNumber: incident.number, reason: 'contact_blocked' });
      continue;
    }
    const key = incident.contact_id ?? incident.conversation_id;
    if (told.has(key)) continue;
    try {
      await replyToConversation(ctx, auth, actor, incident.conversation_id, { body: message, private: false });
      told.add(key);
      notified++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ incidentNumber: incident.number, reason: error.code });
    }
  }
  await t.transaction(async (trx) => {
    await trx
      .updateTable('problems')
      .set({ customers_notified_at: Date.now(), updated_at: Date.now() })
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      'problem.customers_notified',
      { type: 'problem', id },
      { notified, skipped: skipped.length },
    );
  });
  return { notified, skipped };
}

/** Defects escalated to the product team, as CSV for their tracker. */
export async function escalationsCsv(ctx: AppContext, workspaceId: string): Promise<string> {
  const rows = (await listProblems(ctx, workspaceId)).filter((p) => p.escalationStatus !== 'none');
  const header = [
    'number',
    'title',
    'status',
    'escalation_status',
    'escalation_reference',
    'incidents',
    'customers',
    'corrective_action',
    'created_at',
    'solved_at',
  ];
  const lines = rows.map((p) =>
    csvLine([
      p.number,
      p.title,
      p.status,
      p.escalationStatus,
      p.escalationReference,
      p.incidents,
      p.customers,
      p.correctiveAction,
      p.createdAt,
      p.solvedAt,
    ]),
  );
  return [csvLine(header), ...lines].join('\r\n') + '\r\n';
}
