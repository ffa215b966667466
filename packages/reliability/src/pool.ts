/**
 * Runs `task(0..count-1)` with at most `concurrency` in flight, and returns the results in order.
 *
 * @example
 * const statuses = await runPool(100, 16, async (i) => (await fetch(url)).status);
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
