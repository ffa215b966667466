import { describe, expect, it } from 'vitest';
import { createDeviceParser } from './user-agent.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const IPAD =
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const deviceInfo = createDeviceParser();

describe('deviceInfo', () => {
  it.each([
    [
      IPHONE,
      { device_type: 'mobile', browser: 'Mobile Safari', browser_version: '17.1', os: 'iOS', is_bot: false },
    ],
    [
      IPAD,
      { device_type: 'tablet', browser: 'Mobile Safari', browser_version: '16.6', os: 'iOS', is_bot: false },
    ],
    [
      CHROME_MAC,
      {
        device_type: 'desktop',
        browser: 'Chrome',
        browser_version: '131.0.0.0',
        os: 'Mac OS',
        is_bot: false,
      },
    ],
  ])('parses %s', (userAgent, expected) => {
    expect(deviceInfo(userAgent)).toEqual(expected);
  });

  it('flags bots', () => {
    expect(deviceInfo(GOOGLEBOT).is_bot).toBe(true);
    expect(deviceInfo('curl/8.5.0').is_bot).toBe(true);
  });

  it('returns the same answer from its cache', () => {
    expect(deviceInfo(IPHONE)).toBe(deviceInfo(IPHONE));
  });

  it('claims no device type, browser or OS when there is no user agent', () => {
    expect(deviceInfo(null)).toEqual({
      device_type: null,
      browser: null,
      browser_version: null,
      os: null,
      is_bot: false,
    });
  });
});
