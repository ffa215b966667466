import type { TrackerEvent } from './types.js';

/**
 * What the queue keeps (short keys: it lives in localStorage). `o` is the open batch, still growing;
 * `s` are sealed batches, frozen once formed and resent exactly as they are until acknowledged, because
 * the server derives a batch's object key from its event ids: the same batch twice is one object,
 * a regrouped one would be a duplicate.
 */
export interface QueueState {
  o: TrackerEvent[];
  s: TrackerEvent[][];
}

/** Where the queue is kept: `localStorage` in browsers, memory elsewhere. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * A persisted event queue, as the functions that work on it (a tuple rather than an object: the tracker
 * takes them apart into local names, which a minifier shortens, and the browser build has a 2 KB budget):
 * - `read()`: the current state;
 * - `add(event)`: append to the open batch, dropping the oldest events above the cap; returns the open
 *   batch's size;
 * - `pending()`: cut the open batch into sealed batches of at most `maxEvents` events and `maxBytes`
 *   bytes of JSON; returns the sealed batches not on the wire;
 * - `ack(batch)`: forget a sealed batch once the server answered for it (by its first event id, as
 *   another tab may have changed the list);
 * - `take(other)`: take over the queue stored under `other` (a closed tab's) and remove that key: its
 *   sealed batches unchanged and its open events (never sent) ahead of this queue's; then the cap
 *   applies. A missing or corrupted queue adds nothing.
 *
 * Every operation re-reads storage first, so a key shared by tabs (where Web Locks are missing) stays
 * shared; with Web Locks each tab owns its key and is its only writer. `storage` is asked on every
 * operation: until it returns a storage, the queue lives in memory.
 *
 * @example
 * const [read, add, pending] = createQueue('analytics-tracker-queue:app1:<tab>', 1000, 25, 60_000, () => localStorage, new Set(), onDropped);
 * add(event);
 * const [batch] = pending();
 */
export type Queue = [
  read: () => QueueState,
  add: (event: TrackerEvent) => number,
  pending: () => TrackerEvent[][],
  ack: (batch: TrackerEvent[]) => QueueState,
  take: (other: string) => void,
];

/**
 * Reads a stored queue, or throws when it is missing or does not have the queue's shape (another
 * version, another script, a hand edit): `[...x]` throws for anything not iterable, so a corrupted
 * entry can never reach the host page as a TypeError later.
 */
const parse = (text: string | null | undefined): QueueState => {
  const stored = JSON.parse(text as string) as QueueState;
  return { o: [...stored.o], s: stored.s.map((batch) => [...batch]) };
};

/**
 * @see Queue
 * `busy` holds the first event ids of the batches on the wire: those are neither dropped nor counted
 * against the cap (they may well arrive), and `pending()` leaves them out. `dropped` hears of every event
 * dropped because the queue was full.
 */
export function createQueue(
  key: string,
  maxQueue: number,
  maxEvents: number,
  maxBytes: number,
  storage: () => QueueStorage | undefined,
  busy: Set<string | undefined>,
  dropped: (events: TrackerEvent[]) => void,
): Queue {
  let memory: QueueState = { o: [], s: [] };
  const idle = (state: QueueState) => state.s.filter((batch) => !busy.has(batch[0]?.eventId));
  const read = (): QueueState => {
    try {
      memory = parse(storage()?.getItem(key));
    } catch {
      // No storage, nothing stored, unreadable, blocked or corrupted: keep working from memory.
    }
    return memory;
  };
  const update = (change: (state: QueueState) => void): QueueState => {
    // The state read is `memory` itself.
    const state = read();
    const store = storage();
    change(state);
    // Whole sealed batches go first, oldest first: cutting into one would change it, and with it its
    // object key. Batches in flight are left alone: they may arrive, and then they were not lost.
    let over = idle(state).flat().length + state.o.length - maxQueue;
    state.s = state.s.filter((batch) => {
      const keep = over <= 0 || busy.has(batch[0]?.eventId);
      if (!keep) {
        over -= batch.length;
        dropped(batch);
      }
      return keep;
    });
    if (over > 0) dropped(state.o.splice(0, over));
    try {
      store?.setItem(key, JSON.stringify(state));
    } catch {
      // Quota or privacy mode. Memory is the truth from now on: the stale copy is removed, so it is never
      // read back over newer state (and never sent again by a later visit).
      try {
        store?.removeItem(key);
      } catch {}
    }
    return state;
  };
  return [
    read,
    (event) => update((state) => state.o.push(event)).o.length,
    () =>
      idle(
        update((state) => {
          let batch: TrackerEvent[] = [];
          // Starting "full" makes the first event open a new batch.
          let bytes = maxBytes;
          for (const event of state.o.splice(0)) {
            // UTF-8 bytes of its JSON, and a comma: request limits are in bytes, not UTF-16 units.
            const size = new Blob([JSON.stringify(event)]).size + 1;
            bytes += size;
            if (batch.length >= maxEvents || bytes > maxBytes) {
              batch = [];
              state.s.push(batch);
              bytes = size;
            }
            batch.push(event);
          }
        }),
      ),
    (batch) =>
      update((state) => {
        state.s = state.s.filter((sealed) => sealed[0]?.eventId !== batch[0]?.eventId);
      }),
    (other) =>
      update((state) => {
        const store = storage();
        try {
          const text = store?.getItem(other);
          store?.removeItem(other);
          const taken = parse(text);
          state.s.unshift(...taken.s);
          state.o.unshift(...taken.o);
        } catch {
          // No storage, or a corrupted queue (removed above): nothing to take over.
        }
      }),
  ];
}
