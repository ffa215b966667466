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

/** Where the queue is kept: `localStorage` in browsers (shared by the tabs of an origin), memory elsewhere. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * A persisted event queue. Every operation re-reads storage first, so tabs of one origin share it.
 *
 * @example
 * const queue = createQueue('analytics-tracker-queue:app1', 1000, 25, 60_000, localStorage);
 * queue.add(event);
 * queue.seal();
 * const batch = queue.read().s[0];
 */
export interface Queue {
  /** Append to the open batch, dropping the oldest events above the cap; returns the open batch's size. */
  add(event: TrackerEvent): number;
  /** Cut the open batch into sealed batches of at most `maxEvents` events and `maxBytes` bytes of JSON. */
  seal(): void;
  /** Forget a sealed batch once the server acknowledged it (by its first event id, as another tab may have changed the list). */
  ack(batch: TrackerEvent[]): void;
  /** The current state. */
  read(): QueueState;
}

const utf8 = new TextEncoder();

/**
 * Size of a value's JSON in UTF-8 bytes: request limits are in bytes, not UTF-16 units.
 *
 * @example
 * byteLength({ a: 'é' }); // 10
 */
export function byteLength(value: unknown): number {
  return utf8.encode(JSON.stringify(value)).length;
}

/** @see Queue */
export function createQueue(
  key: string,
  maxQueue: number,
  maxEvents: number,
  maxBytes: number,
  storage?: QueueStorage,
): Queue {
  let memory: QueueState = { o: [], s: [], d: 0 };
  const read = (): QueueState => {
    try {
      memory = JSON.parse(storage?.getItem(key) ?? 'null') ?? memory;
    } catch {
      // Unreadable or blocked storage: keep working from memory.
    }
    return memory;
  };
  const update = (change: (state: QueueState) => void): QueueState => {
    const state = read();
    change(state);
    memory = state;
    try {
      storage?.setItem(key, JSON.stringify(state));
    } catch {
      // Quota or privacy mode: the queue still works for this page, it just does not survive a reload.
    }
    return state;
  };
  return {
    read,
    add: (event) =>
      update((state) => {
        state.o.push(event);
        // Whole sealed batches go first: cutting into one would change it, and with it its object key.
        while (state.s.flat().length + state.o.length > maxQueue) {
          state.d += (state.s.shift() ?? state.o.splice(0, 1)).length;
        }
      }).o.length,
    seal: () =>
      update((state) => {
        let batch: TrackerEvent[] = [];
        // Starting "full" makes the first event open a new batch.
        let bytes = maxBytes;
        for (const event of state.o) {
          const size = byteLength(event) + 1;
          bytes += size;
          if (batch.length >= maxEvents || bytes > maxBytes) {
            batch = [];
            state.s.push(batch);
            bytes = size;
          }
          batch.push(event);
        }
        state.o = [];
      }),
    ack: (batch) =>
      update((state) => {
        state.s = state.s.filter((sealed) => sealed[0]?.eventId !== batch[0]?.eventId);
      }),
  };
}
