// Channels: the inboxes of every channel; what others use is WhatsApp's sending (follow-ups and surveys write there).
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { GraphError, sendMessage } from './whatsapp/graph.js';
export { planWhatsappMessage } from './whatsapp/outbound.js';
export { inboxSettings } from './whatsapp/settings.js';
