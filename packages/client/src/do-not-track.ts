/**
 * Opt-in module, passed as the `respectDoNotTrack` option: true while the browser asks not to be
 * tracked, by Do-Not-Track (`navigator.doNotTrack === '1'`) or Global Privacy Control
 * (`navigator.globalPrivacyControl`). The tracker asks on every event, and sends nothing (each event
 * counted as `ignored`) while it is true. An opt-in module, so that trackers that do not need it do not
 * carry it (the core has a 2 KB budget); the script tag's `data-respect-dnt` uses it.
 *
 * @example
 * import { createTracker, doNotTrack } from '@analytics-tracker/client';
 * createTracker({ endpoint, bucket, respectDoNotTrack: doNotTrack });
 */
export const doNotTrack = (): boolean | undefined =>
  navigator.doNotTrack === '1' || (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
