// Where a WhatsApp conversation came from: the click-to-WhatsApp ad or post the customer tapped (Meta's referral
// object: source type, id and URL, headline, body, ctwa_clid), kept on the conversation so the inbox can filter by it
// and the reports can count it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('referral', 'text').execute();
  /** The ad's or post's id alone, for counting and filtering without reading JSON. */
  await db.schema.alterTable('conversations').addColumn('referral_source_id', 'text').execute();
}
