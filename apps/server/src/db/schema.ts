import type { Generated } from 'kysely';

// Table types of the database. Times are epoch milliseconds (UTC) in both dialects; booleans are 0/1 integers.
export interface WorkspacesTable {
  id: string;
  name: string;
  language: string;
  time_zone: string;
  business_hours: string;
  is_demo: number;
  /** ISO 3166 country: the default region of phone numbers. */
  country: Generated<string>;
  /** JSON list of the company's own site origins, which may frame its help center and lead forms. */
  websites: Generated<string>;
  /** Getting started (migration 0045): when the checklist was hidden, when the starter content was added. */
  getting_started_hidden_at: Generated<number | null>;
  starter_content_at: Generated<number | null>;
  created_at: number;
  updated_at: number;
}
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  language: string;
  created_at: number;
  updated_at: number;
}
export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
  /** available | away */
  availability: Generated<string>;
  /** JSON array of notice kinds also sent by email. */
  email_notifications: Generated<string>;
  /** all | teams | teams_and_customers: which conversations an agent or viewer sees. */
  conversation_access: Generated<string>;
  created_at: number;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}
export interface InvitationsTable {
  id: string;
  workspace_id: string;
  token_hash: string;
  role: string;
  email: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
}
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}
export interface TrustedDevicesTable {
  /** SHA-256 of the cookie's token. */
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
}
export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: number;
  locked_until: number;
}
export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  name: string;
  token_hash: string;
  role: string;
  created_by: string;
  /** The member whose conversation limits the token acts within; null: the workspace's, unlimited. */
  user_id: Generated<string | null>;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}
