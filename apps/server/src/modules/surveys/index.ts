// Surveys (CSAT, NPS, CES, questionnaires): building, sending, answer pages and results.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { scoreSelections, scoresOf } from './results.js';
export {
  createFromTemplate,
  pendingInvitationsOf,
  reissueInvitationLink,
  sendSurvey,
  submitAnswers,
  surveyAnswersOfContact,
  updateSurvey,
} from './service.js';
export type { AnswerTarget, RawAnswers } from './service.js';
