// Conversations of every channel: the inbox, messages and notes, assignment, merging, snoozing, search, and who may
// see which conversation.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { receiveAttachment } from './attachments.js';
export { touchDays, touchDaysOf } from './fact-days.js';
export { changedConversations, recordEvent } from './history.js';
export type { ConversationHistory } from './history.js';
export {
  announceIncoming,
  announceIncomingMany,
  receiveMessage,
  storeIncoming,
  storeNotice,
  updateDelivery,
} from './incoming.js';
export type { LatestConversation, Stored } from './incoming.js';
export {
  announceDelivery,
  announceOutgoing,
  markDeliveryFailed,
  pendingDelivery,
  replyToConversation,
  storeOutgoing,
} from './outgoing.js';
export {
  PREVIEW_LENGTH,
  conversationsOfContact,
  listMessagesForVisitor,
  loadConversation,
  loadMessage,
  publishMessage,
  stripVisitor,
  updateConversation,
} from './service.js';
export { quotedBySource } from './replies.js';
export type { Quoted } from './replies.js';
export { ACTIVE_GAP_MS, tallyMessage } from './tally.js';
export { conversationReaders, visibleConversationIds, visibleWhere } from './visibility.js';
