import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionUrlEvent, invokeEntry, seedBody } from '@analytics-tracker/testkit';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../scripts/lambda-build-options.js';
import { type FaultyS3, startFaultyS3 } from './faulty-s3.js';

// The Lambda bundle as deployed (esbuild with the production settings, code splitting, the SDK's
// signer and credential chain inside, not its S3 client), run by a plain `node` with the environment
// Lambda gives it: both routes must work from the bundle, the tRPC one from its chunk.

const outdir = mkdtempSync(join(tmpdir(), 'handler-bundle-'));
const SALT_PATH = '/bundle-test/analytics-tracker/salts';
let s3: FaultyS3;
let ssm: Server;
let ssmEndpoint = '';
/** Every source file esbuild put in the bundle (its metafile), relative to the package. */
let bundledInputs: string[] = [];

/**
 * A loopback SSM that answers GetParameter (JSON 1.1, the SSM wire protocol) with one fixed salt for any
 * day under SALT_PATH, so the bundled Lambda reads its daily salt the way it does in AWS.
 */
function startSaltSsm(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const { Name } = JSON.parse(body) as { Name: string };
      const known =
        request.headers['x-amz-target'] === 'AmazonSSM.GetParameter' && Name.startsWith(`${SALT_PATH}/`);
      response.writeHead(known ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          known
            ? { Parameter: { Name, Type: 'SecureString', Value: 'a'.repeat(64), Version: 1 } }
            : { __type: 'ParameterNotFound', message: Name },
        ),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  s3 = await startFaultyS3([]);
  ssm = await startSaltSsm();
  ssmEndpoint = `http://127.0.0.1:${(ssm.address() as AddressInfo).port}`;
  const { metafile } = await build({
    ...lambdaBuildOptions,
    entryPoints: { index: join(import.meta.dirname, '../src/lambda.ts') },
    outdir,
    logLevel: 'silent',
    metafile: true,
  });
  bundledInputs = Object.keys(metafile.inputs);
}, 60_000);

afterAll(async () => {
  await s3?.close();
  ssm?.close();
  rmSync(outdir, { recursive: true, force: true });
});

/** How one run of the bundle differs from the default: another S3, a Lambda context, its output kept. */
interface BundleRun {
  s3Endpoint?: string;
  /** Gives the handler a context with this many ms left, as the Lambda runtime does. */
  remainingMs?: number;
  /** Receives every line the bundle writes to stdout and stderr (logs, EMF). */
  output?: string[];
}

/**
 * Imports the bundle in a fresh `node`, sends the events in order, returns each status and body (and
 * the ms each took). Asynchronous, so the loopback S3 in this process keeps answering.
 */
async function invokeBundle(
  events: unknown[],
  run: BundleRun = {},
): Promise<{ statusCode: number; headers?: Record<string, string>; body: string; ms: number }[]> {
  const { results, lines } = await invokeEntry(join(outdir, 'index.mjs'), events, {
    ...(run.remainingMs === undefined ? {} : { remainingMs: run.remainingMs }),
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_S3: run.s3Endpoint ?? s3.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ALLOWED_BUCKETS: seedBody.bucket,
      SALT_PARAMETER_PATH: SALT_PATH,
      AWS_ENDPOINT_URL_SSM: ssmEndpoint,
      ENABLE_METRICS: 'true',
    },
  });
  run.output?.push(...lines);
  return results;
}

describe('the Lambda bundle', () => {
  it('writes with its own signed PUT: @aws-sdk/client-s3 is in no file of the bundle', () => {
    expect(bundledInputs.some((input) => input.includes('/@smithy/signature-v4/'))).toBe(true);
    expect(bundledInputs.filter((input) => input.includes('/@aws-sdk/client-s3/'))).toEqual([]);
    expect(bundledInputs.some((input) => input.endsWith('src/s3-store.ts'))).toBe(false);
  });

  it('keeps the tRPC server out of the entry, in a chunk of its own', () => {
    const chunks = readdirSync(join(outdir, 'chunks'));
    expect(chunks.filter((name) => name.startsWith('trpc-route-'))).toHaveLength(1);
  });

  it('stores events sent to /track and to /trpc/track, each under its own key', {
    timeout: 60_000,
  }, async () => {
    const trpcBody = { ...seedBody, page: '/via-trpc' };
    const [rest, trpc] = await invokeBundle([
      functionUrlEvent(seedBody),
      functionUrlEvent(trpcBody, { path: '/trpc/track' }),
    ]);

    expect(rest?.statusCode).toBe(200);
    expect(trpc?.statusCode).toBe(200);
    const restKey = JSON.parse(rest?.body ?? '{}').key;
    const trpcKey = JSON.parse(trpc?.body ?? '{}').result.data.key;
    const stored = (key: string) =>
      JSON.parse(s3.objects.get(`${seedBody.bucket}/${key}`)?.body.toString('utf8') ?? '{}');
    expect(stored(restKey).page).toBe(seedBody.page);
    expect(stored(trpcKey).page).toBe('/via-trpc');
    expect(s3.attempts.map((attempt) => attempt.outcome)).toEqual(['stored', 'stored']);
  });

  it("answers 503 inside the invocation's time when S3 never answers: Lambda's context bounds the waits", {
    timeout: 60_000,
  }, async () => {
    const silent = await startFaultyS3(['no-answer', 'no-answer', 'no-answer']);
    const output: string[] = [];
    try {
      const [result] = await invokeBundle([functionUrlEvent(seedBody)], {
        s3Endpoint: silent.endpoint,
        remainingMs: 1_500,
        output,
      });

      // The store alone would wait 2 s for its first attempt; Lambda would end the invocation at 1.5 s.
      expect(result?.statusCode).toBe(503);
      expect(result?.headers?.['retry-after']).toBe('2');
      expect(result?.ms).toBeLessThan(1_500);
      expect(silent.attempts.length).toBeGreaterThanOrEqual(1);
      const lines = output.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.filter((line) => line.message === 'request')).toEqual([
        expect.objectContaining({ status: 503, reasons: { storage_unavailable: 1 } }),
      ]);
      expect(lines.filter((line) => 'EventsRejected' in line)).toEqual([
        expect.objectContaining({ reason: 'storage_unavailable', EventsRejected: 1 }),
      ]);
    } finally {
      await silent.close();
    }
  });
});
