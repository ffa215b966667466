/**
 * True in a browser, false in Node and other servers. The browser builds (`dist/browser.js`, picked by
 * bundlers through the `browser` export condition, and the script tag) replace this module with `true`,
 * and the Node build with `false`, so each bundle carries only its own half of the tracker.
 *
 * @example
 * if (BROWSER) addEventListener('visibilitychange', unload);
 */
export const BROWSER: boolean = typeof window === 'object';
