/**
 * Bucket allow-list: exact names and `*` wildcards, matched without regular expressions.
 * Each pattern is split once at its stars; matching a name is then one left-to-right scan that
 * places every literal segment at its first occurrence (greedy is exact for `*`-only globs) with
 * a KMP search, so a name costs O(name + pattern) per pattern whatever the input. That is
 * measured from outside, by time at n and 2n characters (`BENCH_ONLY=allowlist npm run bench`).
 */

interface CompiledPattern {
  exact: string | undefined;
  prefix: string;
  suffix: string;
  middle: { segment: string; failure: Int32Array }[];
  minLength: number;
}

function failureTable(segment: string): Int32Array {
  const table = new Int32Array(segment.length);
  let k = 0;
  for (let i = 1; i < segment.length; i++) {
    while (k > 0 && segment[i] !== segment[k]) k = table[k - 1] ?? 0;
    if (segment[i] === segment[k]) k++;
    table[i] = k;
  }
  return table;
}

/** Index of `segment` in `text` at or after `from`, bounded by `end`; -1 when absent (KMP, linear). */
function find(text: string, from: number, end: number, pattern: CompiledPattern['middle'][number]): number {
  const { segment, failure } = pattern;
  let k = 0;
  for (let i = from; i < end; i++) {
    while (k > 0 && text[i] !== segment[k]) k = failure[k - 1] ?? 0;
    if (text[i] === segment[k]) k++;
    if (k === segment.length) return i - segment.length + 1;
  }
  return -1;
}

function compile(pattern: string): CompiledPattern {
  const parts = pattern.split('*');
  if (parts.length === 1)
    return { exact: pattern, prefix: '', suffix: '', middle: [], minLength: pattern.length };
  const prefix = parts[0] ?? '';
  const suffix = parts[parts.length - 1] ?? '';
  const middle = parts
    .slice(1, -1)
    .filter((segment) => segment.length > 0)
    .map((segment) => ({ segment, failure: failureTable(segment) }));
  const minLength = prefix.length + suffix.length + middle.reduce((sum, m) => sum + m.segment.length, 0);
  return { exact: undefined, prefix, suffix, middle, minLength };
}

function matches(name: string, pattern: CompiledPattern): boolean {
  if (pattern.exact !== undefined) return name === pattern.exact;
  if (name.length < pattern.minLength) return false;
  if (!name.startsWith(pattern.prefix) || !name.endsWith(pattern.suffix)) return false;
  let at = pattern.prefix.length;
  const end = name.length - pattern.suffix.length;
  for (const segment of pattern.middle) {
    const found = find(name, at, end, segment);
    if (found < 0) return false;
    at = found + segment.segment.length;
  }
  return true;
}

/** Answers whether a bucket may receive events. */
export interface BucketAllowlist {
  /** True when `bucket` equals an exact entry or matches a `*` pattern. */
  allows(bucket: string): boolean;
}

/**
 * Compiles the allow-list once (at cold start), from `ALLOWED_BUCKETS` entries.
 *
 * @example
 * const allowlist = createBucketAllowlist(['app1-analytics-prod', '*-analytics']);
 * allowlist.allows('my-app-analytics'); // true
 * allowlist.allows('other-bucket'); // false
 */
export function createBucketAllowlist(patterns: readonly string[]): BucketAllowlist {
  const exact = new Set(patterns.filter((pattern) => !pattern.includes('*')));
  const wildcards = patterns.filter((pattern) => pattern.includes('*')).map(compile);
  return {
    allows(bucket) {
      if (exact.has(bucket)) return true;
      return wildcards.some((pattern) => matches(bucket, pattern));
    },
  };
}
