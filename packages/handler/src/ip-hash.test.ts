import { describe, expect, it } from 'vitest';
import { createIpHasher } from './ip-hash.js';

describe('createIpHasher', () => {
  const hasher = createIpHasher('a-secret-of-at-least-16-chars');

  it('hashes to 16 hex characters, stable within a day', () => {
    const first = hasher.ipHash('203.0.113.7', '2025-12-17');
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(hasher.ipHash('203.0.113.7', '2025-12-17')).toBe(first);
    expect(first).not.toContain('203');
  });

  it('rotates daily, so days cannot be linked', () => {
    expect(hasher.ipHash('203.0.113.7', '2025-12-18')).not.toBe(hasher.ipHash('203.0.113.7', '2025-12-17'));
  });

  it('depends on the secret, so the IPv4 space cannot be enumerated without it', () => {
    const other = createIpHasher('another-secret-of-16-chars');
    expect(other.ipHash('203.0.113.7', '2025-12-17')).not.toBe(hasher.ipHash('203.0.113.7', '2025-12-17'));
  });

  it('gives one visitor id per bucket, IP and user agent', () => {
    const day = '2025-12-17';
    const visitor = hasher.visitorId('app1-analytics-prod', '203.0.113.7', 'UA', day);
    expect(visitor).toMatch(/^[0-9a-f]{16}$/);
    expect(hasher.visitorId('app1-analytics-prod', '203.0.113.7', 'UA', day)).toBe(visitor);
    expect(hasher.visitorId('app2-analytics-staging', '203.0.113.7', 'UA', day)).not.toBe(visitor);
    expect(hasher.visitorId('app1-analytics-prod', '203.0.113.7', 'Other UA', day)).not.toBe(visitor);
    expect(visitor).not.toBe(hasher.ipHash('203.0.113.7', day));
  });

  it('answers interleaved inputs exactly as a fresh hasher does (it remembers only the last answer)', () => {
    const remembering = createIpHasher('a-secret-of-at-least-16-chars');
    const inputs = [
      ['203.0.113.7', '2025-12-17'],
      ['203.0.113.7', '2025-12-17'],
      ['203.0.113.8', '2025-12-17'],
      ['203.0.113.7', '2025-12-18'],
      ['203.0.113.7', '2025-12-17'],
    ] as const;
    for (const [ip, day] of inputs) {
      expect(remembering.ipHash(ip, day)).toBe(
        createIpHasher('a-secret-of-at-least-16-chars').ipHash(ip, day),
      );
      expect(remembering.visitorId('app1-analytics-prod', ip, 'UA', day)).toBe(
        createIpHasher('a-secret-of-at-least-16-chars').visitorId('app1-analytics-prod', ip, 'UA', day),
      );
    }
  });

  it('still hashes (with a random key) when no secret is configured', () => {
    const a = createIpHasher(undefined).ipHash('203.0.113.7', '2025-12-17');
    const b = createIpHasher(undefined).ipHash('203.0.113.7', '2025-12-17');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
  });
});
