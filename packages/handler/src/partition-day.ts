import { partitionPrefix } from './object-key.js';

/** The `analytics/year=…/month=…/day=…/` prefix of a write made at `now`. */
export type Partitioner = (now: Date) => string;

/**
 * The partition prefix for writes in `timeZone`: UTC by default (`partitionPrefix`); another IANA
 * zone for teams that keep the original tracker's `America/New_York` days across old and new data.
 * The formatter is built once per handler, not per event, and is never shared between handlers.
 *
 * @example
 * createPartitioner('America/New_York')(new Date('2025-12-18T03:00:00Z')); // 'analytics/year=2025/month=12/day=17/'
 */
export function createPartitioner(timeZone = 'UTC'): Partitioner {
  if (timeZone === 'UTC') return partitionPrefix;
  // en-CA formats dates as YYYY-MM-DD; formatToParts avoids depending on that anyway.
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (now) => {
    const parts = format.formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `analytics/year=${part('year')}/month=${part('month')}/day=${part('day')}/`;
  };
}
