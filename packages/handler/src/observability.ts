import type { BucketCounts } from './request-counts.js';

/** The one log line of a request: never a raw IP, never the body. */
export interface RequestLog {
  requestId: string;
  method: string;
  route: string;
  status: number;
  /** Allowed buckets written to (comma-joined when a tRPC batch touched several); never an attacker-chosen name. */
  bucket: string | undefined;
  accepted: number;
  rejected: number;
  /** Why events or the request were rejected, with counts (`invalid_event: 2`). */
  reasons: Record<string, number>;
  /** The same counts per bucket, for metrics. */
  counts: BucketCounts[];
  latencyMs: number;
}

/** Receives what the handler observes; the default writes JSON log lines and EMF metrics. */
export interface Observer {
  request(log: RequestLog): void;
  /** A bug or a failed dependency; `error` goes to the log only. */
  error(message: string, error: unknown): void;
}

const SERVICE = 'analytics-tracker';

/** Powertools' level numbers: a line is written when its level is at least the configured one. */
const LEVELS: Record<string, number> = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
};
type Level = 'INFO' | 'WARN' | 'ERROR';

/** The level set for the function (Lambda's log level, else `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL`); INFO by default. */
function threshold(env: NodeJS.ProcessEnv): number {
  const named = (env.AWS_LAMBDA_LOG_LEVEL ?? env.POWERTOOLS_LOG_LEVEL ?? env.LOG_LEVEL ?? '').toUpperCase();
  return LEVELS[named] ?? LEVELS.INFO ?? 12;
}

/** The X-Ray trace id of the current invocation (`Root=` of `_X_AMZN_TRACE_ID`), as Lambda sets it. */
function traceId(env: NodeJS.ProcessEnv): string | undefined {
  return env._X_AMZN_TRACE_ID
    ?.split(';')
    .find((part) => part.startsWith('Root='))
    ?.slice(5);
}

/** The first `file:line` of a stack (Powertools' `location`). */
function location(stack: string | undefined): string {
  for (const line of stack?.split('\n') ?? []) {
    const frame = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (frame) return `${frame[1]}:${Number(frame[2])}`;
  }
  return '';
}

/** An error as Powertools logs it: name, location, message, stack, its cause the same way, then its own fields. */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    name: error.name,
    location: location(error.stack),
    message: error.message,
    stack: error.stack,
    cause: error.cause instanceof Error ? errorFields(error.cause) : error.cause,
  };
  for (const [key, value] of Object.entries(error)) {
    if (!['name', 'message', 'stack', 'cause'].includes(key)) fields[key] = value;
  }
  return fields;
}

/**
 * Structured logs (one JSON line per request) and, when enabled, CloudWatch metrics in Embedded
 * Metric Format: `EventsAccepted` per bucket and `EventsRejected` per bucket and reason, so dropped
 * events are never silent. The lines are those Powertools Logger and Metrics wrote before (same keys,
 * same order, INFO to stdout, WARN and ERROR to stderr, EMF to stdout), written directly: the two
 * libraries cost the cold start more than the handler's own code (`npm run bench`).
 *
 * @example
 * const observer = createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTracker' });
 * // {"level":"INFO","message":"request","timestamp":"…","service":"analytics-tracker","sampling_rate":0,…}
 */
export function createLogObserver(options: {
  enableMetrics: boolean;
  namespace: string;
  /** Default: `process.env` (the log level and the X-Ray trace id are read from it). */
  env?: NodeJS.ProcessEnv;
}): Observer {
  const env = options.env ?? process.env;
  const minimum = threshold(env);
  const write = (level: Level, message: string, fields: Record<string, unknown>) => {
    if ((LEVELS[level] ?? 0) < minimum) return;
    const line = JSON.stringify({
      level,
      message,
      timestamp: new Date().toISOString(),
      service: SERVICE,
      sampling_rate: 0,
      xray_trace_id: traceId(env),
      ...fields,
    });
    (level === 'INFO' ? process.stdout : process.stderr).write(`${line}\n`);
  };
  // One EMF document per metric (as Powertools' single-metric mode wrote them): its own dimensions only.
  const count = (name: string, value: number, dimensions: Record<string, string>) => {
    if (!options.enableMetrics || value === 0) return;
    const emf = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: options.namespace,
            Dimensions: [['service', ...Object.keys(dimensions)]],
            Metrics: [{ Name: name, Unit: 'Count' }],
          },
        ],
      },
      service: SERVICE,
      ...dimensions,
      [name]: value,
    };
    process.stdout.write(`${JSON.stringify(emf)}\n`);
  };
  return {
    request(log) {
      const level = log.status >= 500 ? 'ERROR' : log.status >= 400 ? 'WARN' : 'INFO';
      const { counts, ...line } = log;
      write(level, 'request', line);
      for (const entry of counts) {
        const bucket = entry.bucket ?? 'none';
        count('EventsAccepted', entry.accepted, { bucket });
        for (const [reason, value] of Object.entries(entry.reasons))
          count('EventsRejected', value, { bucket, reason });
      }
    },
    error(message, error) {
      if (error instanceof Error) write('ERROR', message, { error: errorFields(error) });
      else write('ERROR', message, { detail: error === undefined ? undefined : String(error) });
    },
  };
}

/**
 * An observer that drops everything (tests, quiet offline runs).
 *
 * @example
 * createHandler({ observer: silentObserver });
 */
export const silentObserver: Observer = { request() {}, error() {} };
