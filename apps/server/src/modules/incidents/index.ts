// Incidents and problems: root causes, steps, recurring problems and their analysis.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { significantWords } from './analysis.js';
export { createProblem, updateProblem } from './problems.js';
export { createIncident, eraseIncidentsOf, incidentsOfContact, updateIncident } from './service.js';
