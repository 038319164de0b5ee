// The day pages of the service standards (decision 0010) are copies of the conversation facts: whatever changes a
// day's facts (a fact computed again, a return within 7 days marked on an earlier conversation, a survey answer, a
// conversation merged or deleted) raises the day's version in the same transaction, before the change, while the
// facts still say which days they count for. Conversations own this invalidation so that every module that changes
// what the facts count (contacts, surveys, analytics' own pass) calls down to it.
import { sql } from 'kysely';
import type { Tenant } from '../../db/tenant.js';

/** The days whose pages must be built again. */
export async function touchDays(t: Tenant, days: Iterable<number>): Promise<void> {
  for (const day of new Set(days)) {
    await t
      .insertInto('conversation_fact_days', { local_day: day, version: 1 })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'local_day'])
          .doUpdateSet({ version: sql<number>`conversation_fact_days.version + 1` }),
      )
      .execute();
  }
}

/** The days of these conversations' facts (before they are deleted, or when something they count for changes). */
export async function touchDaysOf(t: Tenant, by: { conversationIds: string[] } | { contactId: string }): Promise<void> {
  const days: number[] = [];
  const q = t.selectFrom('conversation_facts').select('conversation_facts.local_day').distinct();
  if ('contactId' in by) {
    for (const r of await q.where('conversation_facts.contact_id', '=', by.contactId).execute())
      days.push(Number(r.local_day));
  }
  // A survey's answers can name thousands of conversations: asked in slices, within every database's parameter limit.
  else
    for (let i = 0; i < by.conversationIds.length; i += 500) {
      const slice = by.conversationIds.slice(i, i + 500);
      for (const r of await q.where('conversation_facts.conversation_id', 'in', slice).execute())
        days.push(Number(r.local_day));
    }
  await touchDays(t, days);
}
