import { describe, expect, it } from 'vitest';
import { createQueue as createQueueTuple, type QueueStorage } from './queue.js';
import type { TrackerEvent } from './types.js';

/** localStorage's contract over a Map: Node has no Web Storage (the browser suite uses the real one). */
function memoryStorage(): QueueStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    getItem: (key) => raw.get(key) ?? null,
    setItem: (key, value) => {
      raw.set(key, value);
    },
    removeItem: (key) => {
      raw.delete(key);
    },
  };
}

/** A queue's storage getter over a fresh memoryStorage(). */
const inMemory = () => {
  const storage = memoryStorage();
  return () => storage;
};

const event = (n: number, extra: Partial<TrackerEvent> = {}): TrackerEvent => ({
  eventType: 'click',
  timestamp: '2025-12-17T12:00:00.000Z',
  eventId: `event-${String(n).padStart(4, '0')}`,
  ...extra,
});
const ids = (batch: TrackerEvent[] | undefined) => batch?.map((e) => e.eventId);

/** The queue's functions by name, for readable tests; by default nothing is on the wire and drops go unheard. */
const createQueue = (
  key: string,
  maxQueue: number,
  maxEvents: number,
  maxBytes: number,
  storage: () => QueueStorage | undefined,
  busy = new Set<string | undefined>(),
  dropped: (events: TrackerEvent[]) => void = () => {},
) => {
  const [read, add, pending, ack, take] = createQueueTuple(
    key,
    maxQueue,
    maxEvents,
    maxBytes,
    storage,
    busy,
    dropped,
  );
  return { read, add, pending, ack, take };
};

