import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_EXPORTS, browserBundle, gzipBytes } from '../packages/client/scripts/measure.js';
import { ROOT } from './lib/children.js';

/** Gzip sizes of the two browser builds of the client. */
export interface ClientFigures {
  /** What a bundler makes of dist/browser.js with every core export, minified, gzip -9. */
  esmGzipBytes: number;
  /** dist/tracker.global.js (the script tag), gzip -9. */
  scriptTagGzipBytes: number;
}

/**
 * Builds the client (`npm run build -w @analytics-tracker/client`) and measures both browser builds
 * the way an app ships them.
 *
 * @example
 * const { esmGzipBytes } = await measureClient();
 */
export async function measureClient(): Promise<ClientFigures> {
  const result = spawnSync('npm', ['run', 'build', '-w', '@analytics-tracker/client'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const dist = join(ROOT, 'packages/client/dist');
  if (result.status !== 0 || !existsSync(join(dist, 'index.js'))) {
    throw new Error('npm run build -w @analytics-tracker/client failed');
  }
  const esm = await browserBundle(dist, ALL_EXPORTS);
  return {
    esmGzipBytes: gzipBytes(esm),
    scriptTagGzipBytes: gzipBytes(readFileSync(join(dist, 'tracker.global.js'))),
  };
}
