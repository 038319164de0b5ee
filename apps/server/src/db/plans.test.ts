// The lookups made on every incoming message use an index that answers them, on SQLite, whose planner may otherwise
// pick an index that only saves a sort and read every contact of the workspace (it did, for WhatsApp senders). On
// PostgreSQL the planner weighs its statistics; the same indexes serve it.
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, dialect, ownerOf, startTestApp } from '../testing/harness.js';

let test: TestApp;
beforeAll(async () => {
  test = await startTestApp();
  await ownerOf(test);
});
afterAll(async () => {
  await test.close();
});

/** The statements as the modules compile them (see the comment beside each), with the index each must use. */
const hot: [string, string, RegExp][] = [
  [
    'WhatsApp sender by wa_id (channels/whatsapp/ingest contactFor)',
    `select "id", "name" from "contacts" where "contacts"."workspace_id" = 'w' and "whatsapp_id" = '1' and "privacy_blocked_at" is null order by "created_at" limit 1`,
    /USING INDEX contacts_whatsapp \(workspace_id=\? AND whatsapp_id=\?\)/,
  ],
  [
    'a batch of WhatsApp senders by wa_id (channels/whatsapp/ingest readKnown)',
    `select "id", "name", "whatsapp_id", "created_at" from "contacts" where "contacts"."workspace_id" = 'w' and "whatsapp_id" in ('1', '2', '3') and "privacy_blocked_at" is null`,
    /USING INDEX contacts_whatsapp \(workspace_id=\? AND whatsapp_id=\?\)/,
  ],
  [
    'the conversations of a batch of senders in an inbox (channels/whatsapp/ingest readKnown)',
    `select "id", "contact_id", "waiting_since", "status", "last_message_at" from "conversations" where "conversations"."workspace_id" = 'w' and "inbox_id" = 'i' and "contact_id" in ('a', 'b', 'c')`,
    /USING INDEX conversations_contact \(workspace_id=\? AND contact_id=\?\)/,
  ],
  [
    'contact by phone or email (contacts/service contactByIdentity)',
    `select "contacts"."id", "contacts"."name" from "contact_identities" inner join "contacts" on "contacts"."id" = "contact_identities"."contact_id" where "contact_identities"."workspace_id" = 'w' and "contact_identities"."kind" = 'phone' and "contact_identities"."value" = 'x' and "contacts"."privacy_blocked_at" is null order by "contacts"."created_at" limit 1`,
    /USING INDEX contact_identities_lookup \(workspace_id=\? AND kind=\? AND value=\?\)/,
  ],
  [
    'the conversation of a contact in an inbox (conversations/incoming storeIncoming)',
    `select "id", "waiting_since", "status" from "conversations" where "conversations"."workspace_id" = 'w' and "inbox_id" = 'i' and "contact_id" = 'c' order by "last_message_at" desc limit 1`,
    /USING INDEX conversations_contact_activity \(contact_id=\?\)/,
  ],
  [
    'a message already stored (redelivery; conversations/incoming storeIncoming)',
    `select * from "messages" where "messages"."workspace_id" = 'w' and "inbox_id" = 'i' and "source_id" = 's'`,
    /USING INDEX \w+ \((workspace_id=\? AND )?inbox_id=\? AND source_id=\?\)/,
  ],
];

describe.skipIf(dialect !== 'sqlite')('query plans of the hot lookups (SQLite)', () => {
  it.each(hot)('%s uses its index', async (_name, statement, index) => {
    const plan = (
      await sql
        .raw<{ detail: string }>(`explain query plan ${statement}`)
        .execute(test.database.db as unknown as Kysely<any>)
    ).rows.map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(index);
    expect(plan.join(' | ')).not.toMatch(/\bSCAN (contacts|messages|conversations|contact_identities)\b/);
  });
});
