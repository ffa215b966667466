import { describe, expect, it } from 'vitest';
import { createIpHasher, keyedHash } from './ip-hash.js';

// A fixed salt for known-answer vectors. Each expected value below was computed with OpenSSL, not
// with this code:
//   SALT=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
//   printf 'app1-analytics-prod\n203.0.113.7' | openssl dgst -sha256 -hmac "$SALT"
//   printf 'app2-analytics-staging\n203.0.113.7' | openssl dgst -sha256 -hmac "$SALT"
//   printf 'app1-analytics-prod\n203.0.113.7\nMozilla/5.0 (X11; Linux x86_64) UniqueFingerprintToken/42' | openssl dgst -sha256 -hmac "$SALT"
//   printf 'app1-analytics-prod\n2001:db8::1' | openssl dgst -sha256 -hmac "$SALT"
// and cut to the first 16 hex characters.
const SALT = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) UniqueFingerprintToken/42';

describe('keyed hashes (known answers from openssl dgst -sha256 -hmac)', () => {
  const hasher = createIpHasher();

  it('ip is HMAC-SHA256(salt, bucket \\n ip), first 16 hex', () => {
    expect(hasher.ipHash(SALT, 'app1-analytics-prod', '203.0.113.7')).toBe('a198abeb1189e823');
    expect(hasher.ipHash(SALT, 'app1-analytics-prod', '2001:db8::1')).toBe('51dc300a579081fe');
  });

  it('ip includes the bucket, so two apps never share an identifier', () => {
    expect(hasher.ipHash(SALT, 'app2-analytics-staging', '203.0.113.7')).toBe('01cd1f1091b7ccb0');
  });

  it('visitorId is HMAC-SHA256(salt, bucket \\n ip \\n user agent), first 16 hex', () => {
    expect(hasher.visitorId(SALT, 'app1-analytics-prod', '203.0.113.7', UA)).toBe('a9a6aaf5e2a11113');
    expect(keyedHash(SALT, `app1-analytics-prod\n203.0.113.7\n${UA}`)).toBe('a9a6aaf5e2a11113');
  });

  it('changes with the salt, so days (each with its own random salt) cannot be linked', () => {
    const otherDay = 'ff'.repeat(32);
    expect(hasher.ipHash(otherDay, 'app1-analytics-prod', '203.0.113.7')).not.toBe('a198abeb1189e823');
  });

  it('answers interleaved inputs exactly as a fresh hasher does (it remembers only the last answer)', () => {
    const remembering = createIpHasher();
    const inputs = [
      [SALT, '203.0.113.7'],
      [SALT, '203.0.113.7'],
      [SALT, '203.0.113.8'],
      ['ff'.repeat(32), '203.0.113.7'],
      [SALT, '203.0.113.7'],
    ] as const;
    for (const [salt, ip] of inputs) {
      expect(remembering.ipHash(salt, 'app1-analytics-prod', ip)).toBe(
        keyedHash(salt, `app1-analytics-prod\n${ip}`),
      );
      expect(remembering.visitorId(salt, 'app1-analytics-prod', ip, 'UA')).toBe(
        keyedHash(salt, `app1-analytics-prod\n${ip}\nUA`),
      );
    }
  });
});
