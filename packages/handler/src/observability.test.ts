import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogObserver, type Observer, type RequestLog } from './observability.js';

const log: RequestLog = {
  requestId: 'r-1',
  method: 'POST',
  route: '/track',
  status: 200,
  bucket: 'app1-analytics-prod',
  accepted: 3,
  rejected: 1,
  reasons: { invalid_event: 1 },
  counts: [{ bucket: 'app1-analytics-prod', accepted: 3, rejected: 1, reasons: { invalid_event: 1 } }],
  latencyMs: 4.2,
};

function capture(stream: NodeJS.WriteStream, run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line));
}
const captureStdout = (run: () => void) => capture(process.stdout, run);

/**
 * The observer as it was written with Powertools Logger and Metrics (2.36), kept here as the second
 * implementation the hand-written lines must equal.
 */
function powertoolsObserver(namespace: string): Observer {
  const logger = new Logger({ serviceName: 'analytics-tracker' });
  const single = new Metrics({ namespace, serviceName: 'analytics-tracker' }).singleMetric();
  const count = (name: string, value: number, dimensions: Record<string, string>) => {
    if (value === 0) return;
    single.addDimensions(dimensions);
    single.addMetric(name, MetricUnit.Count, value);
  };
  return {
    request(entry) {
      const level = entry.status >= 500 ? 'error' : entry.status >= 400 ? 'warn' : 'info';
      const { counts, ...line } = entry;
      logger[level]('request', line);
      for (const { bucket = 'none', accepted, reasons } of counts) {
        count('EventsAccepted', accepted, { bucket });
        for (const [reason, value] of Object.entries(reasons))
          count('EventsRejected', value, { bucket, reason });
      }
    },
    error(message, error) {
      if (error instanceof Error) logger.error(message, error);
      else logger.error(message, { detail: error === undefined ? undefined : String(error) });
    },
  };
}

/** Both streams, with the times (which differ between two runs) replaced by their type. */
function linesOf(observer: Observer, run: (observer: Observer) => void) {
  const timeless = (line: Record<string, unknown>) =>
    JSON.parse(
      JSON.stringify(line)
        .replace(/"timestamp":"[^"]+"/, '"timestamp":"<iso>"')
        .replace(/"Timestamp":\d+/, '"Timestamp":0'),
    );
  let stderr: Record<string, unknown>[] = [];
  const stdout = captureStdout(() => {
    stderr = capture(process.stderr, () => run(observer));
  });
  return { stdout: stdout.map(timeless), stderr: stderr.map(timeless) };
}

