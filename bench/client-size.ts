import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BROWSER_TARGET } from '../packages/client/scripts/build-targets.js';
import { ROOT } from './lib/children.js';

/** Gzip sizes of the two browser builds of the client. */
export interface ClientFigures {
  /** What a bundler makes of dist/index.js with every export, minified, gzip -9. */
  esmGzipBytes: number;
  /** dist/tracker.global.js (the script tag), gzip -9. */
  scriptTagGzipBytes: number;
}

const gzip = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;

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
  const esm = await build({
    stdin: {
      contents: "export { createTracker, optIn, optOut, OPT_OUT_KEY, TrackerError } from './index.js';",
      resolveDir: dist,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGET,
    write: false,
    logLevel: 'silent',
  });
  return {
    esmGzipBytes: gzip(esm.outputFiles[0]?.text ?? ''),
    scriptTagGzipBytes: gzip(readFileSync(join(dist, 'tracker.global.js'))),
  };
}
