import { describe, expect, it } from 'vitest';
import { tryItRequest } from './try-it.js';

// Expected values from the allow-list rules the original README documents (`*-analytics` matches
// `my-app-analytics`) and from the origin rule (a listed origin, never none, under a list).
describe('tryItRequest', () => {
  it('takes an exact allowed bucket, and no Origin under *', () => {
    expect(
      tryItRequest(
        { allowedBuckets: ['*-analytics', 'app1-prod'], corsOrigins: ['*'], bucketOrigins: {} },
        [],
      ),
    ).toEqual({ bucket: 'app1-prod' });
  });

  it('skips an app bucket the allow-list does not match, and names one from the pattern', () => {
    expect(
      tryItRequest(
        { allowedBuckets: ['*-analytics'], corsOrigins: ['https://example.com'], bucketOrigins: {} },
        ['app1-analytics-prod'],
      ),
    ).toEqual({ bucket: 'my-app-analytics', origin: 'https://example.com' });
  });

  it("sends an origin both the CORS list and the bucket's own list allow", () => {
    expect(
      tryItRequest(
        {
          allowedBuckets: ['shop-analytics'],
          corsOrigins: ['https://a.example', 'https://shop.example'],
          bucketOrigins: { 'shop-analytics': ['https://shop.example'] },
        },
        [],
      ),
    ).toEqual({ bucket: 'shop-analytics', origin: 'https://shop.example' });
    expect(
      tryItRequest(
        {
          allowedBuckets: ['shop-analytics'],
          corsOrigins: ['*'],
          bucketOrigins: { 'shop-analytics': ['https://shop.example'] },
        },
        [],
      ),
    ).toEqual({ bucket: 'shop-analytics', origin: 'https://shop.example' });
  });
});
