// The fake Cursor server: tests and `thalamus serve --demo` start it through this module.
export { startFakeCursor } from './server.js';
export { demoScript } from './demo-script.js';
export { defaultModels } from './models.js';
export { interactionVerdict, UNKNOWN_QUERY_ARM } from './interaction-queries.js';
export type * from './types.js';
