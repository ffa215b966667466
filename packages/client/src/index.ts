// Public entry of @analytics-tracker/client: the typed tracker for browsers and Node.

export { type ClientErrorCode, TrackerClientError } from './client-error.js';
export { createTracker, MAX_URL_LENGTH } from './create-tracker.js';
export { doNotTrack } from './do-not-track.js';
export { trackEngagement } from './engagement.js';
export { DOWNLOAD_EXTENSIONS, trackFileDownloads } from './file-downloads.js';
export { trackFormSubmissions } from './form-submissions.js';
export { trackNotFound } from './not-found.js';
export { trackOutboundLinks } from './outbound-links.js';
export { OPT_OUT_KEY, optIn, optOut } from './privacy.js';
export { spaNavigation } from './spa-navigation.js';
export type {
  AnyEvents,
  EventMap,
  InferEvents,
  JsonProps,
  NavigationWatcher,
  PropsArgs,
  Result,
  StandardSchemaLike,
  Tracker,
  TrackerEvent,
  TrackerOptions,
  TrackerStats,
} from './types.js';
