/**
 * Child process of `npm run bench`: handler CPU per event against an S3 endpoint in another process
 * (BENCH_ENDPOINT; BENCH_S3=stub or s3rver), beside the floor on the same requests: JSON.parse +
 * JSON.stringify per event, one HMAC-SHA256 per request (the handler hashes a request's address
 * once, not once per event), plus one PutObject through an `@aws-sdk/client-s3` client per stored
 * object. The handler writes with its production store (the signed PUT of `createSignedS3Store`, as the
 * Lambda does). CPU is `process.cpuUsage()` (user + system, all threads of this process).
 * Reports through IPC; its stdout (the handler's production logs) goes nowhere.
 */
import { createHmac } from 'node:crypto';
import { createHandler, createSignedS3Store } from '@analytics-tracker/handler';
import { s3rverClient } from '@analytics-tracker/local';
import {
  handlerConfigFromEnv,
  handlerConfigFromTracker,
  handlerEnv,
  parseTrackerConfig,
} from '@analytics-tracker/schema';
import type { TestFunctionUrlEvent } from '@analytics-tracker/testkit';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BENCH_BUCKET, browserEvent, requestBody } from './lib/events.js';
import { median, pairedRatio } from './lib/stats.js';
import { addressOf } from './lib/workload.js';

/**
 * Requests per measured round for each batch size: about the same handler CPU for each, so a
 * round outlasts a scheduler hiccup. Rounds are many, handler and floor alternating, so load from
 * other processes hits both alike.
 */
const ALL_SIZES: Record<number, number> = { 1: 200, 10: 120, 20: 100, 50: 100 };
/** BENCH_SIZES=50 measures (or profiles) one batch size only. */
const PLAN = process.env.BENCH_SIZES
  ? Object.fromEntries(process.env.BENCH_SIZES.split(',').map((size) => [size, ALL_SIZES[Number(size)] ?? 8]))
  : ALL_SIZES;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const WARMUP_REQUESTS = 150;

const endpoint = process.env.BENCH_ENDPOINT ?? '';
const kind = process.env.BENCH_S3 === 's3rver' ? 's3rver' : 'stub';
// The floor's SDK client (the settings createS3Store gives one) pointed at the endpoint; s3rver needs
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
// A fixed salt for every day, so the floor below hashes with the same key as the handler.
const salt = 'b'.repeat(64);
const handler = createHandler({
  // The Lambda's own config path: config file → mapping → environment → the Lambda's reader.
  config: handlerConfigFromEnv(
    handlerEnv(
      handlerConfigFromTracker(
        parseTrackerConfig({
          allowedBuckets: [BENCH_BUCKET, '*-analytics'],
          enableMetrics: true,
          userAgent: 'full',
        }),
      ),
    ),
  ),
  // The Lambda's own store (its defaults: keep-alive, 3 attempts, 2 s each) pointed at the endpoint,
  // with s3rver's fixed credentials (the stub takes any).
  store: createSignedS3Store({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  }),
  salts: { saltFor: async () => salt },
});

/**
 * One request of a round with everything either side is handed, built before the round is timed: the
 * bench's own work (drawing the traffic, building the Function URL event) is neither side's CPU.
 */
interface BenchRequest {
  body: string;
  /** The request number, which picks the user agent and the address. */
  index: number;
  event: TestFunctionUrlEvent;
}

async function floor({ body, index }: BenchRequest): Promise<void> {
  const parsed = JSON.parse(body) as { events?: unknown[] };
  const events = parsed.events ?? [parsed];
  let lines = '';
  for (const event of events) lines += `${JSON.stringify(event)}\n`;
  createHmac('sha256', salt).update(addressOf(index)).digest('hex');
  await client.send(
    new PutObjectCommand({
      Bucket: BENCH_BUCKET,
      Key: `analytics/year=2026/month=01/day=01/floor-${index}.json`,
      Body: lines,
      ContentType: 'application/json',
    }),
  );
}

async function viaHandler({ event }: BenchRequest): Promise<void> {
  const result = await handler(event);
  if (result.statusCode !== 200) throw new Error(`handler answered ${result.statusCode}: ${result.body}`);
}

/** CPU µs per event and wall ms per request of sequential requests. */
async function measure(
  run: (request: BenchRequest) => Promise<void>,
  requests: readonly BenchRequest[],
  eventsPerRequest: number,
): Promise<{ cpuUsPerEvent: number; wallMsPerRequest: number }> {
  const wallStart = performance.now();
  const cpu = process.cpuUsage();
  for (const request of requests) await run(request);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - wallStart;
  return {
    cpuUsPerEvent: (used.user + used.system) / (requests.length * eventsPerRequest),
    wallMsPerRequest: wall / requests.length,
  };
}

/** Round `round` of `requests` requests of `size` events, numbered from `first` (user agents, addresses). */
const requestsFor = (size: number, requests: number, round: number, first: number): BenchRequest[] =>
  Array.from({ length: requests }, (_, offset) => {
    const body = requestBody((round * requests + offset) * size, size);
    return { body, index: first + offset, event: browserEvent(body, first + offset) };
  });

const results: Record<string, unknown> = {};
// Warm both paths (JIT, S3 connection, UA cache) before anything is measured.
for (const request of requestsFor(1, WARMUP_REQUESTS, 99, 0)) {
  await viaHandler(request);
  await floor(request);
}
for (const [sizeText, requests] of Object.entries(PLAN)) {
  const size = Number(sizeText);
  const handlerRuns: { cpuUsPerEvent: number; wallMsPerRequest: number }[] = [];
  const floorRuns: { cpuUsPerEvent: number; wallMsPerRequest: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round * requests; // request numbers pick user agents and addresses
    const batch = requestsFor(size, requests, round, first);
    // Alternate which goes first so neither always runs on a warmer process.
    if (round % 2 === 0) {
      handlerRuns.push(await measure(viaHandler, batch, size));
      floorRuns.push(await measure(floor, batch, size));
    } else {
      floorRuns.push(await measure(floor, batch, size));
      handlerRuns.push(await measure(viaHandler, batch, size));
    }
  }
  const handlerCpu = handlerRuns.map((run) => run.cpuUsPerEvent);
  const floorCpu = floorRuns.map((run) => run.cpuUsPerEvent);
  results[size] = {
    eventsPerRequest: size,
    requestsPerRound: requests,
    rounds: ROUNDS,
    handlerCpuUsPerEvent: median(handlerCpu),
    floorCpuUsPerEvent: median(floorCpu),
    ratio: pairedRatio(handlerCpu, floorCpu),
    handlerWallMsPerRequest: median(handlerRuns.map((run) => run.wallMsPerRequest)),
    floorWallMsPerRequest: median(floorRuns.map((run) => run.wallMsPerRequest)),
  };
}
process.send?.({ kind, results });
process.disconnect?.();
