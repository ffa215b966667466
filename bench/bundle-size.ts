import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHILD_ENV, ROOT } from './lib/children.js';
import { median } from './lib/stats.js';

/** Size and cold import time of the Lambda bundle. */
export interface BundleFigures {
  file: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Median wall time of `node` importing the bundle, minus `node` importing nothing. */
  importMs: number;
  /** The part of `importMs` that is loading `@aws-sdk/client-s3` (outside the bundle, provided by the runtime). */
  sdkImportMs: number;
  nodeBaselineMs: number;
  runs: number;
}

const RUNS = 11;

function nodeWallMs(code: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { ...CHILD_ENV, ALLOWED_BUCKETS: 'app1-analytics-prod' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`node -e ${code} failed`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Builds the Lambda bundle (`npm run build -w @analytics-tracker/handler`), then measures its size
 * (minified, gzip -9) and import time: fresh `node` processes importing it versus importing nothing,
 * interleaved, medians. The AWS SDK is outside the bundle (the runtime provides it) but its load is
 * part of the import time, as in Lambda; `sdkImportMs` says how much of it.
 *
 * @example
 * const { minifiedBytes, importMs } = measureBundle();
 */
export function measureBundle(): BundleFigures {
  const build = spawnSync('npm', ['run', 'build', '-w', '@analytics-tracker/handler'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('npm run build -w @analytics-tracker/handler failed');
  const file = join(ROOT, 'packages/handler/dist/lambda/index.mjs');
  const bytes = readFileSync(file);
  const url = pathToFileURL(file).href;
  const importing: number[] = [];
  const sdkOnly: number[] = [];
  const baseline: number[] = [];
  const importBundle = `await import(${JSON.stringify(url)});`;
  const importSdk = "await import('@aws-sdk/client-s3');";
  nodeWallMs(importBundle); // warm the file cache once
  for (let run = 0; run < RUNS; run++) {
    baseline.push(nodeWallMs(''));
    importing.push(nodeWallMs(importBundle));
    sdkOnly.push(nodeWallMs(importSdk));
  }
  const nodeBaselineMs = median(baseline);
  return {
    file: 'packages/handler/dist/lambda/index.mjs',
    minifiedBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    importMs: median(importing) - nodeBaselineMs,
    sdkImportMs: median(sdkOnly) - nodeBaselineMs,
    nodeBaselineMs,
    runs: RUNS,
  };
}
