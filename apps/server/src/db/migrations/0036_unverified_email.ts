// A website visitor or lead-form sender who typed the email of an existing customer, with nothing to prove it: kept as
// a contact of its own that says which address it claims, so an agent can merge it once satisfied it is the same person.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('unverified_email', 'text').execute();
}
