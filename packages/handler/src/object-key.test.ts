import { describe, expect, it } from 'vitest';
import { batchKey, contentHash, eventKey, partitionPrefix, serverEventId, utcDay } from './object-key.js';

const now = new Date('2025-12-17T23:59:59.999Z');

// Expected hashes computed with openssl, e.g.
//   printf '%s' '{"eventType":"page_view","timestamp":"2025-12-17T12:00:00Z"}' | openssl dgst -sha256 -r | cut -c1-16
describe('object keys', () => {
  it('partitions by the UTC date, zero-padded', () => {
    expect(partitionPrefix(new Date('2025-01-05T00:00:00Z'))).toBe('analytics/year=2025/month=01/day=05/');
    expect(utcDay(now)).toBe('2025-12-17');
  });

  it('hashes an event as sent: SHA-256 of its JSON, 16 hex', () => {
    expect(contentHash({ eventType: 'page_view', timestamp: '2025-12-17T12:00:00Z' })).toBe(
      'e5586d4d1bb7578b',
    );
    expect(contentHash({ eventType: 'refund', timestamp: '2025-12-17T12:00:00Z' })).not.toBe(
      'e5586d4d1bb7578b',
    );
  });

  it('names a single event by its id and its content, so other content never lands on the same key', () => {
    expect(eventKey(now, '1702742400-a1b2c3d4', '0123456789abcdef')).toBe(
      'analytics/year=2025/month=12/day=17/1702742400-a1b2c3d4-0123456789abcdef.json',
    );
  });

  it('derives a batch key from its ids and content hashes', () => {
    const events = [
      { eventId: 'e1', hash: 'h1' },
      { eventId: 'e2', hash: 'h2' },
    ];
    expect(batchKey(now, events)).toBe(
      'analytics/year=2025/month=12/day=17/b-cb7b50bd3d0db92d61a183d6dfa13606.ndjson.gz',
    );
    expect(batchKey(now, [events[0] ?? { eventId: '', hash: '' }, { eventId: 'e2', hash: 'h3' }])).not.toBe(
      batchKey(now, events),
    );
  });

  it("gives id-less events a deterministic id in the seed's shape: the day's start, then a hash", () => {
    const id = serverEventId(
      new Date('2023-12-16T16:00:00Z'),
      'app1-analytics-prod',
      'sender-hash',
      '0123456789abcdef',
    );
    // 1702684800 = date -u -d 2023-12-16T00:00:00Z +%s
    expect(id).toBe('1702684800-0e95ff317fd72bbc');
    expect(
      serverEventId(
        new Date('2023-12-16T23:59:59Z'),
        'app1-analytics-prod',
        'sender-hash',
        '0123456789abcdef',
      ),
    ).toBe(id);
    expect(
      serverEventId(new Date('2023-12-16T16:00:00Z'), 'app2-analytics', 'sender-hash', '0123456789abcdef'),
    ).not.toBe(id);
    expect(
      serverEventId(new Date('2023-12-16T16:00:00Z'), 'app1-analytics-prod', 'other', '0123456789abcdef'),
    ).not.toBe(id);
    expect(
      serverEventId(
        new Date('2023-12-17T00:00:00Z'),
        'app1-analytics-prod',
        'sender-hash',
        '0123456789abcdef',
      ),
    ).not.toBe(id);
  });
});
