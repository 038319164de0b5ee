// The catalogue of products and services, and quotes the customer answers online.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { quotePage } from './pages.js';
export { quotePdf } from './pdf.js';
export { answerFromForm, sendPdf } from './replies.js';
export {
  answerContactQuote,
  answerQuote,
  contactQuote,
  createProduct,
  createQuote,
  quotesOfContact,
  sendQuote,
} from './service.js';
