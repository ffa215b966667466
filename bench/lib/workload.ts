/**
 * Who sends the bench's traffic: user agents, referrers, pages and client addresses drawn from
 * skewed (Zipf) distributions with long tails of hundreds of variants, as real sites see. A few
 * values make most of the traffic and caches hit on them; the tail keeps missing, so a cache
 * cannot hide the work a real mix costs. Draws are a pure function of a sequence number: every run
 * sends the same traffic.
 */

/** A well-mixed 32-bit hash of a number (Murmur3's finalizer), as a fraction in [0, 1). */
function unit(seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** A Zipf sampler over `values` (the first is the most frequent): rank k has weight 1 / k^s. */
function zipf<T>(values: readonly T[], s: number, stream: number): (sequence: number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= values.length; rank++) {
    total += 1 / rank ** s;
    cumulative.push(total);
  }
  return (sequence) => {
    const target = unit(sequence * 7919 + stream) * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? total) < target) low = middle + 1;
      else high = middle;
    }
    return values[low] as T;
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Real browser user-agent shapes across versions, platforms and devices; a few crawlers. */
const USER_AGENTS: readonly string[] = [
  ...range(100, 131)
    .reverse()
    .flatMap((v) => [
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
      `Mozilla/5.0 (Linux; Android 14; Pixel ${6 + (v % 3)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36`,
      `Mozilla/5.0 (Linux; Android 13; SM-S91${v % 10}B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36`,
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.${2000 + v}.${v % 90}`,
      `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
    ]),
  ...[15, 16, 17, 18].flatMap((major) =>
    range(0, 6).flatMap((minor) => [
      `Mozilla/5.0 (iPhone; CPU iPhone OS ${major}_${minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${major}.${minor} Mobile/15E148 Safari/604.1`,
      `Mozilla/5.0 (iPad; CPU OS ${major}_${minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${major}.${minor} Mobile/15E148 Safari/604.1`,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${major}.${minor} Safari/605.1.15`,
    ]),
  ),
  ...range(110, 133)
    .reverse()
    .flatMap((v) => [
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
      `Mozilla/5.0 (X11; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
    ]),
  ...range(20, 26).map(
    (v) =>
      `Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/${v}.0 Chrome/${100 + v}.0.0.0 Mobile Safari/537.36`,
  ),
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
];

const SEARCH_TERMS = ['analytics', 'serverless', 'pricing', 'lambda', 's3', 'athena', 'tracker', 'privacy'];

/** Where visitors come from: none (direct) most often, then search, social, and a tail of sites. */
const REFERRERS: readonly (string | undefined)[] = [
  undefined,
  ...SEARCH_TERMS.flatMap((term, i) => [
    `https://www.google.com/search?q=${term}`,
    `https://www.bing.com/search?q=${term}+${i}`,
    `https://duckduckgo.com/?q=${term}`,
  ]),
  'https://t.co/',
  'https://www.linkedin.com/',
  'https://news.ycombinator.com/',
  ...range(1, 250).map((n) => `https://blog-${n}.example.org/posts/${n * 7}?ref=share`),
];

/** Pages of the site: a few landing pages take most views, articles form the tail. */
const PAGES: readonly string[] = [
  '/',
  '/pricing',
  '/docs',
  ...range(1, 300).map((n) =>
    n % 3 === 0
      ? `/articles/post-${n}?utm_source=newsletter&utm_medium=email&utm_campaign=launch-${n % 12}`
      : `/articles/post-${n}`,
  ),
];

/** Client addresses: IPv4 and IPv6 documentation ranges, a thousand in all. */
const ADDRESSES: readonly string[] = [
  ...range(0, 255).map((n) => `198.51.100.${n}`),
  ...range(0, 255).map((n) => `203.0.113.${n}`),
  ...range(0, 255).map((n) => `192.0.2.${n}`),
  ...range(1, 232).map((n) => `2001:db8::${n.toString(16)}`),
];

/** How skewed each draw is (Zipf exponent): around 1 for web traffic. */
const SKEW = 1.1;

/**
 * The user agent of request number `sequence` (one of hundreds, Zipf-distributed).
 *
 * @example
 * userAgentOf(0).startsWith('Mozilla/5.0'); // true
 */
export const userAgentOf: (sequence: number) => string = zipf(USER_AGENTS, SKEW, 1);

/**
 * The client address of request number `sequence` (one of a thousand, Zipf-distributed).
 *
 * @example
 * addressOf(0); // e.g. '198.51.100.0'
 */
export const addressOf: (sequence: number) => string = zipf(ADDRESSES, SKEW, 2);

/**
 * The referrer of event number `sequence`, or `undefined` for direct traffic.
 *
 * @example
 * referrerOf(3); // e.g. 'https://www.google.com/search?q=analytics'
 */
export const referrerOf: (sequence: number) => string | undefined = zipf(REFERRERS, SKEW, 3);

/**
 * The page of event number `sequence`.
 *
 * @example
 * pageOf(0).startsWith('/'); // true
 */
export const pageOf: (sequence: number) => string = zipf(PAGES, SKEW, 4);

/** How many distinct values each draw has, for the README. */
export const WORKLOAD_SIZES = {
  userAgents: USER_AGENTS.length,
  referrers: REFERRERS.length,
  pages: PAGES.length,
  addresses: ADDRESSES.length,
};
