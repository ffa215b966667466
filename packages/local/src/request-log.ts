import type { Observer } from '@analytics-tracker/handler';

/**
 * A readable one-line-per-request log for the terminal (the Lambda writes JSON lines instead):
 * `POST /track 200 app1-analytics-prod accepted=1 rejected=0 3.1ms`. Never an IP, never a body.
 *
 * @example
 * startOffline({ dataDir: '.data', observer: consoleObserver() });
 */
export function consoleObserver(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Observer {
  return {
    request(log) {
      const reasons = Object.entries(log.reasons)
        .map(([reason, count]) => `${reason}=${count}`)
        .join(',');
      write(
        `${log.method} ${log.route} ${log.status} ${log.bucket ?? '-'} accepted=${log.accepted} rejected=${log.rejected}` +
          `${reasons ? ` (${reasons})` : ''} ${log.latencyMs}ms`,
      );
    },
    error(message, error) {
      write(`error: ${message}${error instanceof Error ? `: ${error.message}` : ''}`);
    },
  };
}
