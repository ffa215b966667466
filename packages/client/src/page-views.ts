/**
 * The page as the server wants it: path and query (so UTM parameters reach it), plus the hash for
 * hash-routed apps.
 *
 * @example
 * currentPage(false); // '/pricing?utm_source=newsletter'
 */
export function currentPage(hashRouting?: boolean): string {
  return location.pathname + location.search + (hashRouting ? location.hash : '');
}

/**
 * Calls `onNavigate` on load, after every single-page-app navigation (`history.pushState`,
 * `replaceState`, back/forward (`popstate`) and, with `hashRouting`, `hashchange`) and when the page comes
 * back from the back/forward cache (a visit the browser does not load again). Navigations that do not
 * change the page (same path and query) are not counted twice. Aborting `signal` unhooks everything;
 * the `history` wrappers stay (another script may have wrapped them since) but count nothing more.
 *
 * @example
 * watchNavigation(() => tracker.pageView(), false, new AbortController().signal);
 */
export function watchNavigation(
  onNavigate: () => void,
  hashRouting: boolean | undefined,
  signal: AbortSignal,
): void {
  let last: string | undefined;
  const check = () => {
    const page = currentPage(hashRouting);
    if (page !== last && !signal.aborted) {
      last = page;
      onNavigate();
    }
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = (...args: Parameters<History['pushState']>) => {
      original.apply(history, args);
      check();
    };
  }
  addEventListener('popstate', check, { signal });
  if (hashRouting) addEventListener('hashchange', check, { signal });
  addEventListener('pageshow', (event) => event.persisted && onNavigate(), { signal });
  check();
}
