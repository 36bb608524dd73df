// The fake Cursor server: tests and `thalamus serve --demo` start it through this module.
export { startFakeCursor } from './server.js';
export { demoScript } from './demo-script.js';
export { checkpointTurn, historyOf, type FakeHistory, type FakeTurn, type ServerBlobs } from './conversation-state.js';
export { interactionVerdict, UNKNOWN_QUERY_ARM } from './interaction-queries.js';
export { FakeAccount, defaultAccountState, REAL_REPLAY_BOUNDS } from './account.js';
export type { FakeAccountState, FakeModelSpec, FakePool } from './account.js';
export type * from './types.js';
export type { Fault } from './faults.js';
export type { DashboardScript, DashboardShape } from './dashboard.js';
