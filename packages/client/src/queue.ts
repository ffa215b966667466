import type { TrackerEvent } from './types.js';

/**
 * What the queue keeps (short keys: it lives in localStorage). `o` is the open batch, still growing;
 * `s` are sealed batches, frozen once formed and resent exactly as they are until acknowledged, because
 * the server derives a batch's object key from its event ids: the same batch twice is one object,
 * a regrouped one would be a duplicate. `d` counts events dropped because the queue was full.
 */
export interface QueueState {
  o: TrackerEvent[];
  s: TrackerEvent[][];
  d: number;
}

/** Where the queue is kept: `localStorage` in browsers, memory elsewhere. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * A persisted event queue. Every operation re-reads storage first, so a key shared by tabs (where Web
 * Locks are missing) stays shared; with Web Locks each tab owns its key and is its only writer.
 * `storage` is asked on every operation: until it returns a storage, the queue lives in memory.
 *
 * @example
 * const queue = createQueue('analytics-tracker-queue:app1:<tab>', 1000, 25, 60_000, () => localStorage);
 * queue.add(event);
 * queue.seal();
 * const batch = queue.read().s[0];
 */
export interface Queue {
  /** Append to the open batch, dropping the oldest events above the cap; returns the open batch's size. */
  add(event: TrackerEvent): number;
  /** Cut the open batch into sealed batches of at most `maxEvents` events and `maxBytes` bytes of JSON; returns the state. */
  seal(): QueueState;
  /** Forget a sealed batch once the server acknowledged it (by its first event id, as another tab may have changed the list); returns the state. */
  ack(batch: TrackerEvent[]): QueueState;
  /**
   * Take over another queue (a closed tab's): its sealed batches unchanged and its open events (never
   * sent) ahead of this queue's, its drop count added; then the cap applies.
   */
  merge(other: QueueState): void;
  /** The current state. */
  read(): QueueState;
}

/** @see Queue */
export function createQueue(
  key: string,
  maxQueue: number,
  maxEvents: number,
  maxBytes: number,
  storage: () => QueueStorage | undefined,
): Queue {
  let memory: QueueState = { o: [], s: [], d: 0 };
  const read = (): QueueState => {
    try {
      memory = JSON.parse(storage()?.getItem(key) as string) ?? memory;
    } catch {
      // No storage (JSON.parse(undefined) throws), unreadable or blocked: keep working from memory.
    }
    return memory;
  };
  const update = (change: (state: QueueState) => void): QueueState => {
    // The state read is `memory` itself.
    const state = read();
    change(state);
    // Whole sealed batches go first: cutting into one would change it, and with it its object key.
    while (state.s.flat().length + state.o.length > maxQueue) {
      state.d += (state.s.shift() ?? state.o.splice(0, 1)).length;
    }
    try {
      storage()?.setItem(key, JSON.stringify(state));
    } catch {
      // Quota or privacy mode: the queue still works for this page, it just does not survive a reload.
    }
    return state;
  };
  return {
    read,
    add: (event) => update((state) => state.o.push(event)).o.length,
    seal: () =>
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
    ack: (batch) =>
      update((state) => {
        state.s = state.s.filter((sealed) => sealed[0]?.eventId !== batch[0]?.eventId);
      }),
    merge: (other) =>
      update((state) => {
        state.s.unshift(...other.s);
        state.o.unshift(...other.o);
        state.d += other.d;
      }),
  };
}
