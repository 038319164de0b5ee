export * from './common.js';
export * from './errors.js';
export * from './auth.js';
export * from './workspace.js';
export * from './conversations.js';
export * from './widget.js';
export * from './customers.js';
export * from './segments.js';
