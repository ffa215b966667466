// Public entry of @analytics-tracker/testkit: what the tests of every package share, once.

export { CHROMIUM_ARGS, findChromium } from './find-chromium.js';
export {
  DEFAULT_HEADERS,
  type FunctionUrlEventOptions,
  functionUrlEvent,
  type TestFunctionUrlEvent,
} from './function-url-event.js';
export { type EntryResult, type InvokeEntryOptions, invokeEntry } from './invoke-entry.js';
export {
  failingStore,
  type RecordedObject,
  type RecordingStore,
  recordingStore,
} from './recording-store.js';
export { seedBody } from './seed-body.js';
export {
  TEST_USER_AGENTS,
  TEST_VISITORS,
  type TestVisitor,
  visitorHeaders,
} from './test-visitors.js';
