/**
 * Median of a non-empty list (the mean of the middle two for an even count).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/**
 * Rounds to `digits` decimals, so results read well in JSON.
 *
 * @example
 * round(1.23456, 2); // 1.23
 */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * The `q` quantile (0..1) of a non-empty list, interpolating linearly between ranks (as
 * numpy's default and R's type 7), so the quartiles of 21 rounds are between real rounds.
 *
 * @example
 * quantile([1, 2, 3, 4, 5], 0.75); // 4
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const below = sorted[Math.floor(rank)] ?? 0;
  const above = sorted[Math.ceil(rank)] ?? below;
  return below + (above - below) * (rank - Math.floor(rank));
}

/** A ratio measured over paired rounds: the ratio of the medians, and how the rounds spread. */
export interface PairedRatio {
  /** median(numerators) / median(denominators): what the table's two columns give. */
  ratio: number;
  /** Lower and upper quartile of the per-round ratios. */
  q1: number;
  q3: number;
  rounds: number;
}

/**
 * Compares two figures measured in the same rounds (round i of each ran back to back). The
 * headline is the ratio of the medians, so it agrees with the medians printed beside it; the
 * quartiles of the per-round ratios say how far a single round strays, and a target counts as met
 * only when the upper quartile meets it.
 *
 * @example
 * pairedRatio([2, 4, 3], [1, 2, 1]).ratio; // 3
 */
export function pairedRatio(numerators: readonly number[], denominators: readonly number[]): PairedRatio {
  if (numerators.length !== denominators.length) throw new RangeError('rounds must pair up');
  const perRound = numerators.map((value, round) => value / (denominators[round] ?? Number.NaN));
  return {
    ratio: median(numerators) / median(denominators),
    q1: quantile(perRound, 0.25),
    q3: quantile(perRound, 0.75),
    rounds: perRound.length,
  };
}
