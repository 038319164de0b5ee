// The audit log: who did what to which record, written in the same transaction as the change.
import type { Tenant } from '../db/tenant.js';
import { newId } from './ids.js';

export interface Actor {
  type: 'user' | 'api_token' | 'visitor' | 'system';
  id: string | null;
}

export async function audit(
  t: Tenant,
  actor: Actor,
  action: string,
  subject: { type: string; id: string | null },
  details: Record<string, unknown> = {},
): Promise<void> {
  await t
    .insertInto('audit_log', {
      id: newId(),
      actor_type: actor.type,
      actor_id: actor.id,
      action,
      subject_type: subject.type,
      subject_id: subject.id,
      details: JSON.stringify(details),
      created_at: Date.now(),
    })
    .execute();
}

/** Removes the entries about a record whose details may quote personal data (before values of edits); used by erasure. */
export async function forgetSubject(t: Tenant, subject: { type: string; id: string }): Promise<void> {
  await t
    .deleteFrom('audit_log')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
}

/** Every entry about one record, oldest first (a contact's export). */
export async function auditOf(t: Tenant, subject: { type: string; id: string }) {
  const rows = await t
    .selectFrom('audit_log')
    .select(['action', 'actor_type', 'actor_id', 'details', 'created_at'])
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    actorType: r.actor_type,
    actorId: r.actor_id,
    details: JSON.parse(r.details) as unknown,
    at: new Date(r.created_at).toISOString(),
  }));
}
