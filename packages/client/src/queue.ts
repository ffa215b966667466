import type { TrackerEvent } from './types.js';

/**
 * Reads a stored queue, or throws when nothing readable is stored. What is kept is the list of events
 * stored under the key, oldest first; entries of another shape (another version, another script, a hand
 * edit: not an object with an `eventId`) are left out, so a corrupted entry never reaches the host page
 * as a TypeError, nor the endpoint as an invalid batch.
 *
 * @example
 * parseQueue('[{"eventType":"signup","eventId":"3b24…"},7]'); // [{ eventType: 'signup', eventId: '3b24…' }]
 */
export const parseQueue = (text: string | undefined): TrackerEvent[] =>
  (JSON.parse(text as string) as TrackerEvent[]).filter((event) => event?.eventId);
