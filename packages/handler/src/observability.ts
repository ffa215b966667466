import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
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

/** Receives what the handler observes; the default writes Powertools JSON logs and EMF metrics. */
export interface Observer {
  request(log: RequestLog): void;
  /** A bug or a failed dependency; `error` goes to the log only. */
  error(message: string, error: unknown): void;
}

/**
 * Structured logs (one JSON line per request) with Powertools Logger, and, when enabled, CloudWatch
 * metrics in Embedded Metric Format with Powertools Metrics: `EventsAccepted` per bucket and
 * `EventsRejected` per bucket and reason, so dropped events are never silent.
 *
 * @example
 * const observer = createPowertoolsObserver({ enableMetrics: true, namespace: 'AnalyticsTracker' });
 */
export function createPowertoolsObserver(options: { enableMetrics: boolean; namespace: string }): Observer {
  const logger = new Logger({ serviceName: 'analytics-tracker' });
  const metrics = options.enableMetrics
    ? new Metrics({ namespace: options.namespace, serviceName: 'analytics-tracker' })
    : undefined;
  // `singleMetric()` builds a new Metrics and Console on every call (~150 µs, the largest cost of a
  // single-event request after the PutObject). One single-metric instance, reused, writes the same EMF
  // lines: it publishes on every `addMetric` and then clears its metrics and per-call dimensions.
  const single = metrics?.singleMetric();
  const count = (name: string, value: number, dimensions: Record<string, string>) => {
    if (!single || value === 0) return;
    single.addDimensions(dimensions);
    single.addMetric(name, MetricUnit.Count, value);
  };
  return {
    request(log) {
      const level = log.status >= 500 ? 'error' : log.status >= 400 ? 'warn' : 'info';
      const { counts, ...line } = log;
      logger[level]('request', line);
      for (const entry of counts) {
        const bucket = entry.bucket ?? 'none';
        count('EventsAccepted', entry.accepted, { bucket });
        for (const [reason, value] of Object.entries(entry.reasons))
          count('EventsRejected', value, { bucket, reason });
      }
    },
    error(message, error) {
      if (error instanceof Error) logger.error(message, error);
      else logger.error(message, { detail: error === undefined ? undefined : String(error) });
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
