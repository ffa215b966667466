import { createBucketAllowlist } from '@analytics-tracker/handler';
import { median, type PairedRatio, pairedRatio } from './lib/stats.js';

/** Time of the bucket allow-list on hostile input of two lengths. */
export interface AllowlistFigures {
  /** Length of the shorter hostile name (the longer is twice as long). */
  nameLength: number;
  patterns: number;
  /** CPU µs of one `allows()` call at n and at 2n: median over rounds of each round's fastest. */
  usAtN: number;
  usAt2N: number;
  /** Time at 2n over time at n: about 2 when linear, about 4 when quadratic. */
  ratio: PairedRatio;
}

const ROUNDS = 21;
/** Timings per round, of which the fastest counts. */
const REPEATS = 5;
const N = 20_000;
// Stars between repeated letters: a backtracking glob (or a regex built from it) tries every split
// of the name, so its time grows at least with the square of the name's length.
const PATTERNS = [
  ...Array.from({ length: 10 }, (_, i) => `${'*a'.repeat(10 + i)}*b`),
  ...Array.from({ length: 10 }, (_, i) => `*${'a'.repeat(5 + i)}b*`),
];

function timeUs(allows: (name: string) => boolean, name: string, calls: number): number {
  // CPU time, not wall time: while another process has the core, no time is counted.
  const started = process.cpuUsage();
  for (let call = 0; call < calls; call++) {
    if (allows(name)) throw new Error('a hostile name was allowed');
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / calls;
}

/**
 * The fastest of a few timings, interleaving the two lengths: other processes can only add time,
 * so the minimum is the least disturbed measure of the matcher's own work.
 */
function fastestPair(allows: (name: string) => boolean, short: string, long: string): [number, number] {
  let atN = Number.POSITIVE_INFINITY;
  let at2N = Number.POSITIVE_INFINITY;
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    atN = Math.min(atN, timeUs(allows, short, 2));
    at2N = Math.min(at2N, timeUs(allows, long, 1));
  }
  return [atN, at2N];
}

/**
 * Measures the allow-list from outside, with a clock: hostile names of n and 2n characters
 * (every pattern almost matches, none does) against many-star patterns; each round keeps the
 * fastest of a few interleaved timings of each length.
 * Linear matching doubles the time; a backtracking matcher would at least quadruple it.
 *
 * @example
 * measureAllowlist().ratio.ratio; // ~2
 */
export function measureAllowlist(): AllowlistFigures {
  const allowlist = createBucketAllowlist(PATTERNS);
  const allows = (name: string) => allowlist.allows(name);
  const short = 'a'.repeat(N);
  const long = 'a'.repeat(2 * N);
  timeUs(allows, short, 20); // warm the JIT on both lengths
  timeUs(allows, long, 10);
  const atN: number[] = [];
  const at2N: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [n, twoN] = fastestPair(allows, short, long);
    atN.push(n);
    at2N.push(twoN);
  }
  return {
    nameLength: N,
    patterns: PATTERNS.length,
    usAtN: median(atN),
    usAt2N: median(at2N),
    ratio: pairedRatio(at2N, atN),
  };
}
