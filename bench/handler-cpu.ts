/**
 * Child process of `npm run bench`: handler CPU per event against an S3 endpoint in another process
 * (BENCH_ENDPOINT; BENCH_S3=stub or s3rver), beside the floor on the same events: JSON.parse +
 * JSON.stringify + one HMAC-SHA256 per event, plus one PutObject through the same S3 client per
 * stored object. CPU is `process.cpuUsage()` (user + system, all threads of this process).
 * Reports through IPC; its stdout (the handler's production logs) goes nowhere.
 */
import { createHmac } from 'node:crypto';
import { createHandler, createS3Store } from '@analytics-tracker/handler';
import { s3rverClient } from '@analytics-tracker/local';
import {
  handlerConfigFromEnv,
  handlerConfigFromTracker,
  handlerEnv,
  parseTrackerConfig,
} from '@analytics-tracker/schema';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BENCH_BUCKET, browserEvent, requestBody } from './lib/events.js';
import { median } from './lib/stats.js';

/**
 * Requests per measured round for each batch size (about 150 events a round). Rounds are short and
 * many, handler and floor alternating, so load from other processes hits both alike; the ratio is
 * the median of the per-round ratios.
 */
const ALL_SIZES: Record<number, number> = { 1: 150, 10: 16, 20: 8, 50: 4 };
/** BENCH_SIZES=50 measures (or profiles) one batch size only. */
const PLAN = process.env.BENCH_SIZES
  ? Object.fromEntries(process.env.BENCH_SIZES.split(',').map((size) => [size, ALL_SIZES[Number(size)] ?? 8]))
  : ALL_SIZES;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const WARMUP_REQUESTS = 150;

const endpoint = process.env.BENCH_ENDPOINT ?? '';
const kind = process.env.BENCH_S3 === 's3rver' ? 's3rver' : 'stub';
// The production client's settings (createS3Store's defaults) pointed at the endpoint; s3rver needs
// its fixed credentials and path-style addressing, as in `npm run offline`.
const client =
  kind === 's3rver'
    ? s3rverClient(endpoint)
    : new S3Client({
        endpoint,
        forcePathStyle: true,
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
      });
const secret = process.env.IP_HASH_SECRET ?? 'bench-secret-0123456789abcdef';
const handler = createHandler({
  // The Lambda's own config path: config file → mapping → environment → the Lambda's reader.
  config: handlerConfigFromEnv(
    handlerEnv(
      handlerConfigFromTracker(
        parseTrackerConfig({ allowedBuckets: [BENCH_BUCKET, '*-analytics'], enableMetrics: true }),
        { ipHashSecret: secret },
      ),
    ),
  ),
  store: createS3Store({ client }),
});

async function floor(body: string, index: number): Promise<void> {
  const parsed = JSON.parse(body) as { events?: unknown[] };
  const events = parsed.events ?? [parsed];
  let lines = '';
  for (const event of events) {
    lines += `${JSON.stringify(event)}\n`;
    createHmac('sha256', secret)
      .update(`198.51.100.${index % 250}`)
      .digest('hex');
  }
  await client.send(
    new PutObjectCommand({
      Bucket: BENCH_BUCKET,
      Key: `analytics/year=2026/month=01/day=01/floor-${index}.json`,
      Body: lines,
      ContentType: 'application/json',
    }),
  );
}

async function viaHandler(body: string, index: number): Promise<void> {
  const result = await handler(browserEvent(body, index));
  if (result.statusCode !== 200) throw new Error(`handler answered ${result.statusCode}: ${result.body}`);
}

/** CPU µs per event and wall ms per request of `requests` sequential requests. */
async function measure(
  run: (body: string, index: number) => Promise<void>,
  bodies: readonly string[],
  eventsPerRequest: number,
): Promise<{ cpuUsPerEvent: number; wallMsPerRequest: number }> {
  const wallStart = performance.now();
  const cpu = process.cpuUsage();
  for (const [index, body] of bodies.entries()) await run(body, index);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - wallStart;
  return {
    cpuUsPerEvent: (used.user + used.system) / (bodies.length * eventsPerRequest),
    wallMsPerRequest: wall / bodies.length,
  };
}

const bodiesFor = (size: number, requests: number, round: number) =>
  Array.from({ length: requests }, (_, index) => requestBody((round * requests + index) * size, size));

const results: Record<string, unknown> = {};
// Warm both paths (JIT, S3 connection, UA cache) before anything is measured.
for (const body of bodiesFor(1, WARMUP_REQUESTS, 99)) {
  await viaHandler(body, 0);
  await floor(body, 0);
}
for (const [sizeText, requests] of Object.entries(PLAN)) {
  const size = Number(sizeText);
  const handlerRuns: { cpuUsPerEvent: number; wallMsPerRequest: number }[] = [];
  const floorRuns: { cpuUsPerEvent: number; wallMsPerRequest: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bodies = bodiesFor(size, requests, round);
    // Alternate which goes first so neither always runs on a warmer process.
    if (round % 2 === 0) {
      handlerRuns.push(await measure(viaHandler, bodies, size));
      floorRuns.push(await measure(floor, bodies, size));
    } else {
      floorRuns.push(await measure(floor, bodies, size));
      handlerRuns.push(await measure(viaHandler, bodies, size));
    }
  }
  const handlerCpu = median(handlerRuns.map((run) => run.cpuUsPerEvent));
  const floorCpu = median(floorRuns.map((run) => run.cpuUsPerEvent));
  results[size] = {
    eventsPerRequest: size,
    requestsPerRound: requests,
    rounds: ROUNDS,
    handlerCpuUsPerEvent: handlerCpu,
    floorCpuUsPerEvent: floorCpu,
    ratio: median(
      handlerRuns.map((run, round) => run.cpuUsPerEvent / (floorRuns[round]?.cpuUsPerEvent ?? Number.NaN)),
    ),
    handlerWallMsPerRequest: median(handlerRuns.map((run) => run.wallMsPerRequest)),
    floorWallMsPerRequest: median(floorRuns.map((run) => run.wallMsPerRequest)),
  };
}
process.send?.({ kind, results });
process.disconnect?.();
