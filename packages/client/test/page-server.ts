import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A tiny static server for test pages, on its own port so that the tracker is a different origin and
 * CORS is real. `/client.js` (the browser build bundlers pick), `/tracker.global.js` and
 * `/tracker.spa.global.js` are the built files from dist/; every path under a
 * registered prefix serves that prefix's HTML (so single-page-app routes load the same page).
 */
export interface PageServer {
  url: string;
  /** Serves `html` for every path under `/<prefix>/`; returns the page's URL. */
  page(prefix: string, html: string): string;
  stop(): Promise<void>;
}

const dist = join(import.meta.dirname, '..', 'dist');
const FILES: Record<string, string> = {
  '/client.js': 'browser.js',
  '/tracker.global.js': 'tracker.global.js',
  '/tracker.spa.global.js': 'tracker.spa.global.js',
};

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = FILES[path];
    if (file) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(await readFile(join(dist, file)));
      return;
    }
    const html = pages.get(path.split('/')[1] ?? '');
    response.writeHead(html ? 200 : 404, { 'content-type': 'text/html' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page: (prefix, html) => {
      pages.set(prefix, html);
      return `${url}/${prefix}/`;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A page that creates `window.tracker` from the browser build with these options; with `spa`, it also
 * passes the `spaNavigation` module as the `navigation` option, and with `doNotTrack` the `doNotTrack`
 * module as `respectDoNotTrack`.
 */
export function modulePage(options: Record<string, unknown>, spa = false, doNotTrack = false): string {
  const modules = `${spa ? ', navigation: spaNavigation' : ''}${doNotTrack ? ', respectDoNotTrack: doNotTrack' : ''}`;
  return `<!doctype html><html><head><title>test</title></head><body><a id="next" href="/">next</a>
<script type="module">
import { createTracker, doNotTrack, spaNavigation } from '/client.js';
window.tracker = createTracker({ ...${JSON.stringify(options)}${modules} });
</script></body></html>`;
}
