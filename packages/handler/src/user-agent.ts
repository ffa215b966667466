import type { DeviceInfo, ParsedEventFields, UserAgentMode } from '@analytics-tracker/schema';
import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import { type Enricher, headerValue, type RequestContext } from './enricher.js';

const USER_AGENT = 'User-Agent';
const ORIGIN = 'Origin';
const CACHE_SIZE = 512;

function parse(userAgent: string): DeviceInfo {
  // Only the parts stored: `getResult()` would also run the engine and CPU rule lists, whose
  // regular expressions a cold start would compile for nothing.
  const parser = new UAParser(userAgent);
  const browser = parser.getBrowser();
  const type = parser.getDevice().type;
  return {
    device_type:
      type === 'mobile' || type === 'wearable' ? 'mobile' : type === 'tablet' ? 'tablet' : 'desktop',
    browser: browser.name ?? null,
    browser_version: browser.version ?? null,
    os: parser.getOS().name ?? null,
    is_bot: isbot(userAgent),
  };
}

// No User-Agent header (backends, curl): nothing is known of the device, so nothing is claimed;
// the dashboard shows such views as "unknown", as it does the original's "unknown" rows.
const NO_DEVICE: DeviceInfo = {
  device_type: null,
  browser: null,
  browser_version: null,
  os: null,
  is_bot: false,
};

/**
 * A parser of user agents into device type, browser, version, OS and bot flag (ua-parser-js 1.x,
 * isbot). Parsing costs ~10 µs, and real traffic repeats a few agents, so each parser keeps its
 * results in its own small LRU (one per handler: two handlers never share it). The events of a batch
 * share the request's agent: a repeat of the last agent is answered before the LRU is touched.
 *
 * @example
 * const deviceInfo = createDeviceParser();
 * deviceInfo('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) …').device_type; // 'mobile'
 */
export function createDeviceParser(): (userAgent: string | null) => DeviceInfo {
  const cache = new Map<string, DeviceInfo>();
  let lastAgent = '';
  let lastInfo = NO_DEVICE;
  const lookUp = (userAgent: string): DeviceInfo => {
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
  return (userAgent) => {
    if (!userAgent) return NO_DEVICE;
    if (userAgent !== lastAgent) {
      lastInfo = lookUp(userAgent);
      lastAgent = userAgent;
    }
    return lastInfo;
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
 * The device fields kept under a user-agent mode: all of them, or with `none` only the device type
 * and the bot flag (so crawlers stay out of the figures); browser, version and OS are dropped.
 *
 * @example
 * keptDevice(deviceInfo(iphoneAgent), 'none'); // { device_type: 'mobile', browser: null, browser_version: null, os: null, is_bot: false }
 */
export function keptDevice(device: DeviceInfo, mode: UserAgentMode): DeviceInfo {
  if (mode !== 'none') return device;
  return { ...device, browser: null, browser_version: null, os: null };
}

/**
 * The user agent string kept under a mode: always with `full`; with `parsed` only a crawler's (it
 * names software, not a person, and the bots panel names crawlers from it); never with `none`.
 *
 * @example
 * keptUserAgent('Mozilla/5.0 (compatible; Googlebot/2.1)', true, 'parsed'); // kept
 * keptUserAgent('Mozilla/5.0 (X11; Linux x86_64) …', false, 'parsed'); // null
 */
export function keptUserAgent(userAgent: string | null, isBot: boolean, mode: UserAgentMode): string | null {
  return mode === 'full' || (mode === 'parsed' && isBot) ? userAgent : null;
}

/**
 * `userAgent` (the visitor's, see `visitorUserAgent`, kept as `deps.userAgent` says) and `device`,
 * parsed from it.
 *
 * @example
 * userAgentEnricher.create(deps)(input).device.browser; // 'Mobile Safari'
 */
export const userAgentEnricher: Enricher<'userAgent' | 'device'> = {
  name: 'user agent',
  fills: ['userAgent', 'device'],
  reads: [USER_AGENT, ORIGIN],
  create: ({ userAgent: mode }) => {
    const deviceInfo = createDeviceParser();
    return (input) => {
      const device = deviceInfo(input.userAgent);
      return {
        userAgent: keptUserAgent(input.userAgent, device.is_bot, mode),
        device: keptDevice(device, mode),
      };
    };
  },
};