export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
  created_at: number;
}
export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  status: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_at: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}
export interface AgentPresenceTable {
  workspace_id: string;
  user_id: string;
  last_seen_at: number;
}
export interface InboxesTable {
  id: string;
  workspace_id: string;
  channel: string;
  name: string;
  website_token: string | null;
  settings: string;
  /** The channel's id of this inbox (WhatsApp phone number id), for routing what arrives. */
  external_id: Generated<string | null>;
  created_at: number;
}
export interface ContactsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Primary email and phone (E.164); all of them are in contact_identities. */
  email: string | null;
  phone: string | null;
  status: string | null;
  status_changed_at: number | null;
  left_at: number | null;
  left_reason: string | null;
  owner_id: string | null;
  whatsapp_id: string | null;
  website: string | null;
  language: string | null;
  source: string | null;
  /** JSON: street, city, state, postalCode, country. */
  address: string;
  /** JSON: the profile sections (transactional, psychographics, preferences, requirements). */
  profile: string;
  /** Accent-folded, lower-case text the full-text index reads. */
  search_text: string;
  /** Copy of profile.transactional.totalSpent, for segment rules. */
  total_spent: Generated<number | null>;
  /** JSON: custom field values by key. */
  custom: Generated<string>;
  /** Set while a cancellation (ARCO) is in its blocking step: hidden from agents and automations. */
  privacy_blocked_at: Generated<number | null>;
  /** When the blocked contact is erased for good, if scheduled. */
  privacy_erase_at: Generated<number | null>;
  created_at: number;
  updated_at: number;
  /** An address typed in a public form without proof, that belongs to another contact (see migration 0036). */
  unverified_email: string | null;
  /** When the person asked for no more automatic mail (see migration 0042). */
  mail_opt_out_at: Generated<number | null>;
}
export interface CompaniesTable {
  id: string;
  workspace_id: string;
  name: string;
  legal_name: string | null;
  tax_id: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  industry: string | null;
  employees: number | null;
  status: string;
  status_changed_at: number | null;
  left_at: number | null;
  left_reason: string | null;
  owner_id: string | null;
  source: string | null;
  address: string;
  /** JSON: the profile sections plus knowledge about their business. */
  profile: string;
  custom: Generated<string>;
  search_text: string;
  created_at: number;
  updated_at: number;
}
export interface ContactCompaniesTable {
  workspace_id: string;
  contact_id: string;
  company_id: string;
  role: string | null;
  created_at: number;
}
/** An address that bounced (see migration 0039). */
export interface EmailBouncesTable {
  workspace_id: string;
  address: string;
  severity: string;
  soft_count: number;
  status: string | null;
  reason: string;
  message_id: string | null;
  bounced_at: number;
}
/** Mail an inbox read and did not store, kept whole for an admin (see migration 0039). */
export interface EmailSkippedTable {
  id: string;
  workspace_id: string;
  inbox_id: string;
  reason: string;
  sender: string | null;
  subject: string;
  message_id: string | null;
  size: number;
  raw: Uint8Array | null;
  received_at: number;
}
/** A saved column mapping of imports (see migration 0041). */
export interface ImportMappingsTable {
  id: string;
  workspace_id: string;
  name: string;
  columns: string;
  columns_key: string;
  mapping: string;
  created_at: number;
}
/** A one-click unsubscribe link of an automatic mail (see migration 0042). */
export interface NoticesTable {
  id: string;
  workspace_id: string;
  user_id: string;
  kind: string;
  conversation_id: string | null;
  contact_id: string | null;
  contact_name: string;
  by_name: string | null;
  excerpt: string;
  created_at: number;
  read_at: number | null;
}
export interface UnsubscribeLinksTable {
  token_hash: string;
  workspace_id: string;
  contact_id: string;
  created_at: number;
}
export interface ContactIdentitiesTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  kind: string;
  value: string;
  label: string | null;
  position: number;
}
export interface RecordTagsTable {
  workspace_id: string;
  entity: string;
  record_id: string;
  tag: string;
}
export interface NotesTable {
  id: string;
  workspace_id: string;
  subject_type: string;
  subject_id: string;
  author_id: string | null;
  body: string;
  mentions: string;
  created_at: number;
  updated_at: number;
}
export interface EmailMailboxesTable {
  inbox_id: string;
  workspace_id: string;
  uid_validity: string | null;
  last_uid: Generated<number>;
  last_checked_at: number | null;
  last_error: string | null;
}
export interface WidgetVisitorsTable {
  id: string;
  workspace_id: string;
  inbox_id: string;
  contact_id: string;
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  /** Last time the visitor had the conversation mailed to them (one transcript every few minutes at most). */
  transcript_sent_at: Generated<number | null>;
}
export interface ConversationsTable {
  id: string;
  workspace_id: string;
  inbox_id: string;
  contact_id: string;
  channel: string;
  /** The website visitor who started it (web chat only): only they see it in the widget. */
  visitor_id: string | null;
  status: string;
  assignee_id: string | null;
  last_message_at: number;
  last_message_preview: string;
  waiting_since: number | null;
  first_response_at: number | null;
  resolved_at: number | null;
  /** low | normal | high | urgent */
  priority: Generated<string>;
  snoozed_until: Generated<number | null>;
  /** The customer's last message: WhatsApp's 24-hour customer-service window counts from here. */
  last_incoming_at: Generated<number | null>;
  reopened_at: Generated<number | null>;
  team_id: Generated<string | null>;
  sla_policy_id: Generated<string | null>;
  first_response_due_at: Generated<number | null>;
  next_response_due_at: Generated<number | null>;
  resolution_due_at: Generated<number | null>;
  first_response_breached_at: Generated<number | null>;
  next_response_breached_at: Generated<number | null>;
  resolution_breached_at: Generated<number | null>;
  /** Email threads: the subject of the first message. */
  subject: Generated<string | null>;
  /** The customer left (closed the website chat) while waiting for an answer. */
  abandoned_at: Generated<number | null>;
  /** The running tally of its messages (see conversations/tally.ts): customer messages, public answers of the team… */
  tally_customer_messages: Generated<number>;
  tally_agent_replies: Generated<number>;
  /** …the team's active time (each message's time since the one before it, capped; a logged call's duration)… */
  tally_handle_ms: Generated<number>;
  /** …the latest message's time… */
  tally_last_at: Generated<number | null>;
  /** …a number that moves with every message written or moved, so a recount knows nothing came in meanwhile… */
  tally_version: Generated<number>;
  /** …and 1 while it cannot be trusted (messages out of time order, a merge, rows written without it): counted again. */
  tally_stale: Generated<number>;
  created_at: number;
  updated_at: number;
  /** JSON: the click-to-WhatsApp ad or post the conversation started from (see migration 0040). */
  referral: Generated<string | null>;
  referral_source_id: Generated<string | null>;
}
export interface MessagesTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  inbox_id: string;
  direction: string;
  sender_type: string;
  sender_id: string | null;
  sender_name: string | null;
  body: string;
  is_private: number;
  source_id: string | null;
  /** text, image, document, audio, video, sticker, location, interactive, template, call, visit */
  kind: Generated<string>;
  /** Outgoing messages on channels that report it: pending, sent, delivered, read, failed. */
  delivery_status: Generated<string | null>;
  delivery_error: Generated<string | null>;
  /** JSON: what the kind needs (location, call duration, template and its parameters, the channel's timestamp). */
  metadata: Generated<string>;
  created_at: number;
}
export interface FilesTable {
  id: string;
  workspace_id: string;
  message_id: string | null;
  name: string;
  content_type: string;
  size: number;
  sha256: string | null;
  status: string;
  /** The channel's handle for fetching it (WhatsApp media id). */
  source_ref: string | null;
  data: Uint8Array | null;
  /** Kept with a quick reply rather than a message. */
  quick_reply_id: Generated<string | null>;
  article_id: string | null;
  created_at: number;
  /** 'original': the whole email as it arrived, kept beside its message, not an attachment (migration 0043). */
  role: Generated<string | null>;
}
export interface ConversationEventsTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  /** created, assigned, status_changed, responded, reopened, snoozed, message_failed… */
  type: string;
  actor_type: string;
  actor_id: string | null;
  data: string;
  created_at: number;
}
export interface WhatsappTemplatesTable {
  id: string;
  workspace_id: string;
  inbox_id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  parameters: number;
  status: string;
  created_at: number;
}

