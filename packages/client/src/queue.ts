import type { TrackerEvent } from './types.js';

/**
 * Reads a stored queue: the events stored under a key, oldest first, or `undefined` when nothing
 * readable is stored there. Entries of another shape (another version, another script, a hand edit:
 * anything but an object with an `eventId`) are left out, so a corrupted entry never reaches the host
 * page as a TypeError, nor the endpoint as an invalid batch.
 *
 * @example
 * parseQueue('[{"eventType":"signup","eventId":"3b24…"},7]'); // [{ eventType: 'signup', eventId: '3b24…' }]
 * parseQueue('{"s":1}'); // undefined
 */
export const parseQueue = (text: string | undefined): TrackerEvent[] | undefined => {
  try {
    return (JSON.parse(text as string) as TrackerEvent[]).filter((event) => event?.eventId);
  } catch {}
};
