// Satisfaction surveys (versioned definitions, one-time invitations, responses and their answers), follow-up tasks
// for unhappy customers, and the service-standard analytics: one fact row per conversation, targets per standard.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('name', 'text', (c) => c.notNull())
    /** The template it came from, if any: post_conversation_csat, nps_active, churn, client_questionnaire… */
    .addColumn('template', 'text')
    /** draft | active | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    /** The current version; every published change of questions adds one. */
    .addColumn('version', 'integer', (c) => c.notNull())
    /** Anyone with this address may answer (the public link). */
    .addColumn('public_token', 'text', (c) => c.notNull().unique())
    /** Sent by itself after a conversation is resolved. */
    .addColumn('after_resolution', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delay_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    /** At most one invitation of this survey per contact in this many days. */
    .addColumn('frequency_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('invitation_days', 'integer', (c) => c.notNull().defaultTo(14))
    /** JSON { csat, nps, ces }: an answer at or below creates a follow-up task. */
    .addColumn('follow_up', 'text', (c) => c.notNull())
    /** Approved WhatsApp template (one parameter: the link) for customers outside the 24-hour window. */
    .addColumn('whatsapp_template_id', 'text', (c) => c.references('whatsapp_templates.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('survey_versions')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('version', 'integer', (c) => c.notNull())
    /** JSON { title, intro, thanks, sections: [{ title, questions: [...] }] }, each text in es and en. */
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_versions_pk', ['survey_id', 'version'])
    .execute();
  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    /** sha256 of the one-time token in the link; the token itself is never stored. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    /** email, whatsapp, webchat, link */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('team_id', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    /** scheduled | sent | failed | answered | skipped */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('send_at', ms, (c) => c.notNull())
    .addColumn('sent_at', ms)
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('answered_at', ms)
    .addColumn('error', 'text')
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_invitations_survey')
    .on('survey_invitations')
    .columns(['workspace_id', 'survey_id', 'created_at', 'status'])
    .execute();
  // A conversation is surveyed once by each survey, however many times it is resolved or processes hear of it.
  await db.schema
    .createIndex('survey_invitations_conversation')
    .on('survey_invitations')
    .columns(['survey_id', 'conversation_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('survey_invitations_contact')
    .on('survey_invitations')
    .columns(['workspace_id', 'contact_id', 'survey_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    /** The version the respondent saw: its questions read these answers. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.unique().references('survey_invitations.id').onDelete('set null'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('team_id', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    /** The first CSAT, NPS and CES answers, copied for the dashboards. */
    .addColumn('csat', 'integer')
    .addColumn('nps', 'integer')
    .addColumn('ces', 'integer')
    /** At or below a follow-up threshold. */
    .addColumn('detractor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', ms, (c) => c.notNull())
    .execute();
  // Results read a survey's period with its scores and who answered, from the index alone.
  await db.schema
    .createIndex('survey_responses_survey')
    .on('survey_responses')
    .columns([
      'workspace_id',
      'survey_id',
      'submitted_at',
      'csat',
      'nps',
      'ces',
      'detractor',
      'channel',
      'agent_id',
      'contact_id',
      'id',
    ])
    .execute();
  await db.schema
    .createIndex('survey_responses_time')
    .on('survey_responses')
    .columns(['workspace_id', 'submitted_at', 'csat', 'nps', 'ces', 'detractor', 'channel', 'agent_id', 'team_id'])
    .execute();
  await db.schema
    .createIndex('survey_responses_conversation')
    .on('survey_responses')
    .columns(['conversation_id', 'workspace_id', 'csat', 'nps', 'ces'])
    .execute();
  await db.schema
    .createIndex('survey_responses_contact')
    .on('survey_responses')
    .columns(['workspace_id', 'contact_id', 'submitted_at'])
    .execute();
  await db.schema
    .createTable('survey_answers')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    /** The chosen option or scale point (one row per option chosen); null for text answers. */
    .addColumn('value', 'text')
    .addColumn('text', 'text')
    .addColumn('submitted_at', ms, (c) => c.notNull())
    .execute();
  // Per question and option in index order, so the percentage tables group without sorting.
  await db.schema
    .createIndex('survey_answers_question')
    .on('survey_answers')
    .columns(['workspace_id', 'survey_id', 'question_id', 'value', 'submitted_at', 'response_id'])
    .execute();
  await db.schema
    .createIndex('survey_answers_latest')
    .on('survey_answers')
    .columns(['workspace_id', 'survey_id', 'question_id', 'submitted_at'])
    .execute();
  await db.schema.createIndex('survey_answers_response').on('survey_answers').columns(['response_id']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('due_at', ms)
    /** open | done */
    .addColumn('status', 'text', (c) => c.notNull())
    /** What created it: survey_response, or null when a person did. */
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('done_at', ms)
    .addColumn('done_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('tasks_contact').on('tasks').columns(['workspace_id', 'contact_id', 'status']).execute();
  await db.schema
    .createIndex('tasks_assignee')
    .on('tasks')
    .columns(['workspace_id', 'assignee_id', 'status', 'due_at'])
    .execute();

  // One row per conversation, clustered by when it began (SQLite: without rowid), so a period of the dashboard is one
  // contiguous range read.
  let facts = db.schema
    .createTable('conversation_facts')
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) =>
      c.notNull().unique().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('assignee_id', 'text')
    /** Local (workspace time zone) day as YYYYMMDD, weekday 0 = Sunday, and hour, of the first message. */
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('local_weekday', 'integer', (c) => c.notNull())
    .addColumn('local_hour', 'integer', (c) => c.notNull())
    .addColumn('first_response_ms', ms)
    .addColumn('first_response_business_ms', ms)
    .addColumn('resolved_at', ms)
    .addColumn('resolved_day', 'integer')
    .addColumn('resolution_ms', ms)
    .addColumn('resolution_business_ms', ms)
    .addColumn('agent_replies', 'integer', (c) => c.notNull())
    .addColumn('customer_messages', 'integer', (c) => c.notNull())
    .addColumn('transfers', 'integer', (c) => c.notNull())
    .addColumn('reopens', 'integer', (c) => c.notNull())
    /** Reopened, or the same contact wrote again on any channel, within 7 days of the resolution. */
    .addColumn('returned_within_7d', 'integer', (c) => c.notNull())
    .addColumn('abandoned', 'integer', (c) => c.notNull())
    .addColumn('handle_ms', ms, (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('source_updated_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_facts_pk', ['workspace_id', 'created_at', 'conversation_id']);
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) facts = facts.modifyEnd(sql`without rowid`);
  await facts.execute();
  await db.schema
    .createIndex('conversation_facts_open')
    .on('conversation_facts')
    .columns(['workspace_id', 'open', 'created_at'])
    .execute();
  await db.schema
    .createIndex('conversation_facts_resolved')
    .on('conversation_facts')
    .columns(['workspace_id', 'resolved_day'])
    .execute();
  await db.schema
    .createIndex('conversation_facts_contact')
    .on('conversation_facts')
    .columns(['workspace_id', 'contact_id', 'resolved_at'])
    .execute();
  // New customers per month.
  await db.schema.createIndex('contacts_created').on('contacts').columns(['workspace_id', 'created_at']).execute();
  await db.schema
    .createIndex('conversations_updated')
    .on('conversations')
    .columns(['workspace_id', 'updated_at'])
    .execute();

  await db.schema
    .createTable('service_targets')
    .addColumn('workspace_id', 'text', workspace)
    /** first_response, resolution, instant_service, first_contact_resolution… */
    .addColumn('standard', 'text', (c) => c.notNull())
    /** '' for every channel. */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_targets_pk', ['workspace_id', 'standard', 'channel'])
    .execute();
  await db.schema
    .createTable('analytics_state')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    /** Conversations changed after this instant (less a margin) still need their facts brought up to date. */
    .addColumn('facts_through', ms, (c) => c.notNull())
    .addColumn('weekly_summary', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_summary_at', ms)
    .execute();
}
