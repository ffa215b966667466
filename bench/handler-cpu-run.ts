import { spawn } from 'node:child_process';
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
 * Starts the S3 endpoint (`stub`: 200 + ETag; `s3rver`: the real protocol) in its own process, then
 * the measuring child with it, and returns the child's figures.
 *
 * @example
 * const stub = await measureHandlerCpu('stub');
 * stub['50']?.ratio.ratio; // median handler CPU / median floor CPU per event, batches of 50
 */
export async function measureHandlerCpu(kind: 'stub' | 's3rver'): Promise<CpuResults> {
  const server = kind === 's3rver' ? 'bench/s3rver-server.ts' : 'bench/s3-stub.ts';
  const s3 = await spawnUntil(process.execPath, [...TSX_ARGS, server], /^listening /);
  try {
    const endpoint = s3.line.split(' ')[1] ?? '';
    // BENCH_PROFILE=<folder> writes a V8 CPU profile of the measuring process there.
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    const child = spawn(process.execPath, [...TSX_ARGS, ...profile, 'bench/handler-cpu.ts'], {
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
  }
}
