import { currentPage } from './page-views.js';

/**
 * Opt-in module for single-page apps, passed as the `navigation` option: a page view after every
 * client-side navigation (`history.pushState`, `replaceState`, back/forward (`popstate`) and, with
 * `hashRouting`, `hashchange`). Navigations that do not change the page (same path and query, and hash
 * with `hashRouting`) are not counted. The tracker runs it once, when it starts, so a module run twice
 * (hot reload, React StrictMode) never doubles page views; its `destroy()` aborts `signal`, which unhooks
 * everything (the `history` wrappers stay, as another script may have wrapped them since, but count
 * nothing more).
 *
 * @example
 * import { createTracker, spaNavigation } from '@analytics-tracker/client';
 * createTracker({ endpoint, bucket, navigation: spaNavigation });
 */
export function spaNavigation(
  onNavigate: () => void,
  hashRouting: boolean | undefined,
  signal: AbortSignal,
): void {
  // The tracker sent the page view of the page it started on.
  let last = currentPage(hashRouting);
  const check = () => {
    const page = currentPage(hashRouting);
    if (page !== last && !signal.aborted) onNavigate();
    last = page;
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = (...args: Parameters<History['pushState']>) => {
      original.apply(history, args);
      check();
    };
  }
  // Without hashRouting a hash change leaves the page as it was, and counts nothing.
  for (const type of ['popstate', 'hashchange']) addEventListener(type, check, { signal });
}
