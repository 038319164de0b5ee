// Contacts: the people the company talks to. This issue needs only finding or creating one; the profile grows later.
import type { Tenant } from '../../db/tenant.js';
import { newId } from '../../platform/ids.js';

/** The contact with this email in the workspace, created on first contact; a new name does not overwrite a known one. */
export async function findOrCreateContactByEmail(t: Tenant, input: { name: string; email: string }): Promise<{ id: string; name: string }> {
  const existing = await t.selectFrom('contacts').select(['id', 'name']).where('email', '=', input.email).orderBy('created_at').executeTakeFirst();
  if (existing) return existing;
  const now = Date.now();
  const id = newId();
  await t.insertInto('contacts', { id, name: input.name, email: input.email, phone: null, created_at: now, updated_at: now }).execute();
  return { id, name: input.name };
}
