// Public entry of @analytics-tracker/client: the typed tracker for browsers and Node.
export { createTracker } from './create-tracker.js';
export { OPT_OUT_KEY, optIn, optOut } from './privacy.js';
export { TrackerError, type TrackerErrorCode } from './tracker-error.js';
export type {
  AnyEvents,
  EventMap,
  InferEvents,
  PropsArgs,
  Result,
  StandardSchemaLike,
  Tracker,
  TrackerEvent,
  TrackerOptions,
} from './types.js';
