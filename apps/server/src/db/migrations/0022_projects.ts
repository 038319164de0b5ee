// Projects and work orders: what a won deal becomes. Tasks scheduled in working days, time worked in spans (a pause
// ends a span and says why), files kept in versions, participants (members and the customer's own contacts), a
// timeline of what happened, and the conversations about the project.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  const project = (c: any) => c.notNull().references('projects.id').onDelete('cascade');
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    /** Counted per workspace: "OT-0042" on paper and on the phone. */
    .addColumn('number', 'integer', (c) => c.notNull())
    /** project | work_order */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    /** quoted | in_progress | delivered | invoiced | cancelled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('deal_id', 'text', (c) => c.references('deals.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** The customer's requirements and service needs, copied from their profile when the project opens, then edited. */
    .addColumn('requirements', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('value_cents', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull())
    /** YYYY-MM-DD, local to the workspace. */
    .addColumn('start_date', 'text')
    /** Set by hand, or the latest task's end when null. */
    .addColumn('due_date', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', ms)
    .addColumn('invoiced_at', ms)
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_number').on('projects').columns(['workspace_id', 'number']).unique().execute();
  await db.schema
    .createIndex('projects_status')
    .on('projects')
    .columns(['workspace_id', 'status', 'updated_at'])
    .execute();
  await db.schema.createIndex('projects_contact').on('projects').columns(['workspace_id', 'contact_id']).execute();
  await db.schema.createIndex('projects_company').on('projects').columns(['workspace_id', 'company_id']).execute();
  await db.schema.createIndex('projects_deal').on('projects').columns(['workspace_id', 'deal_id']).execute();

  await db.schema
    .createTable('project_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('project_id', 'text', project)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** todo | doing | done */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('estimate_minutes', 'integer')
    .addColumn('start_date', 'text')
    .addColumn('working_days', 'integer')
    /** start_date plus working_days on the workspace calendar, kept so lists and the portal need no calendar. */
    .addColumn('due_date', 'text')
    .addColumn('position', 'real', (c) => c.notNull())
    .addColumn('done_at', ms)
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_tasks_project')
    .on('project_tasks')
    .columns(['workspace_id', 'project_id', 'position'])
    .execute();

  await db.schema
    .createTable('time_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('project_id', 'text', project)
    .addColumn('task_id', 'text', (c) => c.references('project_tasks.id').onDelete('set null'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('started_at', ms, (c) => c.notNull())
    /** Null while the timer runs. */
    .addColumn('ended_at', ms)
    /** pause (may be resumed) | stop | logged (entered afterwards) */
    .addColumn('end_kind', 'text')
    /** setback | non_working_day | other, when paused */
    .addColumn('pause_reason', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('time_entries_project')
    .on('time_entries')
    .columns(['workspace_id', 'project_id', 'task_id'])
    .execute();
  // A person's timer is their latest span made by the timer.
  await db.schema
    .createIndex('time_entries_user')
    .on('time_entries')
    .columns(['workspace_id', 'user_id', 'created_at'])
    .execute();
  // One running timer per person, whichever process starts it.
  await db.schema
    .createIndex('time_entries_running')
    .on('time_entries')
    .columns(['workspace_id', 'user_id'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('project_participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('project_id', 'text', project)
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    /** participant | observer */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_participants_project')
    .on('project_participants')
    .columns(['workspace_id', 'project_id'])
    .execute();
  await db.schema
    .createIndex('project_participants_contact')
    .on('project_participants')
    .columns(['workspace_id', 'contact_id'])
    .execute();

  await db.schema
    .createTable('project_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('project_id', 'text', project)
    /** The versions of one document share it (the first version's id). */
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('uploaded_by_user', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('uploaded_by_contact', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_files_version')
    .on('project_files')
    .columns(['workspace_id', 'project_id', 'document_id', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('project_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('project_id', 'text', project)
    .addColumn('at', ms, (c) => c.notNull())
    /** created | status | task_added | task_done | file | comment | time | participant | conversation */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    /** JSON: what the kind needs to be told (the new status, the file, the minutes…). */
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    /** Shown in the customer portal (comments by either side, status changes, files). */
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('project_events_project')
    .on('project_events')
    .columns(['workspace_id', 'project_id', 'at'])
    .execute();

  await db.schema
    .createTable('project_conversations')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('project_id', 'text', project)
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('linked_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('project_conversations_pk', ['project_id', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('project_conversations_conversation')
    .on('project_conversations')
    .columns(['workspace_id', 'conversation_id'])
    .execute();
}