export interface RealtimeEventsTable {
  id: string;
  payload: string;
  created_at: number;
}

export interface SegmentsTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  /** JSON: { match, rules } as in the contract's SegmentDefinition. */
  definition: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ImportsTable {
  id: string;
  workspace_id: string;
  file_name: string;
  format: string;
  content: string;
  /** JSON ImportOptions once chosen. */
  options: string | null;
  source: string | null;
  status: string;
  total: number;
  processed: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  error: string | null;
  created_by: string | null;
  created_at: number;
  finished_at: number | null;
}
export interface ImportRejectionsTable {
  workspace_id: string;
  import_id: string;
  line: number;
  reason: string;
  raw: string;
}

export interface CustomFieldsTable {
  id: string;
  workspace_id: string;
  entity: string;
  key: string;
  label: string;
  type: string;
  options: string;
  position: number;
  created_at: number;
}

export interface PersonasTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  /** JSON PersonaCriteria. */
  criteria: string;
  created_at: number;
  updated_at: number;
}

export interface PrivacyNoticesTable {
  workspace_id: string;
  version: number;
  body: string;
  /** JSON: [{ key, name, kind: primary | secondary }]. */
  purposes: string;
  published_by: string | null;
  published_at: number;
}
export interface ConsentsTable {
  workspace_id: string;
  contact_id: string;
  purpose: string;
  decision: string;
  updated_at: number;
}
export interface ConsentRecordsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  purpose: string;
  decision: string;
  channel: string;
  notice_version: number | null;
  evidence: string | null;
  recorded_by: string | null;
  recorded_at: number;
}
export interface PrivacyRequestsTable {
  id: string;
  workspace_id: string;
  contact_id: string | null;
  kind: string;
  requester_name: string;
  requester_email: string | null;
  channel: string;
  details: string;
  status: string;
  response: string | null;
  received_at: number;
  due_at: number;
  answered_at: number | null;
  effective_due_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface LabelsTable {
  id: string;
  workspace_id: string;
  name: string;
  color: string;
  created_at: number;
}
export interface ConversationLabelsTable {
  workspace_id: string;
  conversation_id: string;
  label_id: string;
}
export interface QuickRepliesTable {
  id: string;
  workspace_id: string;
  shortcut: string;
  title: string;
  body: string;
  language: string | null;
  channels: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface TeamsTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  lead_id: string | null;
  auto_assign: number;
  /** JSON BusinessHours, or null to follow the workspace's. */
  business_hours: Generated<string | null>;
  created_at: number;
}
export interface TeamMembersTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
  capacity: number;
  last_assigned_at: number | null;
}
export interface RoutingRulesTable {
  id: string;
  workspace_id: string;
  position: number;
  name: string;
  conditions: string;
  team_id: string;
  priority: string | null;
  enabled: number;
  created_at: number;
}

