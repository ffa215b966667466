import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the lateness of timers is sampled, in ms. */
const SAMPLE_MS = 10;

/**
 * Runs `work` and measures, beside its result and the ms it took, how late this process's timers
 * fired meanwhile: the longest event-loop stall (a busy loop, or the process not scheduled on a loaded
 * machine), in ms. A deadline test can then tell the code's own waits from the machine's: on a shared
 * two-core CI machine a timer set for the deadline can fire a few hundred ms late, which no code can
 * prevent and Lambda's dedicated CPU does not see.
 *
 * @example
 * const { value, elapsed, lateMs } = await withTimerLateness(() => handler(event, context));
 * expect(elapsed - lateMs).toBeLessThan(1_500);
 */
export async function withTimerLateness<T>(
  work: () => Promise<T>,
): Promise<{ value: T; started: number; elapsed: number; lateMs: number }> {
  // The histogram records each whole sampling interval: what exceeds it is lateness.
  const delays = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  delays.enable();
  const started = performance.now();
  try {
    const value = await work();
    const elapsed = performance.now() - started;
    return { value, started, elapsed, lateMs: Math.max(0, delays.max / 1e6 - SAMPLE_MS) };
  } finally {
    delays.disable();
  }
}
