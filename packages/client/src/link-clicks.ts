/**
 * Calls `onLink` with the URL of every link the visitor follows: a click or a middle click on an
 * `<a href>` (or inside one), whichever element the click started on. Returns a function that stops it.
 * Shared by the outbound-link and file-download modules.
 *
 * @example
 * const stop = watchLinkClicks((url) => console.log(url.href));
 */
export function watchLinkClicks(onLink: (url: URL) => void): () => void {
  const listener = (event: MouseEvent) => {
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (link && (event.type === 'click' || event.button === 1)) onLink(new URL(link.href, location.href));
  };
  const controller = new AbortController();
  for (const type of ['click', 'auxclick']) {
    document.addEventListener(type, listener as EventListener, { capture: true, signal: controller.signal });
  }
  return () => controller.abort();
}
