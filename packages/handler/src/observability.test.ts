import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPowertoolsObserver, type RequestLog } from './observability.js';

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

function captureStdout(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
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

describe('createPowertoolsObserver', () => {
  afterEach(() => vi.restoreAllMocks());

  it('emits metrics per bucket when one request touched several, and logs their totals on one line', () => {
    const observer = createPowertoolsObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
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
    const observer = createPowertoolsObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
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
    const observer = createPowertoolsObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
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
    const observer = createPowertoolsObserver({ enableMetrics: true, namespace: 'AnalyticsTrackerTest' });
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
    const observer = createPowertoolsObserver({ enableMetrics: false, namespace: 'AnalyticsTrackerTest' });
    expect(captureStdout(() => observer.request(log)).filter((line) => '_aws' in line)).toEqual([]);
  });
});