export interface SlaPoliciesTable {
  id: string;
  workspace_id: string;
  position: number;
  name: string;
  conditions: string;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: number;
  enabled: number;
  created_at: number;
}

export interface HolidaysTable {
  workspace_id: string;
  /** YYYY-MM-DD in the workspace's time zone. */
  date: string;
  name: string;
}

export interface IncidentCategoriesTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  created_at: number;
}
export interface ProblemsTable {
  id: string;
  workspace_id: string;
  number: number;
  title: string;
  description: string;
  status: string;
  owner_id: string | null;
  corrective_action: string;
  verification: string;
  escalation_status: string;
  escalation_reference: string | null;
  solved_at: number | null;
  customers_notified_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface IncidentsTable {
  id: string;
  workspace_id: string;
  number: number;
  contact_id: string | null;
  company_id: string | null;
  conversation_id: string | null;
  reported_at: number;
  channel: string;
  customer_words: string;
  summary: string;
  area: string;
  category_id: string | null;
  severity: string;
  root_cause: string;
  root_cause_notes: string;
  attitude_before: number | null;
  attitude_before_notes: string;
  attitude_after: number | null;
  attitude_after_notes: string;
  assignee_id: string | null;
  steps: string;
  article_id: string | null;
  problem_id: string | null;
  status: string;
  resolved_at: number | null;
  resolution_ms: number | null;
  resolution_business_ms: number | null;
  time_spent_minutes: number;
  search_text: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface KbCategoriesTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  position: number;
  created_at: number;
}
export interface ArticlesTable {
  id: string;
  workspace_id: string;
  translation_group: string;
  kind: string;
  language: string;
  title: string;
  slug: string;
  summary: string;
  body: string;
  visibility: string;
  status: string;
  category_id: string | null;
  owner_id: string | null;
  review_on: string | null;
  version: number;
  diagrams: string;
  uses: number;
  views: number;
  helpful_yes: number;
  helpful_no: number;
  search_text: string;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface ArticleVersionsTable {
  id: string;
  workspace_id: string;
  article_id: string;
  version: number;
  title: string;
  summary: string;
  body: string;
  note: string;
  changed_by: string | null;
  changed_at: number;
}
export interface ArticleFeedbackTable {
  id: string;
  workspace_id: string;
  article_id: string;
  helpful: number;
  comment: string;
  created_at: number;
}
export interface HelpSearchesTable {
  id: string;
  workspace_id: string;
  query: string;
  language: string;
  results: number;
  source: string;
  created_at: number;
}
export interface ArticleUsesTable {
  id: string;
  workspace_id: string;
  article_id: string;
  conversation_id: string | null;
  user_id: string | null;
  kind: string;
  created_at: number;
}
export interface HelpCentersTable {
  workspace_id: string;
  slug: string;
  enabled: number;
  title: string;
  updated_at: number;
}

export interface TrainingTracksTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  pass_mark: number;
  created_at: number;
  updated_at: number;
}
export interface TrainingItemsTable {
  id: string;
  workspace_id: string;
  track_id: string;
  position: number;
  kind: string;
  article_id: string | null;
  question: string;
  choices: string;
  multiple: number;
}
export interface TrainingAssignmentsTable {
  id: string;
  workspace_id: string;
  track_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: number;
  due_on: string | null;
  read_article_ids: string;
  attempts: number;
  best_score: number | null;
  passed_at: number | null;
  last_activity_at: number | null;
}
export interface TrainingAttemptsTable {
  id: string;
  workspace_id: string;
  assignment_id: string;
  answers: string;
  score: number;
  passed: number;
  created_at: number;
}
export interface TeamRequiredTracksTable {
  team_id: string;
  track_id: string;
  workspace_id: string;
}

export interface SurveysTable {
  id: string;
  workspace_id: string;
  name: string;
  template: string | null;
  status: string;
  anonymous: number;
  version: number;
  public_token: string;
  after_resolution: number;
  delay_minutes: number;
  frequency_days: number;
  invitation_days: number;
  follow_up: string;
  whatsapp_template_id: string | null;
  created_at: number;
  updated_at: number;
}
export interface SurveyVersionsTable {
  survey_id: string;
  workspace_id: string;
  version: number;
  definition: string;
  created_at: number;
}
export interface SurveyInvitationsTable {
  id: string;
  workspace_id: string;
  survey_id: string;
  token_hash: string;
  contact_id: string | null;
  conversation_id: string | null;
  channel: string;
  agent_id: string | null;
  team_id: string | null;
  language: string;
  status: string;
  send_at: number;
  sent_at: number | null;
  expires_at: number;
  answered_at: number | null;
  error: string | null;
  created_at: number;
}
export interface SurveyResponsesTable {
  id: string;
  workspace_id: string;
  survey_id: string;
  version: number;
  invitation_id: string | null;
  contact_id: string | null;
  conversation_id: string | null;
  channel: string;
  agent_id: string | null;
  team_id: string | null;
  language: string;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  detractor: number;
  submitted_at: number;
}
export interface SurveyAnswersTable {
  workspace_id: string;
  response_id: string;
  survey_id: string;
  question_id: string;
  value: string | null;
  text: string | null;
  submitted_at: number;
}
export interface TasksTable {
  id: string;
  workspace_id: string;
  contact_id: string | null;
  assignee_id: string | null;
  title: string;
  body: string;
  due_at: number | null;
  status: string;
  source_type: string | null;
  source_id: string | null;
  created_at: number;
  done_at: number | null;
  done_by: string | null;
  deal_id: string | null;
  kind: Generated<string>;
  /** When its assignee was told it is due (null: not yet, or the date moved since). */
  reminded_at: Generated<number | null>;
}
export interface ConversationFactsTable {
  conversation_id: string;
  workspace_id: string;
  contact_id: string;
  channel: string;
  team_id: string | null;
  assignee_id: string | null;
  created_at: number;
  local_day: number;
  local_weekday: number;
  local_hour: number;
  first_response_ms: number | null;
  first_response_business_ms: number | null;
  resolved_at: number | null;
  resolved_day: number | null;
  resolution_ms: number | null;
  resolution_business_ms: number | null;
  agent_replies: number;
  customer_messages: number;
  transfers: number;
  reopens: number;
  returned_within_7d: number;
  abandoned: number;
  handle_ms: number;
  open: number;
  source_updated_at: number;
}
export interface ServiceTargetsTable {
  workspace_id: string;
  standard: string;
  channel: string;
  target: number;
}
export interface AnalyticsStateTable {
  workspace_id: string;
  facts_through: number;
  weekly_summary: number;
  last_summary_at: number | null;
}

export interface ConversationFactDaysTable {
  workspace_id: string;
  local_day: number;
  version: Generated<number>;
  built_version: number | null;
  built_token: string | null;
  page: string | null;
}

export interface PipelinesTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  created_at: number;
}
export interface PipelineStagesTable {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  name: string;
  kind: string;
  probability: number;
  position: number;
}
export interface DealsTable {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  stage_id: string;
  title: string;
  status: string;
  value_cents: number;
  currency: string;
  tax_rate: number;
  probability: number | null;
  contact_id: string | null;
  company_id: string | null;
  owner_id: string | null;
  expected_close_date: string | null;
  source: string;
  source_detail: string | null;
  lost_reason: string | null;
  notes: Generated<string>;
  position: number;
  reached_position: Generated<number>;
  won_at: number | null;
  lost_at: number | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface LeadFormsTable {
  id: string;
  workspace_id: string;
  name: string;
  public_token: string;
  pipeline_id: string;
  enabled: Generated<number>;
  submissions: Generated<number>;
  created_at: number;
}

export interface ProjectsTable {
  id: string;
  workspace_id: string;
  number: number;
  kind: string;
  title: string;
  status: string;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  owner_id: string | null;
  requirements: Generated<string>;
  description: Generated<string>;
  value_cents: Generated<number>;
  currency: string;
  start_date: string | null;
  due_date: string | null;
  version: Generated<number>;
  delivered_at: number | null;
  invoiced_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface ProjectTasksTable {
  id: string;
  workspace_id: string;
  project_id: string;
  title: string;
  assignee_id: string | null;
  status: string;
  estimate_minutes: number | null;
  start_date: string | null;
  working_days: number | null;
  due_date: string | null;
  position: number;
  done_at: number | null;
  created_at: number;
}
export interface TimeEntriesTable {
  id: string;
  workspace_id: string;
  project_id: string;
  task_id: string | null;
  user_id: string;
  started_at: number;
  ended_at: number | null;
  end_kind: string | null;
  pause_reason: string | null;
  note: Generated<string>;
  created_at: number;
}
export interface ProjectParticipantsTable {
  id: string;
  workspace_id: string;
  project_id: string;
  user_id: string | null;
  contact_id: string | null;
  role: string;
  created_at: number;
}
export interface ProjectFilesTable {
  id: string;
  workspace_id: string;
  project_id: string;
  document_id: string;
  version: number;
  file_id: string;
  note: Generated<string>;
  uploaded_by_user: string | null;
  uploaded_by_contact: string | null;
  created_at: number;
}
export interface ProjectEventsTable {
  id: string;
  workspace_id: string;
  project_id: string;
  at: number;
  kind: string;
  user_id: string | null;
  contact_id: string | null;
  body: Generated<string>;
  data: Generated<string>;
  public: Generated<number>;
}
export interface ProjectConversationsTable {
  workspace_id: string;
  project_id: string;
  conversation_id: string;
  linked_at: number;
}

export interface PortalsTable {
  workspace_id: string;
  slug: string;
  enabled: Generated<number>;
  created_at: number;
}
export interface PortalLinksTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}
export interface PortalSessionsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  created_at: number;
  expires_at: number;
}

