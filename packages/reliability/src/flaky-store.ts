import type { EventStore, StoredObject } from '@analytics-tracker/handler';

/** How an injected failure looks to the handler. */
export type FaultKind =
  /** S3 `SlowDown` (503) after the SDK's retries: nothing written. */
  | 'throttle'
  /** S3 `InternalError` (500): nothing written. */
  | 'server-error'
  /** The request times out before S3 has the object: nothing written. */
  | 'timeout-before-write'
  /** The object is written but the response is lost: the caller sees a timeout, S3 has the object. */
  | 'timeout-after-write';

/** Counts of what the flaky store did, for assertions. */
export interface FaultStats {
  calls: number;
  passed: number;
  failed: Record<FaultKind, number>;
}

/** Options of `flakyStore`. */
export interface FlakyStoreOptions {
  /** Share of writes that fail while faulty, 0..1. */
  failureRate: number;
  /** The first `faultyCalls` writes may fail; every later write passes (recovery). */
  faultyCalls: number;
  /** Seed of the deterministic choice of which writes fail and how. */
  seed: number;
  /** How long a simulated timeout takes, in ms. */
  timeoutMs?: number;
}

const KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'timeout-before-write',
  'timeout-after-write',
];

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fault(kind: FaultKind): Error {
  const names: Record<FaultKind, string> = {
    throttle: 'SlowDown',
    'server-error': 'InternalError',
    'timeout-before-write': 'TimeoutError',
    'timeout-after-write': 'TimeoutError',
  };
  return Object.assign(new Error(`injected ${kind}`), { name: names[kind], $retryable: {} });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a real store with injected faults: throttling, 5xx and timeouts (some after the object
 * landed) on a share of the first writes, then recovery. Used as `startOffline({ wrapStore })`.
 *
 * @example
 * const stats = newFaultStats();
 * startOffline({ wrapStore: (store) => flakyStore(store, { failureRate: 0.4, faultyCalls: 200, seed: 7 }, stats) });
 */
export function flakyStore(inner: EventStore, options: FlakyStoreOptions, stats: FaultStats): EventStore {
  const random = seeded(options.seed);
  const timeoutMs = options.timeoutMs ?? 20;
  return {
    async put(object: StoredObject) {
      const call = stats.calls++;
      const fails = call < options.faultyCalls && random() < options.failureRate;
      const kind = KINDS[Math.floor(random() * KINDS.length)] ?? 'throttle';
      if (!fails) {
        await inner.put(object);
        stats.passed++;
        return;
      }
      stats.failed[kind]++;
      if (kind === 'timeout-before-write') await sleep(timeoutMs);
      if (kind === 'timeout-after-write') {
        // S3 did its part (stored the object, or refused it with 412 because it was already there,
        // as first-wins writes do on a retry); the answer never reaches the caller either way.
        await inner.put(object).catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'PreconditionFailed')) throw error;
        });
        await sleep(timeoutMs);
      }
      throw fault(kind);
    },
  };
}

/**
 * Empty counters for `flakyStore`.
 *
 * @example
 * const stats = newFaultStats(); // { calls: 0, passed: 0, failed: { throttle: 0, … } }
 */
export function newFaultStats(): FaultStats {
  return {
    calls: 0,
    passed: 0,
    failed: { throttle: 0, 'server-error': 0, 'timeout-before-write': 0, 'timeout-after-write': 0 },
  };
}
