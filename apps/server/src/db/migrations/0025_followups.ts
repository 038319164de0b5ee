// Follow-up sequences: steps a set number of days after a sale, a delivery, a resolved incident or a customer leaving
// (win-back), each creating a task or sending a templated message on the customer's preferred channel. The due
// actions are their own durable queue, claimed in batches.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('sequences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('name', 'text', (c) => c.notNull())
    /** deal_won | project_delivered | incident_resolved | customer_lost | manual */
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    /** JSON: the steps in order: [{id, delayDays, action, title, body, taskKind, channel, surveyId, whatsappTemplateId}] */
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sequences_trigger')
    .on('sequences')
    .columns(['workspace_id', 'trigger', 'enabled'])
    .execute();
  await db.schema
    .createTable('sequence_enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('sequence_id', 'text', (c) => c.notNull().references('sequences.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    /** What started it: deal, project, incident, contact (win-back or by hand). */
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    /** Who the tasks are for: the deal's or project's owner, the incident's assignee, the contact's owner. */
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** active | done | stopped */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', ms, (c) => c.notNull())
    .addColumn('ended_at', ms)
    .execute();
  // The same sale, delivery or incident never starts a sequence twice.
  await db.schema
    .createIndex('sequence_enrollments_once')
    .on('sequence_enrollments')
    .columns(['sequence_id', 'source_type', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('sequence_enrollments_contact')
    .on('sequence_enrollments')
    .columns(['workspace_id', 'contact_id'])
    .execute();
  await db.schema
    .createTable('followup_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('enrollment_id', 'text', (c) => c.notNull().references('sequence_enrollments.id').onDelete('cascade'))
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('due_at', ms, (c) => c.notNull())
    /** pending | running | done | skipped | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('locked_at', ms)
    .addColumn('done_at', ms)
    /** What it did: the task made, the job that sends the message, or why it was skipped. */
    .addColumn('result', 'text')
    .execute();
  await db.schema.createIndex('followup_actions_due').on('followup_actions').columns(['status', 'due_at']).execute();
  await db.schema
    .createIndex('followup_actions_enrollment')
    .on('followup_actions')
    .columns(['workspace_id', 'enrollment_id', 'position'])
    .execute();
}
