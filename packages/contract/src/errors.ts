// Stable error codes of the API, with their HTTP status. Human messages live in the i18n catalogues under errors.<code>.
export const errorStatus = {
  validation_failed: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  route_not_found: 404,
  email_taken: 409,
  already_member: 409,
  setup_closed: 409,
  last_owner: 409,
  demo_unavailable: 403,
  token_invalid: 400,
  too_many_attempts: 429,
  privacy_notice_missing: 409,
  privacy_not_blocked: 409,
  contact_blocked: 409,
  file_too_large: 413,
  invalid_signature: 401,
  invalid_webhook: 400,
  whatsapp_window_closed: 409,
  channel_not_configured: 409,
  category_in_use: 409,
  problem_not_solved: 409,
  survey_answered: 409,
  survey_expired: 410,
  survey_closed: 409,
  edit_conflict: 409,
  stage_in_use: 409,
  timer_not_running: 409,
  file_rejected: 400,
  status_change_refused: 409,
  quote_closed: 409,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Field-level problems for validation_failed: path (dot-joined) and a message. */
    fields?: { path: string; message: string }[];
  };
}
