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
