/**
 * The script-tag build (`dist/tracker.global.js`): configured by the data attributes of its own tag,
 *
 *   <script defer src="tracker.global.js" data-endpoint="https://…" data-bucket="app1-analytics-prod"></script>
 *
 * with optional flags `data-hash-routing`, `data-allow-localhost`, `data-respect-dnt` and
 * `data-auto-page-views="false"`. The tracker is exposed as `window.analyticsTracker` for custom events.
 */
import { createTracker } from './create-tracker.js';
import type { Tracker } from './types.js';

declare global {
  interface Window {
    analyticsTracker?: Tracker;
  }
}

const data = document.currentScript?.dataset ?? {};
/** A flag attribute is on when present, unless it says "false". */
const flag = (name: string) => name in data && data[name] !== 'false';

window.analyticsTracker = createTracker({
  endpoint: data.endpoint ?? '',
  bucket: data.bucket ?? '',
  hashRouting: flag('hashRouting'),
  allowLocalhost: flag('allowLocalhost'),
  respectDoNotTrack: flag('respectDnt'),
  autoPageViews: data.autoPageViews !== 'false',
});
