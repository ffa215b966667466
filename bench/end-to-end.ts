import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD_ENV, ROOT, spawnUntil } from './lib/children.js';
import { requestBody } from './lib/events.js';
import { median } from './lib/stats.js';

const CONNECTIONS = 10;
const SECONDS = 5;
const RUNS = 3;

/** One load shape's figures, medians over `runs`. */
export interface LoadFigures {
  eventsPerRequest: number;
  connections: number;
  secondsPerRun: number;
  runs: number;
  requestsPerSecond: number;
  eventsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Connection errors, timeouts and non-2xx answers, summed over all runs (must be 0). */
  errors: number;
}

/** Single events and batches of 50 against `npm run offline`. */
export interface EndToEndResults {
  single: LoadFigures;
  batch50: LoadFigures;
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function autocannon(url: string, bodyFile: string, seconds: number): Promise<AutocannonResult> {
  const args = [
    join(ROOT, 'node_modules/autocannon/autocannon.js'),
    ...['-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST'],
    ...['-H', 'content-type=text/plain;charset=UTF-8', '-i', bodyFile, '--json', url],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(output) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon exited with ${code} without a JSON result`));
      }
    });
  });
}

async function load(url: string, size: number, directory: string): Promise<LoadFigures> {
  const bodyFile = join(directory, `body-${size}.json`);
  // No client eventIds: the server derives them from the content, so every request targets the same
  // keys again; the embedded S3 answers If-None-Match with 412 as S3 does, so after the first request
  // each one measures the already-stored path (validation, enrichment and a refused write).
  writeFileSync(bodyFile, requestBody(0, size));
  await autocannon(url, bodyFile, 1); // warm-up
  const runs: AutocannonResult[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await autocannon(url, bodyFile, SECONDS));
  const requestsPerSecond = median(runs.map((run) => run.requests.average));
  return {
    eventsPerRequest: size,
    connections: CONNECTIONS,
    secondsPerRun: SECONDS,
    runs: RUNS,
    requestsPerSecond,
    eventsPerSecond: requestsPerSecond * size,
    latencyP50Ms: median(runs.map((run) => run.latency.p50)),
    latencyP99Ms: median(runs.map((run) => run.latency.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors + run.timeouts + run.non2xx, 0),
  };
}

/**
 * Starts `npm run offline` (random ports, a temporary data folder) and loads it with autocannon:
 * single events, then batches of 50, each for `RUNS` runs of `SECONDS` seconds after a warm-up.
 *
 * @example
 * const { single, batch50 } = await measureEndToEnd();
 */
export async function measureEndToEnd(): Promise<EndToEndResults> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-offline-'));
  const offline = await spawnUntil('npm', ['run', 'offline'], /offline: http:\/\/\S+\/track/, {
    env: { ...CHILD_ENV, PORT: '0', S3_PORT: '0', DATA_DIR: join(directory, 'data') },
  });
  try {
    const url = /(http:\/\/\S+\/track)/.exec(offline.line)?.[1] ?? '';
    return { single: await load(url, 1, directory), batch50: await load(url, 50, directory) };
  } finally {
    await offline.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
