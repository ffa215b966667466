// Public entry of @analytics-tracker/client: the typed tracker for browsers and Node.

export { type ClientErrorCode, TrackerClientError } from './client-error.js';
export { createTracker, MAX_URL_LENGTH } from './create-tracker.js';
export { OPT_OUT_KEY, optIn, optOut } from './privacy.js';
export type {
  AnyEvents,
  EventMap,
  InferEvents,
  JsonProps,
  PropsArgs,
  Result,
  StandardSchemaLike,
  Tracker,
  TrackerEvent,
  TrackerOptions,
  TrackerStats,
} from './types.js';
