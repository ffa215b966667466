// How long the tracker waits before resending a batch the endpoint could not take: measured from the
// outside, as the time between two requests of a Node tracker, on a fake clock (the endpoint is a fetch
// that answers 503; the expected delays come from the README: about a second, doubling, jittered,
// at most five minutes, or the server's Retry-After).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../src/index.js';

const MINUTE = 60_000;
const START = new Date('2026-01-01T00:00:00Z');

let buckets = 0;

/**
 * A tracker whose endpoint always answers 503 (with `retryAfter` as its Retry-After, if given), and the
 * times of its requests. The first request is a flush; each later one is a retry its timer started.
 */
async function failingTracker(retryAfter?: string) {
  const times: number[] = [];
  const client = createTracker({
    endpoint: 'https://tracker.invalid',
    bucket: `retry-${++buckets}-analytics`,
    fetch: async () => {
      times.push(Date.now());
      return {
        status: 503,
        headers: new Headers(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
        json: async () => ({ error: 'Service Unavailable' }),
      } as Response;
    },
  });
  await client.track('queued');
  expect(await client.flush()).toMatchObject({ ok: false, error: { code: 'retrying', status: 503 } });
  /** The gaps between the first `count` + 1 requests, in ms: the delays before retries 0 to count - 1. */
  const gaps = async (count: number) => {
    while (times.length <= count) {
      // Only the retry timer is pending: run it, then let its request settle (no real I/O here).
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersToNextTimerAsync();
      for (let tick = 0; tick < 20; tick++) await Promise.resolve();
    }
    return times.slice(1, count + 1).map((time, n) => time - (times[n] as number));
  };
  return { client, gaps };
}

describe('retry delays', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  /** The jitter's random draw, fixed for the test. */
  const draw = (value: number) => vi.spyOn(Math, 'random').mockReturnValue(value);

  it('waits about a second, then twice as long each time, up to five minutes, jittered between 50% and 100%', async () => {
    draw(1);
    const slowest = await failingTracker();
    const expected = Array.from({ length: 21 }, (_, n) => Math.min(1000 * 2 ** n, 5 * MINUTE));
    expect(await slowest.gaps(21)).toEqual(expected);
    await slowest.client.destroy();

    draw(0);
    const fastest = await failingTracker();
    expect(await fastest.gaps(21)).toEqual(expected.map((delay) => delay / 2));
    await fastest.client.destroy();
  });

  it('spreads clients out: different random draws give different delays', async () => {
    draw(0.1);
    const early = await failingTracker();
    const [first] = await early.gaps(1);
    await early.client.destroy();
    draw(0.9);
    const late = await failingTracker();
    expect((await late.gaps(1))[0]).not.toBe(first);
    await late.client.destroy();
  });

  it("honours Retry-After in seconds, as the tracker's 503 and 429 send it", async () => {
    const busy = await failingTracker('120');
    expect(await busy.gaps(3)).toEqual([120_000, 120_000, 120_000]);
    await busy.client.destroy();
  });

  it('honours Retry-After as an HTTP date', async () => {
    // 90 seconds after the first answer (the fake clock stands still while no timer runs).
    const busy = await failingTracker(new Date(START.getTime() + 90_000).toUTCString());
    expect(await busy.gaps(1)).toEqual([90_000]);
    await busy.client.destroy();
  });

  it.each(['0', 'soon', 'Thu, 01 Jan 1970 00:00:00 GMT'])(
    'falls back to backoff for Retry-After %j',
    async (header) => {
      draw(1);
      const busy = await failingTracker(header);
      expect(await busy.gaps(3)).toEqual([1000, 2000, 4000]);
      await busy.client.destroy();
    },
  );

  // setTimeout stores its delay as a signed 32-bit number of ms: anything above 2^31 - 1 fires at once.
  it.each([
    ['30 days in seconds', String(30 * 24 * 3600)],
    ['a far-future HTTP date', 'Fri, 31 Dec 9999 23:59:59 GMT'],
    ["one second over setTimeout's limit", String(2 ** 31 / 1000 + 1)],
  ])('caps a Retry-After of %s at the five-minute maximum backoff', async (_, header) => {
    const busy = await failingTracker(header);
    expect(await busy.gaps(2)).toEqual([5 * MINUTE, 5 * MINUTE]);
    await busy.client.destroy();
  });
});
