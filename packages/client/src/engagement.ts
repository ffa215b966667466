import { currentPage } from './page-views.js';
import type { Tracker } from './types.js';

/**
 * Opt-in module: Plausible's engagement events. Each time the page is hidden (tab switched, closed, or
 * navigated away), sends `engagement` with `{ page, engagedMs, scrollDepth }`: the milliseconds the page
 * was visible since the last report and the deepest scroll reached meanwhile, in percent of the page's
 * height. `page` is the page shown when the report is made: single-page-app navigations within one
 * visible period are not split. Returns a function that stops it.
 *
 * @example
 * import { createTracker, trackEngagement } from '@analytics-tracker/client';
 * trackEngagement(createTracker({ endpoint, bucket }));
 */
export function trackEngagement(tracker: Pick<Tracker, 'track'>, now: () => number = Date.now): () => void {
  let visibleSince = now();
  let scrollDepth = 0;
  const measure = () => {
    const { scrollHeight } = document.documentElement;
    const depth = scrollHeight ? Math.round(((scrollY + innerHeight) / scrollHeight) * 100) : 100;
    scrollDepth = Math.max(scrollDepth, Math.min(depth, 100));
  };
  const onVisibility = () => {
    if (!document.hidden) {
      visibleSince = now();
      scrollDepth = 0;
      measure();
      return;
    }
    measure();
    tracker.track('engagement', { page: currentPage(), engagedMs: now() - visibleSince, scrollDepth });
  };
  const controller = new AbortController();
  const options = { signal: controller.signal, passive: true };
  addEventListener('scroll', measure, options);
  document.addEventListener('visibilitychange', onVisibility, options);
  measure();
  return () => controller.abort();
}