export interface ProductsTable {
  id: string;
  workspace_id: string;
  sku: string | null;
  name: string;
  description: Generated<string>;
  kind: string;
  unit: string;
  price_cents: number;
  currency: string;
  tax_rate: number;
  active: Generated<number>;
  created_at: number;
  updated_at: number;
}
export interface QuotesTable {
  id: string;
  workspace_id: string;
  number: number;
  deal_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  title: string;
  status: string;
  currency: string;
  valid_until: string;
  terms: Generated<string>;
  subtotal_cents: Generated<number>;
  discount_cents: Generated<number>;
  tax_cents: Generated<number>;
  total_cents: Generated<number>;
  token_hash: string | null;
  sent_at: number | null;
  accepted_at: number | null;
  accepted_by: string | null;
  declined_at: number | null;
  decline_reason: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}
export interface QuoteLinesTable {
  id: string;
  workspace_id: string;
  quote_id: string;
  position: number;
  product_id: string | null;
  description: string;
  quantity: number;
  unit: string;
  unit_price_cents: number;
  discount_percent: Generated<number>;
  tax_rate: number;
}

export interface SequencesTable {
  id: string;
  workspace_id: string;
  name: string;
  trigger: string;
  enabled: Generated<number>;
  steps: string;
  created_at: number;
  updated_at: number;
}
export interface SequenceEnrollmentsTable {
  id: string;
  workspace_id: string;
  sequence_id: string;
  contact_id: string;
  source_type: string;
  source_id: string;
  owner_id: string | null;
  status: string;
  started_at: number;
  ended_at: number | null;
}
export interface FollowupActionsTable {
  id: string;
  workspace_id: string;
  enrollment_id: string;
  step_id: string;
  position: number;
  due_at: number;
  status: string;
  locked_at: number | null;
  done_at: number | null;
  result: string | null;
}

