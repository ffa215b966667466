import type { DeviceInfo, ParsedEventFields } from '@analytics-tracker/schema';
import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import { type Enricher, headerValue, type RequestContext } from './enricher.js';

const USER_AGENT = 'User-Agent';
const ORIGIN = 'Origin';
const CACHE_SIZE = 512;

function parse(userAgent: string): DeviceInfo {
  const result = new UAParser(userAgent).getResult();
  const type = result.device.type;
  return {
    device_type:
      type === 'mobile' || type === 'wearable' ? 'mobile' : type === 'tablet' ? 'tablet' : 'desktop',
    browser: result.browser.name ?? null,
    browser_version: result.browser.version ?? null,
    os: result.os.name ?? null,
    is_bot: isbot(userAgent),
  };
}

const NO_DEVICE: DeviceInfo = {
  device_type: 'desktop',
  browser: null,
  browser_version: null,
  os: null,
  is_bot: false,
};

/**
 * A parser of user agents into device type, browser, version, OS and bot flag (ua-parser-js 1.x,
 * isbot). Parsing costs ~10 µs, and real traffic repeats a few agents, so each parser keeps its
 * results in its own small LRU (one per handler: two handlers never share it).
 *
 * @example
 * const deviceInfo = createDeviceParser();
 * deviceInfo('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) …').device_type; // 'mobile'
 */
export function createDeviceParser(): (userAgent: string | null) => DeviceInfo {
  const cache = new Map<string, DeviceInfo>();
  return (userAgent) => {
    if (!userAgent) return NO_DEVICE;
    const hit = cache.get(userAgent);
    if (hit) {
      cache.delete(userAgent);
      cache.set(userAgent, hit);
      return hit;
    }
    const info = parse(userAgent);
    if (cache.size >= CACHE_SIZE) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(userAgent, info);
    return info;
  };
}

/**
 * The visitor's user agent: the event's own `userAgent`, else the request's `User-Agent` header when
 * a browser sent the request. Browsers send `Origin` on every POST; a backend, a server-side SDK or
 * curl does not, and their agent (`node`, `curl/8.5.0`) is not a visitor's: reading it as one would
 * mark every server-side event as a bot and hide it from the analyses that leave bots out.
 *
 * @example
 * visitorUserAgent({}, { origin: 'https://a.example', 'user-agent': 'Mozilla/5.0 …' }); // 'Mozilla/5.0 …'
 * visitorUserAgent({}, { 'user-agent': 'node' }); // null
 */
export function visitorUserAgent(
  event: Pick<ParsedEventFields, 'userAgent'>,
  headers: RequestContext['headers'],
): string | null {
  if (event.userAgent) return event.userAgent;
  return headerValue(headers, ORIGIN) !== undefined ? (headerValue(headers, USER_AGENT) ?? null) : null;
}

/**
 * `userAgent` (the visitor's, see `visitorUserAgent`) and `device`, parsed from it.
 *
 * @example
 * userAgentEnricher.create(deps)(input).device.browser; // 'Mobile Safari'
 */
export const userAgentEnricher: Enricher<'userAgent' | 'device'> = {
  name: 'user agent',
  fills: ['userAgent', 'device'],
  reads: [USER_AGENT, ORIGIN],
  create: () => {
    const deviceInfo = createDeviceParser();
    return (input) => ({ userAgent: input.userAgent, device: deviceInfo(input.userAgent) });
  },
};
