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