export interface WebhooksTable {
  id: string;
  workspace_id: string;
  url: string;
  description: Generated<string>;
  secret: string;
  events: string;
  enabled: Generated<number>;
  created_at: number;
  updated_at: number;
}
export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  webhook_id: string;
  event: string;
  payload: string;
  status: string;
  attempts: Generated<number>;
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: number;
  last_attempt_at: number | null;
  delivered_at: number | null;
}

export interface SubscriptionsTable {
  id: string;
  workspace_id: string;
  contact_id: string;
  company_id: string | null;
  owner_id: string | null;
  deal_id: string | null;
  plan: string;
  price_cents: number;
  currency: string;
  interval: string;
  started_on: string;
  renews_on: string;
  remind_days_before: number;
  status: string;
  ended_on: string | null;
  end_reason: string | null;
  reminder_task_id: string | null;
  notes: string;
  version: number;
  created_at: number;
  updated_at: number;
}
export interface SubscriptionEventsTable {
  id: string;
  workspace_id: string;
  subscription_id: string;
  kind: string;
  period_end: string | null;
  renews_on: string | null;
  price_cents: number | null;
  plan: string | null;
  reason: string | null;
  by_user_id: string | null;
  created_at: number;
}
export interface UsageReadingsTable {
  workspace_id: string;
  contact_id: string;
  day: string;
  quantity: number;
  updated_at: number;
}
export interface AutomationRulesTable {
  id: string;
  workspace_id: string;
  name: string;
  event: string;
  conditions: string;
  actions: string;
  enabled: number;
  position: number;
  runs: number;
  last_run_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface AutomationRunsTable {
  id: string;
  workspace_id: string;
  rule_id: string;
  event: string;
  subject_type: string;
  subject_id: string;
  status: string;
  outcome: string;
  created_at: number;
}

export interface PeriodicTasksTable {
  name: string;
  next_at: number;
}

export interface DB {
  periodic_tasks: PeriodicTasksTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  auth_throttle: AuthThrottleTable;
  trusted_devices: TrustedDevicesTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  agent_presence: AgentPresenceTable;
  inboxes: InboxesTable;
  email_mailboxes: EmailMailboxesTable;
  contacts: ContactsTable;
  widget_visitors: WidgetVisitorsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  realtime_events: RealtimeEventsTable;
  companies: CompaniesTable;
  contact_companies: ContactCompaniesTable;
  contact_identities: ContactIdentitiesTable;
  email_bounces: EmailBouncesTable;
  email_skipped: EmailSkippedTable;
  import_mappings: ImportMappingsTable;
  unsubscribe_links: UnsubscribeLinksTable;
  notices: NoticesTable;
  record_tags: RecordTagsTable;
  notes: NotesTable;
  segments: SegmentsTable;
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
  custom_fields: CustomFieldsTable;
  personas: PersonasTable;
  privacy_notices: PrivacyNoticesTable;
  consents: ConsentsTable;
  consent_records: ConsentRecordsTable;
  privacy_requests: PrivacyRequestsTable;
  files: FilesTable;
  conversation_events: ConversationEventsTable;
  whatsapp_templates: WhatsappTemplatesTable;
  labels: LabelsTable;
  conversation_labels: ConversationLabelsTable;
  quick_replies: QuickRepliesTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  routing_rules: RoutingRulesTable;
  sla_policies: SlaPoliciesTable;
  holidays: HolidaysTable;
  incident_categories: IncidentCategoriesTable;
  problems: ProblemsTable;
  incidents: IncidentsTable;
  kb_categories: KbCategoriesTable;
  articles: ArticlesTable;
  article_versions: ArticleVersionsTable;
  article_feedback: ArticleFeedbackTable;
  help_searches: HelpSearchesTable;
  article_uses: ArticleUsesTable;
  help_centers: HelpCentersTable;
  training_tracks: TrainingTracksTable;
  training_items: TrainingItemsTable;
  training_assignments: TrainingAssignmentsTable;
  training_attempts: TrainingAttemptsTable;
  team_required_tracks: TeamRequiredTracksTable;
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  survey_invitations: SurveyInvitationsTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  tasks: TasksTable;
  conversation_facts: ConversationFactsTable;
  service_targets: ServiceTargetsTable;
  analytics_state: AnalyticsStateTable;
  conversation_fact_days: ConversationFactDaysTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  deals: DealsTable;
  lead_forms: LeadFormsTable;
  projects: ProjectsTable;
  project_tasks: ProjectTasksTable;
  time_entries: TimeEntriesTable;
  project_participants: ProjectParticipantsTable;
  project_files: ProjectFilesTable;
  project_events: ProjectEventsTable;
  project_conversations: ProjectConversationsTable;
  portals: PortalsTable;
  portal_links: PortalLinksTable;
  portal_sessions: PortalSessionsTable;
  products: ProductsTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  sequences: SequencesTable;
  sequence_enrollments: SequenceEnrollmentsTable;
  followup_actions: FollowupActionsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  subscriptions: SubscriptionsTable;
  subscription_events: SubscriptionEventsTable;
  usage_readings: UsageReadingsTable;
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
}
