// Who a note names: "@Ana López" (or "@Ana" when only one member is called Ana) names a member of the workspace;
// notes on records and internal notes in conversations both tell the members they name.
import type { Tenant } from '../db/tenant.js';
import { fold } from './search.js';

/** Teammates named after an @: "@Luis Garza" or "@Luis" (when only one member is called so). */
export async function mentionedMembers(t: Tenant, body: string): Promise<string[]> {
  if (!body.includes('@')) return [];
  const members = await t
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name'])
    .execute();
  const text = fold(body);
  return members
    .filter((m) => {
      const full = fold(m.name);
      const first = full.split(' ')[0]!;
      const sameFirst = members.filter((o) => fold(o.name).split(' ')[0] === first).length;
      return text.includes(`@${full}`) || (sameFirst === 1 && new RegExp(`@${first}(?![a-z])`).test(text));
    })
    .map((m) => m.id);
}
