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
    const stored = JSON.parse(text as string) as TrackerEvent[] & Partial<EarlierQueue>;
    // A queue left by an earlier version (`{ o: open events, s: sealed batches }`, the batches older) is
    // read as its events, oldest first, so an upgrade loses none of them.
    return (stored.o ? [...(stored.s as TrackerEvent[][]).flat(), ...stored.o] : stored).filter(
      (event) => event?.eventId,
    );
  } catch {}
};

/** The stored queue of versions before the flat queue: open events, and batches sealed before them. */
interface EarlierQueue {
  o: TrackerEvent[];
  s: TrackerEvent[][];
}
