export { errorMessages, fieldMessages } from './errors.js';
export { widgetMessages, type WidgetMessageKey } from './widget.js';
export { hoursWords, weekdayNames } from './hours.js';
export { consoleMessages } from './console.js';
export { noticeTemplate } from './privacy.js';
export { mailMessages } from './mail.js';
export { rootCauseNames } from './incidents.js';
export { articleTemplates } from './knowledge.js';
export { surveyMessages } from './surveys.js';
