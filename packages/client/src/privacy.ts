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
    localStorage[OPT_OUT_KEY] = 'true';
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
    delete localStorage[OPT_OUT_KEY];
  } catch {
    // See optOut.
  }
}
