import { describe, expect, it } from 'vitest';
import { createBucketAllowlist, type MatchStats } from './bucket-allowlist.js';

describe('createBucketAllowlist', () => {
  const allowlist = createBucketAllowlist(['app1-analytics-prod', '*-analytics', 'analytics-*', 'a*b*c']);

  it.each([
    ['app1-analytics-prod', true],
    ['app1-analytics-prod2', false],
    ['my-app-analytics', true],
    ['-analytics', true],
    ['analytics', false],
    ['analytics-prod', true],
    ['analytics-', true],
    ['abc', true],
    ['a-x-b-y-c', true],
    ['a-x-c-y-b', false],
    ['other-bucket', false],
    ['', false],
  ])('%s → %s', (bucket, expected) => {
    expect(allowlist.allows(bucket)).toBe(expected);
  });

  it('treats regex metacharacters in names literally', () => {
    const dotted = createBucketAllowlist(['my.bucket', '*.prod']);
    expect(dotted.allows('myxbucket')).toBe(false);
    expect(dotted.allows('my.bucket')).toBe(true);
    expect(dotted.allows('app.prod')).toBe(true);
    expect(dotted.allows('appxprod')).toBe(false);
  });

  it('allows nothing when the list is empty', () => {
    expect(createBucketAllowlist([]).allows('app1-analytics-prod')).toBe(false);
  });

  it('does work linear in the name length on hostile names and many-star patterns', () => {
    const patterns = Array.from({ length: 20 }, (_, i) => `${'*a'.repeat(10 + i)}*b`);
    const hostile = createBucketAllowlist(patterns);
    const name = 'a'.repeat(20_000);
    const stats: MatchStats = { steps: 0 };
    expect(hostile.allows(name, stats)).toBe(false);
    // A backtracking matcher needs ~name² steps per pattern; this one stays within a few passes.
    expect(stats.steps).toBeLessThan(patterns.length * name.length * 4);
  });
});
