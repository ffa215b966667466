import type { Observer } from '@analytics-tracker/handler';

/** An observer that keeps every log line the handler would write. */
export interface CaptureObserver extends Observer {
  readonly lines: string[];
}

/**
 * Captures the handler's request logs and error logs as the text they would be written as, so a
 * test can search them (for a raw IP, say). Errors keep their message, name and stack, as a logger would.
 *
 * @example
 * const observer = captureObserver();
 * createHandler({ config, store, observer });
 * observer.lines.some((line) => line.includes('203.0.113.9')); // false
 */
export function captureObserver(): CaptureObserver {
  const lines: string[] = [];
  return {
    lines,
    request(log) {
      lines.push(JSON.stringify(log));
    },
    error(message, error) {
      const detail =
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack, cause: String(error.cause) }
          : { detail: String(error) };
      lines.push(JSON.stringify({ message, ...detail }));
    },
  };
}
