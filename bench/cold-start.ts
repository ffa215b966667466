import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handlerConfigFromTracker, handlerEnv, parseTrackerConfig } from '@analytics-tracker/schema';
import { build, type Metafile } from 'esbuild';
import { lambdaBuildOptions } from '../packages/handler/scripts/lambda-build-options.js';
import { type BundleBytes, bundleBytes } from './lib/bundle-files.js';
import { CHILD_ENV, ROOT, spawnUntil, TSX_ARGS } from './lib/children.js';
import { BENCH_BUCKET, browserEvent, requestBody } from './lib/events.js';
import { median, type PairedRatio, pairedRatio } from './lib/stats.js';

/** Whole-process figures of one kind of bundle over the rounds. */
export interface ColdStartRuns {
  /** Median CPU (user + system) of the process, from start to the first response. */
  cpuMs: number;
  /** Median wall time from process start to the first response. */
  wallMs: number;
}

/** Cold start of the handler bundle against the SDK-only floor, and what code splitting buys. */
export interface ColdStartFigures {
  rounds: number;
  /** The tracker's bundle (`packages/handler/dist/lambda/tracker`, its deployed zip). */
  handlerBytes: BundleBytes;
  /** The SDK-only floor bundle. */
  floorBytes: BundleBytes;
  floor: ColdStartRuns;
  handler: ColdStartRuns;
  /** The same handler in one file, tRPC evaluated lazily (esbuild's `__esm` wrapper) instead of split. */
  handlerOneFile: ColdStartRuns;
  /**
   * A second copy of the floor, run as a fourth kind: its ratio to the floor is what the bench reads
   * when nothing differs (1.00x on a quiet machine), the resolution every other ratio has.
   */
  floorCopy?: ColdStartRuns;
  /** handler CPU / floor CPU. */
  ratio: PairedRatio;
  oneFileRatio: PairedRatio;
  /** floor copy CPU / floor CPU. */
  copyRatio?: PairedRatio;
}

const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 21);

// Runs in a fresh `node`: import the bundle, store one event, report CPU and wall time on fd 3
// (stdout carries the handler's own logs, as in Lambda).
const invoke = (entry: string, event: unknown) => `
const { handler } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const result = await handler(${JSON.stringify(event)});
const cpu = process.cpuUsage();
const line = JSON.stringify({ status: result.statusCode, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() });
(await import('node:fs')).writeSync(3, line);
`;

function coldRun(code: string, env: NodeJS.ProcessEnv): { cpuMs: number; wallMs: number } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  });
  const report = run.output[3]?.toString('utf8') ?? '';
  if (run.status !== 0 || !report) throw new Error(`cold start run failed (exit ${run.status})`);
  const parsed = JSON.parse(report) as { status: number; cpuMs: number; wallMs: number };
  if (parsed.status !== 200) throw new Error(`cold start answered ${parsed.status}`);
  return parsed;
}

async function buildInto(dir: string, entry: string, splitting: boolean): Promise<Metafile> {
  const { metafile } = await build({
    ...lambdaBuildOptions,
    splitting,
    entryPoints: { index: join(ROOT, entry) },
    outdir: dir,
    absWorkingDir: ROOT, // metafile paths relative to the repository
    metafile: true,
  });
  return metafile;
}

/**
 * Cold start, as Lambda's init phase plus the first request pays it: a fresh `node` imports a
 * bundle and stores one event to a loopback S3 stub (in its own process), for three bundles built
 * with the same esbuild settings: the SDK-only floor (`cold-start/sdk-floor.ts`: `S3Client` +
 * `PutObjectCommand`, one object), the handler as deployed (`npm run build -w
 * @analytics-tracker/handler`), and the handler in one file without code splitting; and a copy of
 * the floor, whose ratio to the floor is the bench's own spread. All four load from one temporary
 * folder. Rounds run the four back to back, in a rotating order; figures are medians of
 * whole-process CPU and wall time.
 *
 * @example
 * const { ratio } = await measureColdStart(); // ratio.ratio: handler CPU / floor CPU
 */
