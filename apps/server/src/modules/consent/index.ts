// Consent: the workspace's privacy notice, its versions, and what each contact agreed to or opted out of, per purpose.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export {
  consentHistory,
  currentNotice,
  noticeRow,
  noticeVersions,
  publishNotice,
  toConsentRecord,
  writeConsent,
} from './service.js';
