// The contact of a WhatsApp sender is looked up on every message by (workspace, wa_id), oldest first. With the index on
// (workspace_id, whatsapp_id) alone, SQLite preferred the (workspace_id, created_at) index to skip the sort and read
// every contact of the workspace: ~0.1 ms at 1,000 contacts, growing with the customer list. This index answers the
// filter and the order at once.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contacts_whatsapp').execute();
  await db.schema
    .createIndex('contacts_whatsapp')
    .on('contacts')
    .columns(['workspace_id', 'whatsapp_id', 'created_at'])
    .execute();
}
