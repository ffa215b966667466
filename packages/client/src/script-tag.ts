/**
 * The script-tag builds (`dist/tracker.global.js`, and `dist/tracker.spa.global.js` with `spaNavigation`):
 * configured by the data attributes of their own tag,
 *
 *   <script defer src="tracker.global.js" data-endpoint="https://…" data-bucket="app1-analytics-prod"></script>
 *
 * with optional flags (on when present) `data-hash-routing`, `data-allow-localhost`, `data-respect-dnt`,
 * and `data-auto-page-views="false"` to send page views yourself. The tracker is exposed as
 * `window.analyticsTracker` for custom events. Calls made before the script loaded, through the README's
 * snippet (a stub whose methods push `[method, arguments]` onto its `q`), are replayed in order.
 */
import { createTracker } from './create-tracker.js';
import { doNotTrack } from './do-not-track.js';
import type { Tracker, TrackerOptions } from './types.js';

declare global {
  interface Window {
    analyticsTracker?: Tracker;
  }
}

/** The snippet's stub: calls queued before the script ran. */
type Stub = { q?: [string, unknown[]][] };

/**
 * Starts the tracker of the script tag that is running (each build's entry calls it once), with the
 * options of its data attributes and the build's own `modules` (such as `navigation`).
 *
 * @example
 * startScriptTag({ navigation: spaNavigation }); // dist/tracker.spa.global.js
 */
export function startScriptTag(modules?: Partial<TrackerOptions>): void {
  // A classic script always has `currentScript` while it runs.
  const data = (document.currentScript as HTMLScriptElement).dataset;
  const stub = window.analyticsTracker as Stub | undefined;
  const tracker = createTracker({
    ...modules,
    // Both required: without them nothing is stored (the queue and stats() show what waits).
    endpoint: data.endpoint as string,
    bucket: data.bucket as string,
    hashRouting: 'hashRouting' in data,
    allowLocalhost: 'allowLocalhost' in data,
    respectDoNotTrack: 'respectDnt' in data ? doNotTrack : undefined,
    autoPageViews: data.autoPageViews !== 'false',
  });
  window.analyticsTracker = tracker;
  for (const [method, args] of stub?.q ?? []) {
    (tracker as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>)[method]?.(...args);
  }
}
