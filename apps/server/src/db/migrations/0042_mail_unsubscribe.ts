// A customer's "no more automatic mail" (RFC 8058 one-click List-Unsubscribe on survey invitations and sequence
// steps): when they said it, and the links that say it (only a hash of each token is kept).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('mail_opt_out_at', 'bigint').execute();
  await db.schema
    .createTable('unsubscribe_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
