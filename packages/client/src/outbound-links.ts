import { watchLinkClicks } from './link-clicks.js';
import type { Tracker } from './types.js';

/**
 * Opt-in module: sends `outbound_link` with `{ url }` when the visitor follows a link to another host (as
 * Plausible's "Outbound Link: Click"). The event is queued before the browser leaves, and the tracker
 * sends it when the page is hidden (before `pagehide`) with keepalive. Returns a function that stops it.
 *
 * @example
 * import { createTracker, trackOutboundLinks } from '@analytics-tracker/client';
 * trackOutboundLinks(createTracker({ endpoint, bucket }));
 */
export function trackOutboundLinks(tracker: Pick<Tracker, 'track'>): () => void {
  return watchLinkClicks((url) => {
    if (/^https?:$/.test(url.protocol) && url.host !== location.host) {
      tracker.track('outbound_link', { url: url.href });
    }
  });
}
