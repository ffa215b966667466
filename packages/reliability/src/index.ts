// Public entry of @analytics-tracker/reliability: the helpers its tests share.
export { type CaptureObserver, captureObserver } from './capture-observer.js';
export { TEST_BUCKET, testEvent } from './events.js';
export {
  type FaultKind,
  type FaultStats,
  type FlakyStoreOptions,
  flakyStore,
  newFaultStats,
} from './flaky-store.js';
export { type HostileRequest, hostileRequest } from './hostile-arbitraries.js';
export { isAllowedKey, isAllowedTestBucket, leakedIps, prototypeSnapshot } from './invariants.js';
export { runPool } from './pool.js';
export { type RetryOptions, type SendOutcome, sendWithRetry } from './send-with-retry.js';
export { startTempOffline, type TempOffline } from './temp-offline.js';
