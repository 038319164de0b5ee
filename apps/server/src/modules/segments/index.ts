// Segments: saved rules over contacts, with live counts.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { segmentCondition } from './rules.js';
export {
  assertAudience,
  audienceCondition,
  contactInSegment,
  createSegment,
  listSegments,
  loadDefinition,
} from './service.js';
