// Runs the migrations written in code, recorded in kysely_migration; a failed migration stops the start loudly.
import { type Kysely, type Migration, Migrator, PostgresAdapter, sql } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_realtime_events.js';
import * as m0003 from './migrations/0003_customer_knowledge.js';
import * as m0004 from './migrations/0004_segments.js';
import * as m0005 from './migrations/0005_imports.js';
import * as m0006 from './migrations/0006_custom_fields.js';
import * as m0007 from './migrations/0007_personas.js';
import * as m0008 from './migrations/0008_privacy.js';
import * as m0009 from './migrations/0009_inbox_channels.js';
import * as m0010 from './migrations/0010_inbox_work.js';
import * as m0011 from './migrations/0011_message_search.js';
import * as m0012 from './migrations/0012_sla.js';
import * as m0013 from './migrations/0013_holidays.js';
import * as m0014 from './migrations/0014_email.js';
import * as m0015 from './migrations/0015_incidents_knowledge.js';
import * as m0016 from './migrations/0016_training.js';
import * as m0017 from './migrations/0017_surveys_analytics.js';
import * as m0018 from './migrations/0018_fact_days.js';
import * as m0019 from './migrations/0019_deals.js';
import * as m0020 from './migrations/0020_lead_forms.js';
import * as m0021 from './migrations/0021_deal_activities.js';
import * as m0022 from './migrations/0022_projects.js';
import * as m0023 from './migrations/0023_portal.js';
import * as m0024 from './migrations/0024_quotes.js';
import * as m0025 from './migrations/0025_followups.js';
import * as m0026 from './migrations/0026_webhooks.js';
import * as m0027 from './migrations/0027_task_reminders.js';
import * as m0028 from './migrations/0028_subscriptions.js';
import * as m0029 from './migrations/0029_usage_readings.js';
import * as m0030 from './migrations/0030_automation.js';
import * as m0031 from './migrations/0031_whatsapp_lookup.js';
import * as m0032 from './migrations/0032_periodic_tasks.js';
import * as m0033 from './migrations/0033_message_tally.js';
import * as m0034 from './migrations/0034_message_search_prefixes.js';
import * as m0035 from './migrations/0035_trusted_devices.js';
import * as m0036 from './migrations/0036_unverified_email.js';
import * as m0037 from './migrations/0037_workspace_websites.js';
import * as m0038 from './migrations/0038_conversation_access.js';
import type { DB } from './schema.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_realtime_events': m0002,
  '0003_customer_knowledge': m0003,
  '0004_segments': m0004,
  '0005_imports': m0005,
  '0006_custom_fields': m0006,
  '0007_personas': m0007,
  '0008_privacy': m0008,
  '0009_inbox_channels': m0009,
  '0010_inbox_work': m0010,
  '0011_message_search': m0011,
  '0012_sla': m0012,
  '0013_holidays': m0013,
  '0014_email': m0014,
  '0015_incidents_knowledge': m0015,
  '0016_training': m0016,
  '0017_surveys_analytics': m0017,
  '0018_fact_days': m0018,
  '0019_deals': m0019,
  '0020_lead_forms': m0020,
  '0021_deal_activities': m0021,
  '0022_projects': m0022,
  '0023_portal': m0023,
  '0024_quotes': m0024,
  '0025_followups': m0025,
  '0026_webhooks': m0026,
  '0027_task_reminders': m0027,
  '0028_subscriptions': m0028,
  '0029_usage_readings': m0029,
  '0030_automation': m0030,
  '0031_whatsapp_lookup': m0031,
  '0032_periodic_tasks': m0032,
  '0033_message_tally': m0033,
  '0034_message_search_prefixes': m0034,
  '0035_trusted_devices': m0035,
  '0036_unverified_email': m0036,
  '0037_workspace_websites': m0037,
  '0038_conversation_access': m0038,
};

/** All pending migrations run in one transaction: a failure names the migration and leaves the database as it was. */
export async function migrateToLatest(db: Kysely<DB>, extra: Record<string, Migration> = {}): Promise<string[]> {
  // On PostgreSQL the bookkeeping tables live in the current schema; without naming it, Kysely may see another
  // schema's tables (several Atiende databases in schemas of one PostgreSQL database) and skip creating its own.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations, ...extra }) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
