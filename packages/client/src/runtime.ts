/**
 * True in a browser, false in Node and other servers. The browser builds (`dist/browser.js`, picked by
 * bundlers through the `browser` export condition, and the script tag) replace this module with `true`,
 * and the Node build with `false`, so each bundle carries only its own half of the tracker.
 *
 * @example
 * if (BROWSER) addEventListener('online', flush);
 */
export const BROWSER: boolean = typeof window === 'object';

/**
 * True in the script-tag builds only (which replace this module), false everywhere else. A script tag is
 * configured by its data attributes alone, so its build leaves out what only code can set: `beforeSend`,
 * `onError` and `fetch`, and `flushInterval`, `timeout` and `maxQueue`, which keep their defaults there.
 *
 * @example
 * const edited = !SCRIPT_TAG && beforeSend ? beforeSend(event) : event;
 */
export const SCRIPT_TAG: boolean = false;
