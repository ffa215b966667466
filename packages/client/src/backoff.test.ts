import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryDelay } from './backoff.js';

describe('retryDelay', () => {
  /** The jitter's random draw, fixed for the test. */
  const draw = (value: number) => vi.spyOn(Math, 'random').mockReturnValue(value);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    [0, 500, 1000],
    [1, 1000, 2000],
    [4, 8000, 16_000],
    [20, 150_000, 300_000],
  ])(
    'retry %i waits between %i and %i ms (exponential, jittered, capped at 5 minutes)',
    (attempt, min, max) => {
      draw(0);
      expect(retryDelay(attempt, null)).toBe(min);
      draw(1);
      expect(retryDelay(attempt, null)).toBe(max);
    },
  );

  it('spreads clients out: different random draws give different delays', () => {
    draw(0.1);
    const early = retryDelay(3, null);
    draw(0.9);
    expect(retryDelay(3, null)).not.toBe(early);
  });

  it("honours Retry-After in seconds, as the tracker's 503 and 429 send it", () => {
    expect(retryDelay(0, '120')).toBe(120_000);
  });

  it('honours Retry-After as an HTTP date', () => {
    const delay = retryDelay(0, new Date(Date.now() + 90_000).toUTCString());
    expect(delay).toBeGreaterThan(88_000);
    expect(delay).toBeLessThanOrEqual(90_000);
  });

  it.each(['0', 'soon', 'Thu, 01 Jan 1970 00:00:00 GMT'])(
    'falls back to backoff for Retry-After %j',
    (header) => {
      draw(1);
      expect(retryDelay(2, header)).toBe(4000);
    },
  );

  // setTimeout stores its delay as a signed 32-bit number of ms: anything above 2^31 - 1 fires at once.
  it.each([
    ['30 days in seconds', String(30 * 24 * 3600)],
    ['a far-future HTTP date', 'Fri, 31 Dec 9999 23:59:59 GMT'],
    ["one second over setTimeout's limit", String(2 ** 31 / 1000 + 1)],
  ])('caps a Retry-After of %s at the five-minute maximum backoff', (_, header) => {
    expect(retryDelay(0, header)).toBe(5 * 60 * 1000);
  });
});