describe('createQueue', () => {
  it('keeps events in storage until a batch is acknowledged', () => {
    const storage = memoryStorage();
    const queue = createQueue('q', 100, 10, 60_000, () => storage);
    queue.add(event(1));
    queue.add(event(2));
    queue.pending();

    const reloaded = createQueue('q', 100, 10, 60_000, () => storage);
    const [batch] = reloaded.read().s;
    expect(ids(batch)).toEqual(['event-0001', 'event-0002']);
    reloaded.ack(batch ?? []);
    expect(reloaded.read()).toEqual({ o: [], s: [] });
  });

  it('seals batches of at most maxEvents events', () => {
    const queue = createQueue('q', 100, 2, 60_000, inMemory());
    for (let n = 1; n <= 5; n++) queue.add(event(n));
    queue.pending();
    expect(queue.read().s.map(ids)).toEqual([
      ['event-0001', 'event-0002'],
      ['event-0003', 'event-0004'],
      ['event-0005'],
    ]);
  });

  it('seals batches under the byte limit, counting UTF-8 bytes', () => {
    const queue = createQueue('q', 100, 100, 1200, inMemory());
    // ~500 bytes of UTF-8 each, though only 200 UTF-16 units.
    for (let n = 1; n <= 5; n++) queue.add(event(n, { metadata: { text: 'é'.repeat(200) } }));
    queue.pending();
    const batches = queue.read().s;
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    for (const batch of batches)
      expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThan(1200);
  });

  it('never changes a sealed batch: new events go to later batches', () => {
    const queue = createQueue('q', 100, 10, 60_000, inMemory());
    queue.add(event(1));
    queue.pending();
    queue.add(event(2));
    queue.pending();
    expect(queue.read().s.map(ids)).toEqual([['event-0001'], ['event-0002']]);
  });

  it('drops the oldest events above the cap and reports them', () => {
    const dropped: TrackerEvent[] = [];
    const queue = createQueue('q', 3, 10, 60_000, inMemory(), new Set(), (events) => dropped.push(...events));
    for (let n = 1; n <= 5; n++) queue.add(event(n));
    expect(queue.read().o.map((e) => e.eventId)).toEqual(['event-0003', 'event-0004', 'event-0005']);
    expect(ids(dropped)).toEqual(['event-0001', 'event-0002']);
  });

  it('drops whole sealed batches first, so a batch that may have reached the server is never altered', () => {
    const dropped: TrackerEvent[] = [];
    const queue = createQueue('q', 4, 2, 60_000, inMemory(), new Set(), (events) => dropped.push(...events));
    for (let n = 1; n <= 4; n++) queue.add(event(n));
    queue.pending();
    queue.add(event(5));
    expect(queue.read().s.map(ids)).toEqual([['event-0003', 'event-0004']]);
    expect(ids(queue.read().o)).toEqual(['event-0005']);
    expect(ids(dropped)).toEqual(['event-0001', 'event-0002']);
  });

  it('never drops a batch on the wire (it may arrive), and leaves it out of pending()', () => {
    const busy = new Set<string | undefined>();
    const dropped: TrackerEvent[] = [];
    const queue = createQueue('q', 4, 2, 60_000, inMemory(), busy, (events) => dropped.push(...events));
    for (let n = 1; n <= 4; n++) queue.add(event(n));
    busy.add(queue.pending()[0]?.[0]?.eventId);
    expect(queue.pending().map(ids)).toEqual([['event-0003', 'event-0004']]);
    for (let n = 5; n <= 7; n++) queue.add(event(n));
    // In flight: 1-2, not counted against the cap of four; 3-4 is the oldest batch that can go.
    expect(ids(dropped)).toEqual(['event-0003', 'event-0004']);
    expect(queue.read().s.map(ids)).toEqual([['event-0001', 'event-0002']]);
    expect(ids(queue.read().o)).toEqual(['event-0005', 'event-0006', 'event-0007']);
  });

  it('is shared by tabs where Web Locks are missing: an acknowledgement in one is seen by the other', () => {
    const storage = memoryStorage();
    const tabA = createQueue('q', 100, 10, 60_000, () => storage);
    const tabB = createQueue('q', 100, 10, 60_000, () => storage);
    tabA.add(event(1));
    tabB.add(event(2));
    tabA.pending();
    expect(ids(tabB.read().s[0])).toEqual(['event-0001', 'event-0002']);
    tabB.ack(tabB.read().s[0] ?? []);
    expect(tabA.read().s).toEqual([]);
  });

  it("takes over a closed tab's queue: its sealed batches unchanged, its open events ahead, its key removed", () => {
    const storage = memoryStorage();
    const closed = createQueue('q:closed', 100, 2, 60_000, () => storage);
    for (let n = 1; n <= 3; n++) closed.add(event(n));
    closed.pending();
    closed.add(event(4));
    const dropped: TrackerEvent[] = [];
    const mine = createQueue(
      'q:mine',
      5,
      2,
      60_000,
      () => storage,
      new Set(),
      (events) => dropped.push(...events),
    );
    mine.add(event(5));
    mine.pending();
    mine.add(event(6));
    mine.take('q:closed');
    // Six events above a cap of five: the oldest whole sealed batch goes first.
    expect(mine.read().s.map(ids)).toEqual([['event-0003'], ['event-0005']]);
    expect(ids(mine.read().o)).toEqual(['event-0004', 'event-0006']);
    expect(ids(dropped)).toEqual(['event-0001', 'event-0002']);
    expect(JSON.parse(storage.raw.get('q:mine') ?? 'null')).toEqual(mine.read());
    expect(storage.raw.has('q:closed')).toBe(false);
  });

  // Another tab's key, another version, a hand edit: valid JSON in the wrong shape must not throw later.
  it.each(['{not json', '{"s":1}', '{"o":[],"s":5}', '{"o":{},"s":[]}', '7', '"text"', '{"o":[],"s":[3]}'])(
    'reads a corrupted queue %s as an empty one, and takes nothing over from it',
    (stored) => {
      const storage = memoryStorage();
      storage.setItem('q:corrupted', stored);
      expect(createQueue('q:corrupted', 10, 10, 60_000, () => storage).read()).toEqual({ o: [], s: [] });
      const mine = createQueue('q:mine', 10, 10, 60_000, () => storage);
      mine.add(event(1));
      mine.take('q:corrupted');
      expect(mine.read()).toEqual({ o: [event(1)], s: [] });
      expect(storage.raw.has('q:corrupted')).toBe(false);
      expect(mine.pending().map(ids)).toEqual([['event-0001']]);
    },
  );

  it('lives in memory until its storage is available, then keeps what it had', () => {
    const storage = memoryStorage();
    let available: QueueStorage | undefined;
    const queue = createQueue('q', 100, 10, 60_000, () => available);
    queue.add(event(1));
    expect(storage.raw.size).toBe(0);
    available = storage;
    queue.add(event(2));
    expect(ids(JSON.parse(storage.raw.get('q') ?? 'null').o)).toEqual(['event-0001', 'event-0002']);
  });

  it('works from memory when storage throws (privacy modes, full quota)', () => {
    const broken: QueueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const queue = createQueue('q', 100, 10, 60_000, () => broken);
    queue.add(event(1));
    queue.pending();
    expect(ids(queue.read().s[0])).toEqual(['event-0001']);
  });

  it('keeps memory as the truth once a write fails (storage full), never the stale stored copy', () => {
    const storage = memoryStorage();
    let full = false;
    const quota: QueueStorage = {
      ...storage,
      setItem: (key, value) => {
        if (full) throw new Error('QuotaExceededError');
        storage.setItem(key, value);
      },
    };
    const queue = createQueue('q', 100, 10, 60_000, () => quota);
    for (let n = 1; n <= 3; n++) queue.add(event(n));
    full = true;
    for (let n = 4; n <= 25; n++) queue.add(event(n));
    expect(queue.read().o).toHaveLength(25);
    expect(queue.pending().flat()).toHaveLength(25);
    // The stale copy (three events) is gone, so a later visit cannot send it again either.
    expect(storage.raw.has('q')).toBe(false);
  });

  it('ignores a corrupted stored queue', () => {
    const storage = memoryStorage();
    storage.setItem('q', '{not json');
    const queue = createQueue('q', 100, 10, 60_000, () => storage);
    queue.add(event(1));
    expect(ids(queue.read().o)).toEqual(['event-0001']);
  });
});
