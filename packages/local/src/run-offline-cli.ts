import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTrackerConfig } from '@analytics-tracker/config';
import { claimDataFolder } from './data-folder-lock.js';
import { type OfflineServer, OfflineStartError, startOffline } from './offline-server.js';
import { freePortAfter, offlineOnPort } from './port-hint.js';

/** What the CLI talks to; tests pass their own streams and environment. */
export interface OfflineCliIo {
  /** Where the user typed the command (relative `--config` paths start here). */
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** `npm run offline -- --help`. */
export const OFFLINE_USAGE = `Run the tracker on this machine: the Lambda's handler behind a local HTTP server, writing to an
embedded S3 under the data folder.

Usage:
  npm run offline                 (or: npx tracker offline)

Options:
  --config <file>   tracker config (default: $TRACKER_CONFIG, else the nearest tracker.config.ts)
  --help            this text

Environment: PORT (3000), S3_PORT (4569), DATA_DIR (.data, next to tracker.config.ts),
TRACKER_CONFIG, and the Lambda's own variables, which override the config: ALLOWED_BUCKETS,
CORS_ORIGINS (or CORS_ORIGIN), BUCKET_ORIGINS, MAX_BODY_BYTES, STAGE_NAMES, PARTITION_TIME_ZONE.
`;

/** The flags of `npm run offline`, in `node:util` `parseArgs` form. */
export const OFFLINE_ARGS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PORT_VARIABLES = { HTTP: 'PORT', S3: 'S3_PORT' } as const;
/** Where both servers listen. */
const HOST = '127.0.0.1';

/**
 * A port to suggest instead of `port`: one free right now (probed), never one of `avoid` (0, any free
 * port, stays 0); `port + 1` only when none of the next ones is free, which the caller says.
 */
async function suggest(port: number, avoid: readonly number[]): Promise<{ port: number; probed: boolean }> {
  if (port === 0) return { port: 0, probed: true };
  const free = await freePortAfter(port, HOST, avoid);
  return free === undefined ? { port: port + 1, probed: false } : { port: free, probed: true };
}

function port(env: OfflineCliIo['env'], name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new OfflineStartError(`${name} must be a port number (0-65535), got "${value}"`);
  }
  return parsed;
}

/** One shell word, whatever the text holds: the banner's curl must paste and run as printed. */
const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

function banner(offline: OfflineServer): string {
  // A request these settings accept: an allowed bucket, and an Origin when origins are restricted.
  const { bucket, origin } = offline.tryIt;
  const body = JSON.stringify({
    bucket,
    eventType: 'page_view',
    timestamp: new Date().toISOString(),
    page: '/articles/my-post?utm_source=newsletter',
    sessionId: 'abc123',
    referrer: 'https://google.com',
  });
  return [
    '',
    `  analytics-tracker offline: ${offline.url}/track  (tRPC: ${offline.url}/trpc)`,
    `  allowed buckets: ${offline.allowedBuckets.join(', ')}`,
    `  embedded S3:     ${offline.s3Endpoint}  (objects under ${offline.dataDir}/s3/<bucket>/analytics/)`,
    '',
    '  Try it:',
    `  curl -X POST ${offline.url}/track -H 'Content-Type: application/json'${
      origin === undefined ? '' : ` -H ${shellQuote(`Origin: ${origin}`)}`
    } -d ${shellQuote(body)}`,
    '',
    '  Then: npm run query -- --name daily_page_views     Ctrl-C stops.',
    '',
    '',
  ].join('\n');
}

/**
 * The message for a port in use: which port, who holds it (another `npm run offline`, asked over
 * HTTP, with its pid; else another program), and a port that is free right now to use instead.
 */
async function portInUse(server: 'HTTP' | 'S3', inUse: number, otherPort: number): Promise<string> {
  const [pid, instead] = await Promise.all([offlineOnPort(inUse, HOST), suggest(inUse, [otherPort])]);
  const what = server === 'HTTP' ? 'HTTP port' : 'embedded S3 port';
  const holder =
    pid === undefined
      ? `${what} ${inUse} is in use by another program.`
      : `another \`npm run offline\` (pid ${pid}) is already listening on ${what} ${inUse}.`;
  const free = instead.probed
    ? `${instead.port} is free`
    : `no port from ${inUse + 1} to ${inUse + 50} is free`;
  return `${holder} Stop it, or use another port (${free}): ${PORT_VARIABLES[server]}=${instead.port} npm run offline`;
}

/**
 * `npm run offline`: reads the config, claims the data folder (one tracker per folder), starts the
 * embedded S3 and the HTTP server, and prints where to send events. Returns the running server (the
 * caller stops it on Ctrl-C), or an exit code after printing what went wrong: a data folder already
 * used by a running tracker and a port in use are said in so many words, with the command to run.
 *
 * @example
 * const { server, exitCode } = await runOfflineCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runOfflineCli(
  argv: readonly string[],
  io: OfflineCliIo,
): Promise<{ server?: OfflineServer; exitCode: number }> {
  const fail = (message: string, exitCode = 1) => {
    io.stderr.write(`offline: ${message}\n`);
    return { exitCode };
  };
  let values: { config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: OFFLINE_ARGS, strict: true }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${OFFLINE_USAGE}`, 2);
  }
  if (values.help) {
    io.stdout.write(OFFLINE_USAGE);
    return { exitCode: 0 };
  }
  let release: (() => Promise<void>) | undefined;
  try {
    const { config, path } = await loadTrackerConfig({
      cwd: io.cwd,
      path: values.config,
      env: io.env,
    });
    // Next to the config, as `npm run query` reads it, wherever the command is typed.
    const dataDir = resolve(dirname(path), io.env.DATA_DIR || '.data');
    const httpPort = port(io.env, 'PORT', 3000);
    const s3Port = port(io.env, 'S3_PORT', 4569);
    const claim = await claimDataFolder(dataDir);
    if ('holder' in claim) {
      const where = claim.holder.url ? ` on ${claim.holder.url}` : '';
      const http = await suggest(httpPort, [s3Port]);
      const s3 = await suggest(s3Port, [httpPort, http.port]);
      return fail(
        `another \`npm run offline\` (pid ${claim.holder.pid}) is already running${where} over the data folder ` +
          `${dataDir}. Use that one, stop it first, or run a second one with its own folder and ports: ` +
          `DATA_DIR=.data-2 PORT=${http.port} S3_PORT=${s3.port} npm run offline`,
      );
    }
    release = claim.release;
    const offline = await startOffline({
      port: httpPort,
      s3Port,
      dataDir,
      config,
      // The Lambda's variables (ALLOWED_BUCKETS, CORS_ORIGINS, ...) override the config, as in AWS.
      env: io.env,
    });
    await claim.record(offline.url);
    io.stdout.write(banner(offline));
    return {
      server: {
        ...offline,
        async stop() {
          await offline.stop();
          await claim.release();
        },
      },
      exitCode: 0,
    };
  } catch (error) {
    await release?.();
    if (error instanceof OfflineStartError && error.server && error.port !== undefined) {
      const other = error.server === 'HTTP' ? port(io.env, 'S3_PORT', 4569) : port(io.env, 'PORT', 3000);
      return fail(await portInUse(error.server, error.port, other));
    }
    return fail(error instanceof Error ? error.message : String(error));
  }
}
