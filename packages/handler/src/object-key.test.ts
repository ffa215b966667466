import { describe, expect, it } from 'vitest';
import { batchKey, createEventIdSource, eventKey, partitionPrefix, utcDay } from './object-key.js';

const newEventId = createEventIdSource();

const now = new Date('2025-12-17T23:59:59.999Z');

describe('object keys', () => {
  it('partitions by the UTC date, zero-padded', () => {
    expect(partitionPrefix(new Date('2025-01-05T00:00:00Z'))).toBe('analytics/year=2025/month=01/day=05/');
    expect(utcDay(now)).toBe('2025-12-17');
  });

  it("keeps the seed's single-event key", () => {
    expect(eventKey(now, '1702742400-a1b2c3d4')).toBe(
      'analytics/year=2025/month=12/day=17/1702742400-a1b2c3d4.json',
    );
  });

  it('derives a batch key from its event ids, so a re-sent batch overwrites itself', () => {
    const key = batchKey(now, ['e1', 'e2']);
    expect(key).toMatch(/^analytics\/year=2025\/month=12\/day=17\/b-[0-9a-f]{32}\.ndjson\.gz$/);
    expect(batchKey(now, ['e1', 'e2'])).toBe(key);
    expect(batchKey(now, ['e1', 'e3'])).not.toBe(key);
  });

  it("generates ids in the seed's shape", () => {
    expect(newEventId(new Date('2023-12-16T16:00:00Z'))).toMatch(/^1702742400-[0-9a-f]{16}$/);
    expect(newEventId(now)).not.toBe(newEventId(now));
  });

  it('never repeats an id, across many refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newEventId(now));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d+-[0-9a-f]{16}$/);
  });
});