export async function measureColdStart(): Promise<ColdStartFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const s3 = await spawnUntil(process.execPath, [...TSX_ARGS, 'bench/s3-stub.ts'], /^listening /);
  try {
    const handlerBuild = spawnSync('npm', ['run', 'build', '-w', '@analytics-tracker/handler'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (handlerBuild.status !== 0) throw new Error('npm run build -w @analytics-tracker/handler failed');
    const floorMeta = await buildInto(join(dir, 'floor'), 'bench/cold-start/sdk-floor.ts', true);
    await buildInto(join(dir, 'one-file'), 'packages/handler/src/lambda.ts', false);
    const handlerMeta = JSON.parse(
      readFileSync(join(ROOT, 'packages/handler/dist/lambda.meta.json'), 'utf8'),
    ) as Metafile;
    // The deployed folder, copied beside the bundles built here: all load from the same kind of
    // folder, so they differ in their code only.
    cpSync(join(ROOT, 'packages/handler/dist/lambda/tracker'), join(dir, 'handler'), { recursive: true });
    cpSync(join(dir, 'floor'), join(dir, 'floor-copy'), { recursive: true });
    const entries = {
      floor: join(dir, 'floor/index.mjs'),
      floorCopy: join(dir, 'floor-copy/index.mjs'),
      handler: join(dir, 'handler/index.mjs'),
      handlerOneFile: join(dir, 'one-file/index.mjs'),
    };
    const env: NodeJS.ProcessEnv = {
      ...CHILD_ENV,
      // The environment Terraform gives the function (the schema's one mapping, as `handlerEnvironment`
      // writes it): the handler's init validates every variable of it, e.g. PARTITION_TIME_ZONE=UTC.
      ...handlerEnv(
        handlerConfigFromTracker(parseTrackerConfig({ allowedBuckets: [BENCH_BUCKET], enableMetrics: true })),
      ),
      AWS_ENDPOINT_URL_S3: s3.line.split(' ')[1] ?? '',
      // The handler reads the day's salt from SSM Parameter Store on its first event, as in Lambda:
      // the stub answers GetParameter too.
      AWS_ENDPOINT_URL_SSM: s3.line.split(' ')[1] ?? '',
    };
    const event = browserEvent(requestBody(0, 1), 0);
    const kinds = Object.keys(entries) as (keyof typeof entries)[];
    const runs = { floor: [], floorCopy: [], handler: [], handlerOneFile: [] } as Record<
      keyof typeof entries,
      { cpuMs: number; wallMs: number }[]
    >;
    for (const kind of kinds) coldRun(invoke(entries[kind], event), env); // file cache warm for all
    for (let round = 0; round < ROUNDS; round++) {
      for (let turn = 0; turn < kinds.length; turn++) {
        // Rotating, and in reverse every other round: each kind starts a round as often as the
        // others, and follows each of the others as often (a process runs a little faster or slower
        // after a given one; a fixed order would give that to one kind only).
        const step = round % 2 === 0 ? turn : kinds.length - 1 - turn;
        const kind = kinds[(Math.floor(round / 2) + step) % kinds.length] as keyof typeof entries;
        runs[kind].push(coldRun(invoke(entries[kind], event), env));
      }
    }
    const summary = (kind: keyof typeof entries): ColdStartRuns => ({
      cpuMs: median(runs[kind].map((run) => run.cpuMs)),
      wallMs: median(runs[kind].map((run) => run.wallMs)),
    });
    const cpu = (kind: keyof typeof entries) => runs[kind].map((run) => run.cpuMs);
    return {
      rounds: ROUNDS,
      handlerBytes: bundleBytes(handlerMeta, 'dist/lambda/tracker/index.mjs', join(ROOT, 'packages/handler')),
      floorBytes: bundleBytes(floorMeta, relative(ROOT, entries.floor), ROOT),
      floor: summary('floor'),
      handler: summary('handler'),
      handlerOneFile: summary('handlerOneFile'),
      floorCopy: summary('floorCopy'),
      ratio: pairedRatio(cpu('handler'), cpu('floor')),
      oneFileRatio: pairedRatio(cpu('handlerOneFile'), cpu('floor')),
      copyRatio: pairedRatio(cpu('floorCopy'), cpu('floor')),
    };
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
