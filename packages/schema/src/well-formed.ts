// With the `u` flag, a surrogate pair is one code point (never Cs); only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string with a lone surrogate is refused, for every field that refuses one. */
export const LONE_SURROGATE_MESSAGE =
  'must be well-formed text: it holds a lone UTF-16 surrogate (half of an emoji, e.g. "\\ud83c"), which no query engine can read';

/**
 * True when a string holds a lone UTF-16 surrogate (what `'🎉'.slice(0, 1)` gives). Such a string
 * is not Unicode text: stored, it would make DuckDB and Athena fail on every query of its table.
 *
 * @example
 * hasLoneSurrogate('\ud83c'); // true
 * hasLoneSurrogate('🎉'); // false
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * The path of the first key or string in a JSON value that holds a lone surrogate, or undefined.
 * A key is reported by its own path (it is where the bad text is).
 *
 * @example
 * loneSurrogatePath({ a: ['ok', '\udc00'] }); // ['a', 1]
 */
export function loneSurrogatePath(
  value: unknown,
  at: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (typeof key === 'string' && hasLoneSurrogate(key)) return [...at, key];
    const found = loneSurrogatePath(child, [...at, key]);
    if (found) return found;
  }
  return undefined;
}
