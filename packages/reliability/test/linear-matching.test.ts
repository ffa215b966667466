import { createBucketAllowlist } from '@analytics-tracker/handler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const NAME_LENGTH = 20_000;

/** A textbook glob matcher (dynamic programming, quadratic) as the reference for small inputs. */
function referenceMatch(name: string, pattern: string): boolean {
  let row = new Array<boolean>(pattern.length + 1).fill(false);
  row[0] = true;
  for (let j = 1; j <= pattern.length; j++) row[j] = pattern[j - 1] === '*' && (row[j - 1] ?? false);
  for (let i = 1; i <= name.length; i++) {
    const next = new Array<boolean>(pattern.length + 1).fill(false);
    for (let j = 1; j <= pattern.length; j++) {
      next[j] =
        pattern[j - 1] === '*'
          ? (next[j - 1] ?? false) || (row[j] ?? false)
          : (row[j - 1] ?? false) && pattern[j - 1] === name[i - 1];
    }
    row = next;
  }
  return row[pattern.length] ?? false;
}

/** Patterns built to make a backtracking matcher explode on long runs of one letter. */
function adversarialPatterns(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const stars = 2 + (index % 30);
    return `${Array.from({ length: stars }, () => 'a'.repeat(1 + (index % 4))).join('*')}*b`;
  });
}

describe('linear allow-list matching', () => {
  // Linear time is measured from outside, by the clock, at n and 2n characters
  // (`BENCH_ONLY=allowlist npm run bench`, a target of `npm run bench`). Here: the hostile inputs get
  // the answers their construction gives. A backtracking matcher does not finish them (these tests
  // then fail on vitest's timeout), a regex built from a pattern neither.
  it('answers 20,000-character hostile names against 200 many-star patterns', () => {
    const allowlist = createBucketAllowlist([...adversarialPatterns(200), '*-analytics', '*a*b*c*d*e*f*']);
    // Every pattern needs a `b` (or ends in `-analytics`): names without one match none.
    expect(allowlist.allows('a'.repeat(NAME_LENGTH))).toBe(false);
    expect(allowlist.allows(`${'a'.repeat(NAME_LENGTH - 1)}c`)).toBe(false);
    // The first pattern is `a*a*b`: any name of a's ending in `b` matches it.
    expect(allowlist.allows(`${'a'.repeat(NAME_LENGTH)}b`)).toBe(true);
    expect(allowlist.allows(`${'a'.repeat(NAME_LENGTH / 2)}-analytics`)).toBe(true);
  });

  it('still answers correctly on those inputs', () => {
    const allowlist = createBucketAllowlist(['*-analytics', 'a*a*a*b']);
    expect(allowlist.allows(`${'a'.repeat(NAME_LENGTH)}-analytics`)).toBe(true);
    expect(allowlist.allows('a'.repeat(NAME_LENGTH))).toBe(false);
    expect(allowlist.allows(`${'a'.repeat(NAME_LENGTH)}b`)).toBe(true);
  });

  it('agrees with a reference glob matcher on 2,000 random names and patterns', () => {
    const letters = fc.constantFrom('a', 'b', '-', '*');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: letters, minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '-'), maxLength: 16 }),
        (patterns, name) => {
          const expected = patterns.some((pattern) => referenceMatch(name, pattern));
          expect(createBucketAllowlist(patterns).allows(name)).toBe(expected);
        },
      ),
      { numRuns: 2_000, seed: 42 },
    );
  });
});