describe('createLogObserver', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the lines Powertools Logger and Metrics wrote, byte for byte but the times, on the same streams', () => {
    const storageFailure = Object.assign(
      new Error('S3 did not answer', { cause: new Error('socket hang up') }),
      {
        code: 'ECONNRESET',
        $metadata: { attempts: 3 },
      },
    );
    const run = (observer: Observer) => {
      observer.request(log);
      observer.request({
        ...log,
        status: 403,
        bucket: undefined,
        accepted: 0,
        reasons: { bucket_not_allowed: 1 },
      });
      observer.request({ ...log, status: 503, accepted: 0, counts: [] });
      observer.error('storage failed', storageFailure);
      observer.error('salt unavailable', 'no salt for 2025-12-17');
      observer.error('unhandled error', undefined);
    };
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    for (const traceEnv of [undefined, trace]) {
      vi.stubEnv('_X_AMZN_TRACE_ID', traceEnv);
      const ours = linesOf(
        createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' }),
        run,
      );
      const theirs = linesOf(powertoolsObserver('AnalyticsTrackerTest'), run);
      expect(ours).toEqual(theirs);
      expect(ours.stdout.length).toBeGreaterThan(2);
      expect(ours.stderr.length).toBe(5);
      vi.unstubAllEnvs();
    }
  });

  it('writes EMF as the CloudWatch specification defines it: every dimension and metric a top-level member', () => {
    const before = Date.now();
    const lines = captureStdout(() =>
      createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' }).request(log),
    ).filter((line) => '_aws' in line);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const aws = line._aws as {
        Timestamp: number;
        CloudWatchMetrics: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit: string }[];
        }[];
      };
      // Timestamp: milliseconds since the epoch; one directive with the namespace, its dimension sets
      // (each a list of member names), and its metrics (name and unit), each name a member of the root.
      expect(aws.Timestamp).toBeGreaterThanOrEqual(before);
      expect(aws.Timestamp).toBeLessThanOrEqual(Date.now());
      const [directive] = aws.CloudWatchMetrics;
      expect(directive?.Namespace).toBe('AnalyticsTrackerTest');
      for (const name of directive?.Dimensions.flat() ?? []) expect(typeof line[name]).toBe('string');
      for (const metric of directive?.Metrics ?? []) {
        expect(metric.Unit).toBe('Count');
        expect(typeof line[metric.Name]).toBe('number');
      }
    }
  });

  it('writes nothing below the level the function is set to (Lambda log level, else POWERTOOLS_LOG_LEVEL)', () => {
    const quiet = createLogObserver({
      enableMetrics: false,
      namespace: 'AnalyticsTrackerTest',
      env: { AWS_LAMBDA_LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });
    expect(captureStdout(() => quiet.request(log))).toEqual([]);
    const errors = capture(process.stderr, () => quiet.request({ ...log, status: 503 }));
    expect(errors).toEqual([expect.objectContaining({ level: 'ERROR', status: 503 })]);
  });

  it('emits metrics per bucket when one request touched several, and logs their totals on one line', () => {
    const observer = createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
    const lines = captureStdout(() =>
      observer.request({
        ...log,
        route: '/trpc',
        bucket: 'a-analytics,b-analytics',
        accepted: 3,
        rejected: 0,
        reasons: {},
        counts: [
          { bucket: 'a-analytics', accepted: 1, rejected: 0, reasons: {} },
          { bucket: 'b-analytics', accepted: 2, rejected: 0, reasons: {} },
        ],
      }),
    );
    expect(lines.find((line) => line.message === 'request')).toMatchObject({
      bucket: 'a-analytics,b-analytics',
      accepted: 3,
    });
    expect(lines.find((line) => line.message === 'request')).not.toHaveProperty('counts');
    expect(lines.filter((line) => '_aws' in line)).toEqual([
      expect.objectContaining({ bucket: 'a-analytics', EventsAccepted: 1 }),
      expect.objectContaining({ bucket: 'b-analytics', EventsAccepted: 2 }),
    ]);
  });

  it('writes one JSON log line per request and EMF metrics for accepted and rejected events', () => {
    const observer = createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
    const lines = captureStdout(() => observer.request(log));
    const logLine = lines.find((line) => line.message === 'request');
    expect(logLine).toMatchObject({ level: 'INFO', status: 200, bucket: 'app1-analytics-prod', accepted: 3 });
    const metrics = lines.filter((line) => '_aws' in line);
    expect(metrics).toEqual([
      expect.objectContaining({ bucket: 'app1-analytics-prod', EventsAccepted: 3 }),
      expect.objectContaining({ bucket: 'app1-analytics-prod', reason: 'invalid_event', EventsRejected: 1 }),
    ]);
    expect(JSON.stringify(metrics[0])).toContain('"Namespace":"AnalyticsTrackerTest"');
  });

  it('writes each request its own metrics, with no dimension carried over from the one before', () => {
    const observer = createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
    const lines = captureStdout(() => {
      observer.request(log);
      observer.request({
        ...log,
        bucket: 'app2-analytics-staging',
        accepted: 2,
        rejected: 0,
        reasons: {},
        counts: [{ bucket: 'app2-analytics-staging', accepted: 2, rejected: 0, reasons: {} }],
      });
    });
    const metrics = lines.filter((line) => '_aws' in line);
    expect(metrics).toEqual([
      expect.objectContaining({ bucket: 'app1-analytics-prod', EventsAccepted: 3 }),
      expect.objectContaining({ bucket: 'app1-analytics-prod', reason: 'invalid_event', EventsRejected: 1 }),
      expect.objectContaining({ bucket: 'app2-analytics-staging', EventsAccepted: 2 }),
    ]);
    expect(metrics[2]).not.toHaveProperty('reason');
    expect(metrics[2]).not.toHaveProperty('EventsRejected');
    expect(
      metrics.map((line) => JSON.stringify((line._aws as { CloudWatchMetrics: unknown }).CloudWatchMetrics)),
    ).toEqual([
      expect.stringContaining('[["service","bucket"]]'),
      expect.stringContaining('[["service","bucket","reason"]]'),
      expect.stringContaining('[["service","bucket"]]'),
    ]);
  });

  it('names no bucket in metrics when the bucket was not allowed', () => {
    const observer = createLogObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
    const lines = captureStdout(() =>
      observer.request({
        ...log,
        status: 403,
        bucket: undefined,
        accepted: 0,
        rejected: 0,
        reasons: { bucket_not_allowed: 1 },
        counts: [{ bucket: undefined, accepted: 0, rejected: 0, reasons: { bucket_not_allowed: 1 } }],
      }),
    );
    expect(lines.filter((line) => '_aws' in line)).toEqual([
      expect.objectContaining({ bucket: 'none', reason: 'bucket_not_allowed', EventsRejected: 1 }),
    ]);
  });

  it('writes no metrics when they are disabled', () => {
    const observer = createLogObserver({ enableMetrics: false, namespace: 'AnalyticsTrackerTest' });
    expect(captureStdout(() => observer.request(log)).filter((line) => '_aws' in line)).toEqual([]);
  });
});
