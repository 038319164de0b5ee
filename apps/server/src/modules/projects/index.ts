// Projects and work orders: tasks, time, files, participants and their timeline.
// What other modules may use of this one: they import from here only, and only downward (scripts/check-imports.mjs);
// the rest of the folder is the module's own.
export { addDocumentVersion, listDocuments } from './documents.js';
export { localToday } from './schedule.js';
export {
  addComment,
  addProjectTask,
  createProject,
  projectFigures,
  projectsOfContact,
  recordEvent,
  referenceOf,
  touchProject,
  updateProject,
  updateProjectTask,
} from './service.js';
export { logTime } from './time.js';
export { projectTimeline } from './timeline.js';
