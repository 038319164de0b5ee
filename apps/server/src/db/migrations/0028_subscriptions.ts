// Subscriptions and renewals: a customer's plan with its price, interval and next renewal date, and the history of
// each renewal or non-renewal (with its reason) that churn and retention are read from.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('deal_id', 'text', (c) => c.references('deals.id').onDelete('set null'))
    .addColumn('plan', 'text', (c) => c.notNull())
    /** Per interval, before tax, in hundredths of the currency. */
    .addColumn('price_cents', ms, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    /** monthly | yearly */
    .addColumn('interval', 'text', (c) => c.notNull())
    /** Dates of the workspace calendar, YYYY-MM-DD. */
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('renews_on', 'text', (c) => c.notNull())
    .addColumn('remind_days_before', 'integer', (c) => c.notNull())
    /** active | ended */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('end_reason', 'text')
    /** The open reminder task for the coming renewal, closed when it is renewed or ended. */
    .addColumn('reminder_task_id', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscriptions_renewal')
    .on('subscriptions')
    .columns(['workspace_id', 'status', 'renews_on'])
    .execute();
  await db.schema
    .createIndex('subscriptions_contact')
    .on('subscriptions')
    .columns(['workspace_id', 'contact_id'])
    .execute();
  await db.schema
    .createTable('subscription_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    /** started | renewed | not_renewed | changed */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text')
    .addColumn('renews_on', 'text')
    .addColumn('price_cents', ms)
    .addColumn('plan', 'text')
    .addColumn('reason', 'text')
    .addColumn('by_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscription_events_subscription')
    .on('subscription_events')
    .columns(['workspace_id', 'subscription_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('subscription_events_kind')
    .on('subscription_events')
    .columns(['workspace_id', 'kind', 'period_end'])
    .execute();
}
