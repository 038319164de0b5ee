// The sales pipeline: pipelines, deals and their activities, and the web forms that bring leads.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { createDeal, dealsOfContact, listPipelines, moveDeal, openLeads, winDealFromQuote } from './service.js';
