import { createBucketAllowlist, type MatchStats } from '@analytics-tracker/handler';
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
  it('matches 20,000-character names against 200 many-star patterns in work linear in their sizes', () => {
    const patterns = [...adversarialPatterns(200), 'app1-analytics-prod', '*-analytics', '*a*b*c*d*e*f*'];
    const allowlist = createBucketAllowlist(patterns);
    const patternChars = patterns.reduce((sum, pattern) => sum + pattern.length, 0);
    const names = [
      'a'.repeat(NAME_LENGTH),
      `${'a'.repeat(NAME_LENGTH - 1)}c`,
      'ab'.repeat(NAME_LENGTH / 2),
      `${'a'.repeat(NAME_LENGTH / 2)}-analytic`,
      `${'aaab'.repeat(NAME_LENGTH / 4 - 1)}xyza`,
    ];
    for (const name of names) {
      const stats: MatchStats = { steps: 0 };
      allowlist.allows(name, stats);
      // KMP does at most 2 comparisons per character per pattern, plus a constant per segment:
      // 4x that is generous; a backtracking matcher needs orders of magnitude more on these inputs.
      expect(stats.steps).toBeLessThanOrEqual(4 * (patterns.length * name.length + patternChars));
    }
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
