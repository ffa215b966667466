/** The localStorage key of the opt-out flag: `localStorage.setItem('analytics-tracker-ignore', 'true')`. */
export const OPT_OUT_KEY = 'analytics-tracker-ignore';

/**
 * Stop tracking in this browser (all tabs, all trackers of this origin) until `optIn()`.
 *
 * @example
 * optOutButton.onclick = () => optOut();
 */
export function optOut(): void {
  try {
    localStorage.setItem(OPT_OUT_KEY, 'true');
  } catch {
    // No storage (server, privacy mode): nothing to remember the choice in.
  }
}

/**
 * Undo `optOut()`.
 *
 * @example
 * optInButton.onclick = () => optIn();
 */
export function optIn(): void {
  try {
    localStorage.removeItem(OPT_OUT_KEY);
  } catch {
    // See optOut.
  }
}

/**
 * Truthy when this browser must not be tracked: opted out, Do-Not-Track or Global Privacy Control when
 * `respectDoNotTrack` is set, or a localhost/`file:` page unless `allowLocalhost` is set.
 * Read on every event, so opting out takes effect at once.
 *
 * @example
 * if (isIgnored(localStorage, { respectDoNotTrack: true })) return;
 */
export function isIgnored(
  storage: Pick<Storage, 'getItem'> | undefined,
  options: { respectDoNotTrack?: boolean; allowLocalhost?: boolean },
): unknown {
  const browser = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (
    storage?.getItem(OPT_OUT_KEY) === 'true' ||
    // Do-Not-Track is "1" when on ("0", "unspecified" or null otherwise): 1 is the only truthy number.
    (options.respectDoNotTrack && (+(browser.doNotTrack as string) || browser.globalPrivacyControl)) ||
    // Development pages: localhost, 127.x.x.x, [::1], and `file:` pages (whose host name is empty).
    (!options.allowLocalhost && /^(localhost|127\.[\d.]+|\[::1\])?$/.test(location.hostname))
  );
}
