import type { JsonValue } from '@analytics-tracker/schema';

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A count for the page: `1,234`; anything that is not a number as an em dash.
 *
 * @example
 * formatCount(12345); // '12,345'
 */
export function formatCount(value: JsonValue | undefined): string {
  return typeof value === 'number' ? INTEGER.format(value) : '—';
}

/**
 * A percentage with one decimal when it has one: `33.3%`, `25%`.
 *
 * @example
 * formatPercent(33.3); // '33.3%'
 */
export function formatPercent(value: JsonValue | undefined): string {
  return typeof value === 'number' ? `${Number(value.toFixed(1))}%` : '—';
}

/**
 * A duration in seconds as people read it: `45s`, `2m 05s`, `1h 02m`.
 *
 * @example
 * formatDuration(125); // '2m 05s'
 */
export function formatDuration(value: JsonValue | undefined): string {
  if (typeof value !== 'number') return '—';
  const seconds = Math.round(value);
  if (seconds < 60) return `${seconds}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor((seconds % 3600) / 60))}m`;
}

/** How a headline figure moved against the previous period. */
export interface Change {
  /** `+25%`, `−10%`, `+4.2 pts`, `new`, or `—` when there is nothing to compare. */
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
}

/**
 * The change from `previous` to `current`: relative for counts and durations, in points for rates.
 *
 * @example
 * change(12, 10, 'relative'); // { text: '+20%', direction: 'up' }
 * change(40, 50, 'points'); // { text: '−10 pts', direction: 'down' }
 */
export function change(
  current: JsonValue | undefined,
  previous: JsonValue | undefined,
  kind: 'relative' | 'points',
): Change {
  if (typeof current !== 'number') return { text: '—', direction: 'none' };
  if (typeof previous !== 'number') return { text: current > 0 ? 'new' : '—', direction: 'none' };
  const delta =
    kind === 'points' ? current - previous : previous === 0 ? undefined : (current - previous) / previous;
  if (delta === undefined)
    return current === 0 ? { text: '0%', direction: 'flat' } : { text: 'new', direction: 'up' };
  const amount = kind === 'points' ? Number(Math.abs(delta).toFixed(1)) : Math.round(Math.abs(delta) * 100);
  const direction = amount === 0 ? 'flat' : delta > 0 ? 'up' : 'down';
  const sign = direction === 'up' ? '+' : direction === 'down' ? '−' : '';
  return { text: `${sign}${amount}${kind === 'points' ? ' pts' : '%'}`, direction };
}
