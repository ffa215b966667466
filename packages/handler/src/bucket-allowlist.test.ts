import { describe, expect, it } from 'vitest';
import { createBucketAllowlist } from './bucket-allowlist.js';

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
});
