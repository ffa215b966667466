import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPartitioner } from './partition-day.js';

/** GNU date's partitions of `instants` in `zone` (one `date -f -` run): a second implementation of the zone rules. */
function gnuDatePrefixes(instants: readonly Date[], zone: string): string[] {
  const input = instants.map((instant) => `@${Math.floor(instant.getTime() / 1000)}`).join('\n');
  return execFileSync('date', ['-f', '-', '+analytics/year=%Y/month=%m/day=%d/'], {
    env: { TZ: zone },
    input,
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
}

describe('createPartitioner', () => {
  it('partitions by the UTC day by default', () => {
    expect(createPartitioner()(new Date('2025-12-18T03:00:00Z'))).toBe(
      'analytics/year=2025/month=12/day=18/',
    );
  });

  // New York is UTC-5 in winter (EST) and UTC-4 in summer (EDT); DST began 2025-03-09 at 07:00 UTC.
  it.each([
    ['2025-12-18T03:00:00Z', 'analytics/year=2025/month=12/day=17/'],
    ['2025-12-18T05:00:00Z', 'analytics/year=2025/month=12/day=18/'],
    ['2025-07-01T03:30:00Z', 'analytics/year=2025/month=06/day=30/'],
    ['2026-01-01T04:59:59Z', 'analytics/year=2025/month=12/day=31/'],
  ])("puts %s on New York's day (the original tracker's): %s", (instant, prefix) => {
    expect(createPartitioner('America/New_York')(new Date(instant))).toBe(prefix);
  });

  it('agrees with GNU date on instants across a year, in three zones', () => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'Pacific/Auckland']) {
      const partition = createPartitioner(zone);
      // Every 7 hours and 13 minutes: crosses midnights and DST changes at varied times of day.
      const instants: Date[] = [];
      for (let t = start; t < start + 366 * 86_400_000; t += (7 * 60 + 13) * 60_000)
        instants.push(new Date(t));
      expect(instants.map(partition)).toEqual(gnuDatePrefixes(instants, zone));
    }
  });
});
