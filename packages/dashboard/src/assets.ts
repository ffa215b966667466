import { readFile } from 'node:fs/promises';

/** A file the page needs, served by the dashboard itself: nothing is fetched from the internet. */
export interface Asset {
  type: string;
  body: Buffer;
}

const FILES: Record<string, { file: string; type: string }> = {
  '/assets/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  '/assets/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/assets/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * Reads the page's stylesheet, script and icon once, keyed by URL path.
 *
 * @example
 * const assets = await loadAssets(); assets.get('/assets/dashboard.css')?.type; // 'text/css; charset=utf-8'
 */
export async function loadAssets(): Promise<ReadonlyMap<string, Asset>> {
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([path, { file, type }]) => {
      const body = await readFile(new URL(`./assets/${file}`, import.meta.url));
      return [path, { type, body }] as const;
    }),
  );
  return new Map(entries);
}
