// What a workspace backup holds: every table of the workspace, parents before children (the order a restore inserts
// in), with the columns that point at user accounts. Tables left out say why. A test fails when a new table is in
// neither list, so a migration cannot add data that backups silently miss.
import type { DB } from '../../db/schema.js';

export interface BackupTable {
  name: keyof DB;
  /** Sort key for reading in pages. */
  key: string[];
  /** Columns holding a user id: those accounts travel with the backup. */
  userColumns?: string[];
}

export const backupTables: BackupTable[] = [
  { name: 'workspaces', key: ['id'] },
  { name: 'users', key: ['id'] },
  { name: 'memberships', key: ['user_id'], userColumns: ['user_id'] },
  { name: 'invitations', key: ['id'], userColumns: ['created_by', 'accepted_by'] },
  { name: 'api_tokens', key: ['id'], userColumns: ['created_by'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'inboxes', key: ['id'] },
  { name: 'email_mailboxes', key: ['inbox_id'] },
  { name: 'teams', key: ['id'], userColumns: ['lead_id'] },
  { name: 'team_members', key: ['team_id', 'user_id'], userColumns: ['user_id'] },
  { name: 'labels', key: ['id'] },
  { name: 'sla_policies', key: ['id'] },
  { name: 'holidays', key: ['date'] },
  { name: 'companies', key: ['id'], userColumns: ['owner_id'] },
  { name: 'contacts', key: ['id'], userColumns: ['owner_id'] },
  { name: 'contact_companies', key: ['contact_id', 'company_id'] },
  { name: 'contact_identities', key: ['id'] },
  { name: 'record_tags', key: ['entity', 'record_id', 'tag'] },
  { name: 'notes', key: ['id'], userColumns: ['author_id'] },
  { name: 'widget_visitors', key: ['id'] },
  { name: 'conversations', key: ['id'], userColumns: ['assignee_id'] },
  { name: 'messages', key: ['id'] },
  { name: 'quick_replies', key: ['id'], userColumns: ['created_by'] },
  { name: 'files', key: ['id'] },
  { name: 'conversation_events', key: ['id'] },
  { name: 'whatsapp_templates', key: ['id'] },
  { name: 'conversation_labels', key: ['conversation_id', 'label_id'] },
  { name: 'routing_rules', key: ['id'] },
  { name: 'segments', key: ['id'], userColumns: ['created_by'] },
  { name: 'custom_fields', key: ['id'] },
  { name: 'imports', key: ['id'], userColumns: ['created_by'] },
  { name: 'import_rejections', key: ['import_id', 'line'] },
  { name: 'personas', key: ['id'] },
  { name: 'privacy_notices', key: ['version'], userColumns: ['published_by'] },
  { name: 'consents', key: ['contact_id', 'purpose'] },
  { name: 'consent_records', key: ['id'], userColumns: ['recorded_by'] },
  { name: 'privacy_requests', key: ['id'], userColumns: ['created_by'] },
  { name: 'incident_categories', key: ['id'] },
  { name: 'problems', key: ['id'], userColumns: ['owner_id'] },
  { name: 'kb_categories', key: ['id'] },
  { name: 'articles', key: ['id'], userColumns: ['owner_id', 'updated_by'] },
  { name: 'incidents', key: ['id'], userColumns: ['assignee_id', 'created_by'] },
  { name: 'article_versions', key: ['article_id', 'version'], userColumns: ['changed_by'] },
  { name: 'article_feedback', key: ['id'] },
  { name: 'help_searches', key: ['id'] },
  { name: 'article_uses', key: ['id'], userColumns: ['user_id'] },
  { name: 'help_centers', key: ['workspace_id'] },
  { name: 'training_tracks', key: ['id'] },
  { name: 'training_items', key: ['id'] },
  { name: 'training_assignments', key: ['id'], userColumns: ['user_id', 'assigned_by'] },
  { name: 'training_attempts', key: ['id'] },
  { name: 'team_required_tracks', key: ['team_id', 'track_id'] },
  { name: 'surveys', key: ['id'] },
  { name: 'survey_versions', key: ['survey_id', 'version'] },
  { name: 'survey_invitations', key: ['id'], userColumns: ['agent_id'] },
  { name: 'survey_responses', key: ['id'], userColumns: ['agent_id'] },
  { name: 'survey_answers', key: ['response_id', 'question_id', 'value'] },
  { name: 'tasks', key: ['id'], userColumns: ['assignee_id', 'done_by'] },
  { name: 'service_targets', key: ['standard', 'channel'] },
  { name: 'pipelines', key: ['id'] },
  { name: 'pipeline_stages', key: ['id'] },
  { name: 'deals', key: ['id'], userColumns: ['owner_id'] },
  { name: 'lead_forms', key: ['id'] },
  { name: 'projects', key: ['id'], userColumns: ['owner_id'] },
  { name: 'project_tasks', key: ['id'], userColumns: ['assignee_id'] },
  { name: 'time_entries', key: ['id'], userColumns: ['user_id'] },
  { name: 'project_participants', key: ['id'], userColumns: ['user_id'] },
  { name: 'project_files', key: ['id'], userColumns: ['uploaded_by_user'] },
  { name: 'project_events', key: ['id'], userColumns: ['user_id'] },
  { name: 'project_conversations', key: ['project_id', 'conversation_id'] },
  { name: 'portals', key: ['workspace_id'] },
  { name: 'products', key: ['id'] },
  { name: 'quotes', key: ['id'], userColumns: ['created_by'] },
  { name: 'quote_lines', key: ['id'] },
  { name: 'sequences', key: ['id'] },
  { name: 'sequence_enrollments', key: ['id'], userColumns: ['owner_id'] },
  { name: 'followup_actions', key: ['id'] },
  { name: 'webhooks', key: ['id'] },
  { name: 'webhook_deliveries', key: ['id'] },
];

/** Not in a backup, and why. */
export const notBackedUp: Partial<Record<keyof DB, string>> = {
  sessions: 'sign-ins end with the server they were made on',
  password_resets: 'one-hour links',
  auth_throttle: 'login counters of the last minutes',
  jobs: 'queued work of the running server',
  agent_presence: 'who has the console open now',
  realtime_events: 'ten-minute relay of live events',
  conversation_facts: 'computed again from the conversations after a restore',
  analytics_state: 'how far the facts were computed; a restore starts again from zero',
  conversation_fact_days: 'pages of the facts, built again when read',
  portal_links: 'thirty-minute sign-in links of customers',
  portal_sessions: 'customers signed in to the portal sign in again by email',
};

/** Columns computed by the database (PostgreSQL's stored tsvector): never written. */
export const generatedColumns = new Set(['search_vector']);
