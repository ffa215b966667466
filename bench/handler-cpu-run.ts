import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../packages/handler/scripts/lambda-build-options.js';
import { CHILD_ENV, ROOT, spawnUntil, TSX_ARGS } from './lib/children.js';
import type { PairedRatio } from './lib/stats.js';

/** One batch size's figures from `handler-cpu.ts`. */
export interface CpuFigures {
  eventsPerRequest: number;
  requestsPerRound: number;
  rounds: number;
  handlerCpuUsPerEvent: number;
  floorCpuUsPerEvent: number;
  /** Handler CPU over floor CPU: ratio of the medians, with the quartiles of the rounds. */
  ratio: PairedRatio;
  handlerWallMsPerRequest: number;
  floorWallMsPerRequest: number;
}

/** Handler vs floor per batch size (1, 10, 20, 50), against one kind of S3 endpoint. */
export type CpuResults = Record<string, CpuFigures>;

/**
 * `handler-cpu.ts` bundled with the Lambda's own esbuild settings (minified, SDK inside), as the
 * deployed function runs the handler: compiled on the fly by tsx, the handler's code would carry
 * what tsx adds to every function (a `__name` call per closure made per request) and the floor's
 * would not. Both sides then run the same kind of code from one bundle. Returns the bundle's path.
 */
async function bundleMeasuringChild(dir: string): Promise<string> {
  await build({
    ...lambdaBuildOptions,
    splitting: false,
    entryPoints: { 'handler-cpu': join(ROOT, 'bench/handler-cpu.ts') },
    outdir: dir,
    absWorkingDir: ROOT,
    logLevel: 'error',
  });
  return join(dir, 'handler-cpu.mjs');
}

/**
 * Starts the S3 endpoint (`stub`: 200 + ETag; `s3rver`: the real protocol) in its own process, then
 * the measuring child with it (bundled as the Lambda is), and returns the child's figures.
 *
 * @example
 * const stub = await measureHandlerCpu('stub');
 * stub['50']?.ratio.ratio; // median handler CPU / median floor CPU per event, batches of 50
 */
export async function measureHandlerCpu(kind: 'stub' | 's3rver'): Promise<CpuResults> {
  const server = kind === 's3rver' ? 'bench/s3rver-server.ts' : 'bench/s3-stub.ts';
  const s3 = await spawnUntil(process.execPath, [...TSX_ARGS, server], /^listening /);
  const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
  try {
    const measuring = await bundleMeasuringChild(dir);
    const endpoint = s3.line.split(' ')[1] ?? '';
    // BENCH_PROFILE=<folder> writes a V8 CPU profile of the measuring process there.
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    const child = spawn(process.execPath, [...profile, measuring], {
      cwd: ROOT,
      env: { ...CHILD_ENV, BENCH_ENDPOINT: endpoint, BENCH_S3: kind },
      // The handler's production logs go to stdout, as in Lambda: written, then dropped.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return await new Promise<CpuResults>((resolve, reject) => {
      let results: CpuResults | undefined;
      child.on('message', (message) => {
        results = (message as { results: CpuResults }).results;
      });
      child.on('exit', (code) =>
        results ? resolve(results) : reject(new Error(`handler-cpu (${kind}) exited with ${code}`)),
      );
    });
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
