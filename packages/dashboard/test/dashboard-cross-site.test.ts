import { rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM_ARGS, findChromium } from '@analytics-tracker/testkit';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import {
  type DashboardBackend,
  type DashboardQueries,
  type DashboardServer,
  localBackend,
  startDashboard,
} from '../src/index.js';
import { knownEventsFolder, NOW } from './known-events.js';
import { loadQueries } from './query-layer.js';

let dataDir: string;
let queries: DashboardQueries;
let dashboard: DashboardServer;
/** Page loads that reached the backend (each one runs the page's queries). */
let loads = 0;

/** The real local backend, counting the loads that reach it. */
function counting(backend: DashboardBackend): DashboardBackend {
  return {
    ...backend,
    use: (work) => {
      loads++;
      return backend.use(work);
    },
  };
}

beforeAll(async () => {
  dataDir = await knownEventsFolder('dashboard-cross-site-', config);
  queries = await loadQueries();
  dashboard = await startDashboard({
    config,
    backend: counting(localBackend({ dataDir, config })),
    queries,
    port: 0,
    clock: () => NOW,
  });
}, 60_000);

afterAll(async () => {
  await dashboard?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with exactly the headers a browser would send (fetch cannot set Host or Sec-Fetch-*). */
function get(url: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('requests another web page makes a browser send', () => {
  it.each(['cross-site', 'same-site'])(
    'Sec-Fetch-Site: %s (an <img> or fetch from elsewhere) gets 403 and runs no query',
    async (site) => {
      const before = loads;
      for (const path of [
        '/panels?app=all&range=7d',
        '/api/dashboard?app=all&range=30d',
        '/?app=all',
        '/export.csv?panel=top_pages',
      ]) {
        const reply = await get(`${dashboard.url}${path}`, {
          'sec-fetch-site': site,
          'sec-fetch-dest': 'image',
        });
        expect(reply.status, path).toBe(403);
        expect(reply.body).toContain(`this request came from another site (Sec-Fetch-Site: ${site})`);
      }
      expect(loads).toBe(before);
    },
  );

  it('an Origin other than the dashboard’s own gets 403', async () => {
    const reply = await get(`${dashboard.url}/api/dashboard?app=all`, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('came from another origin');
  });

  it('a rebound DNS name (Host is not the dashboard’s) gets 403', async () => {
    const port = new URL(dashboard.url).port;
    const reply = await get(`${dashboard.url}/api/dashboard`, { host: `attacker.example:${port}` });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('open the dashboard at its localhost address');
  });

  it.each([
    ['same-origin (the page’s own fetch)', { 'sec-fetch-site': 'same-origin' }],
    ['none (an address typed or bookmarked)', { 'sec-fetch-site': 'none' }],
    ['no Sec-Fetch-Site (curl, scripts)', {}],
    ['its own Origin', { 'sec-fetch-site': 'same-origin', origin: 'ORIGIN' }],
  ])('%s is served', async (_label, headers: Record<string, string>) => {
    const own = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, value === 'ORIGIN' ? dashboard.url : value]),
    );
    const reply = await get(`${dashboard.url}/panels?app=app1&range=today`, own);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('data-metric="page_views" data-value="3"');
  });
});

describe('the query queue is bounded', () => {
  it('beyond the cap, a page load gets 503 with Retry-After at once; after, loads run again', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner = localBackend({ dataDir, config });
    // Holds every load until released: the cap is reached deterministically, with no timing.
    const held: DashboardBackend = { ...inner, use: async (work) => gate.then(() => inner.use(work)) };
    const busy = await startDashboard({
      config,
      backend: held,
      queries,
      port: 0,
      clock: () => NOW,
      maxConcurrentLoads: 2,
    });
    try {
      const first = [
        get(`${busy.url}/api/dashboard?app=app1&range=today`, {}),
        get(`${busy.url}/panels?app=app1&range=today`, {}),
      ];
      // Let the two requests reach the server before the third.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await get(`${busy.url}/?app=app1&range=today`, {});
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.body).toContain('The dashboard is busy: 2 page loads are already running (at most 2)');
      const csv = await get(`${busy.url}/export.csv?app=app1&range=today&panel=top_pages`, {});
      expect(csv.status).toBe(503);
      release();
      expect((await Promise.all(first)).map((reply) => reply.status)).toEqual([200, 200]);
      const after = await get(`${busy.url}/?app=app1&range=today`, {});
      expect(after.status).toBe(200);
      expect(after.body).toContain('data-metric="page_views" data-value="3"');
    } finally {
      release();
      await busy.stop();
    }
  });
});

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('another site’s page in headless Chromium', () => {
  it('its <img> and fetch() to the dashboard are refused (the browser says Sec-Fetch-Site) and run no query', async () => {
    // Another site on this machine: same host, another port (the browser calls it same-site).
    const attempts = [
      `<img src="${dashboard.url}/panels?app=all&range=30d">`,
      `<script>fetch('${dashboard.url}/api/dashboard?app=all&range=30d', { mode: 'no-cors' }).finally(() => { document.title = 'done'; });</script>`,
    ].join('\n');
    const seen: (string | undefined)[] = [];
    const evil = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><title>elsewhere</title>${attempts}`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({
      executablePath: chromiumPath ?? 'chromium',
      args: [...CHROMIUM_ARGS],
    });
    try {
      const before = loads;
      const page = await browser.newPage();
      page.on('response', (response) => {
        if (response.url().startsWith(dashboard.url))
          seen.push(`${response.status()} ${response.request().headers()['sec-fetch-site'] ?? ''}`);
      });
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => document.title === 'done');
      await expect.poll(() => seen.length).toBeGreaterThanOrEqual(1);
      expect(loads).toBe(before);
      for (const entry of seen) expect(entry).toMatch(/^403 /);
    } finally {
      await browser.close();
      evil.close();
    }
  });
});
