// Contacts (people): profile, identities, tags, timeline, duplicates and export.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { bulkInsertContacts } from './bulk.js';
export { nameKey } from './duplicates.js';
export { bounceStates, clearBounce, mailable, mailingWayOut, optedOut, recordBounce } from './deliverability.js';
export type { BounceState } from './deliverability.js';
export { normalizePhone } from './phones.js';
export {
  contactByIdentity,
  contactForTypedEmail,
  eraseContactRecord,
  findOrCreateContactByEmail,
  getContact,
  hideContactFromChannels,
  identitiesOf,
  insertContact,
  mergeProfile,
  newContactsPerDay,
  patchContact,
  refreshContactSearch,
  setTags,
  splitCursor,
  workspaceCountry,
} from './service.js';
export { timeline } from './timeline.js';
