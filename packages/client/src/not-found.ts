import { currentPage } from './page-views.js';
import type { Result, Tracker } from './types.js';

/**
 * Opt-in module: call it from your 404 page to send `404` with `{ page }`, the path and query that were
 * not found (as Plausible's "404" goal), next to that page's usual page view.
 *
 * @example
 * import { trackNotFound } from '@analytics-tracker/client';
 * if (document.title.startsWith('Not found')) trackNotFound(tracker);
 */
export function trackNotFound(tracker: Pick<Tracker, 'track'>): Promise<Result> {
  return tracker.track('404', { page: currentPage() });
}
