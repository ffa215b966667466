import type { Tracker } from './types.js';

/**
 * Opt-in module: sends `form_submit` with `{ form, action }` when a form is submitted (`form` is its `id`
 * or `name`, `action` the path it posts to; field values are never read). Returns a function that stops it.
 *
 * @example
 * import { createTracker, trackFormSubmissions } from '@analytics-tracker/client';
 * trackFormSubmissions(createTracker({ endpoint, bucket }));
 */
export function trackFormSubmissions(tracker: Pick<Tracker, 'track'>): () => void {
  const listener = (event: Event) => {
    const form = event.target as HTMLFormElement;
    tracker.track('form_submit', {
      form: form.id || form.getAttribute('name') || '',
      action: new URL(form.action || location.href).pathname,
    });
  };
  document.addEventListener('submit', listener, true);
  return () => document.removeEventListener('submit', listener, true);
}
