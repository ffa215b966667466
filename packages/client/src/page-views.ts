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
 * Calls `onNavigate` on load and after every single-page-app navigation: `history.pushState`,
 * `replaceState`, back/forward (`popstate`) and, with `hashRouting`, `hashchange`. Navigations that do
 * not change the page (same path and query) are not counted twice.
 *
 * @example
 * watchNavigation(() => tracker.pageView(), false);
 */
export function watchNavigation(onNavigate: () => void, hashRouting?: boolean): void {
  let last: string | undefined;
  const check = () => {
    const page = currentPage(hashRouting);
    if (page !== last) {
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
  addEventListener('popstate', check);
  if (hashRouting) addEventListener('hashchange', check);
  check();
}
