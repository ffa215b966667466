import type { JsonValue } from '@analytics-tracker/schema';
import type { PanelResult } from '../load-dashboard.js';
import { failureHtml } from './failure.js';
import { change, formatCount, formatDuration, formatPercent } from './format.js';
import { html, type SafeHtml } from './html.js';
import { sqlDetails } from './sql-details.js';

interface Metric {
  /** Column of the `headline` query. */
  key: string;
  label: string;
  format: (value: JsonValue | undefined) => string;
  change: 'relative' | 'points';
  /** Whether a rise is good news (a higher bounce rate is not). */
  higherIsBetter: boolean;
}

/** The headline figures, in page order. */
export const HEADLINE_METRICS: readonly Metric[] = [
  { key: 'page_views', label: 'Page views', format: formatCount, change: 'relative', higherIsBetter: true },
  {
    key: 'visitors',
    label: 'Unique visitors',
    format: formatCount,
    change: 'relative',
    higherIsBetter: true,
  },
  { key: 'sessions', label: 'Sessions', format: formatCount, change: 'relative', higherIsBetter: true },
  {
    key: 'bounce_rate',
    label: 'Bounce rate',
    format: formatPercent,
    change: 'points',
    higherIsBetter: false,
  },
  {
    key: 'avg_session_seconds',
    label: 'Avg. session',
    format: formatDuration,
    change: 'relative',
    higherIsBetter: true,
  },
];

function tone(direction: string, higherIsBetter: boolean): string {
  if (direction === 'up') return higherIsBetter ? 'good' : 'bad';
  if (direction === 'down') return higherIsBetter ? 'bad' : 'good';
  return 'flat';
}

/**
 * The headline panel: each figure with its change against the previous period of the same length,
 * and its CSV link.
 *
 * @example
 * headlineHtml(data.headline, 'previous 7 days', exportLink('headline', selection));
 */
export function headlineHtml(
  headline: { current: PanelResult; previous: PanelResult },
  previousLabel: string,
  exportLink: SafeHtml | string = '',
): SafeHtml {
  const { current, previous } = headline;
  const now = current.rows[0] ?? {};
  const before = previous.rows[0] ?? {};
  const stats = HEADLINE_METRICS.map((metric) => {
    const value = now[metric.key];
    const moved = previous.failure
      ? { text: '—', direction: 'none' }
      : change(value, before[metric.key], metric.change);
    return html`<div class="stat" data-metric="${metric.key}" data-value="${value ?? ''}">
    <dt>${metric.label}</dt>
    <dd class="value">${metric.format(value)}</dd>
    <dd class="change ${tone(moved.direction, metric.higherIsBetter)}" title="vs ${previousLabel}">${moved.text}</dd>
  </div>`;
  });
  return html`<section class="panel headline" aria-label="Headline figures" data-query="headline">
  ${current.failure ? failureHtml(current.failure) : html`<dl class="stats">${stats}</dl>`}
  <p class="compare-note">Change against the ${previousLabel}. ${exportLink}</p>
  ${sqlDetails([
    { label: 'This period', sql: current.sql },
    { label: 'Previous period', sql: previous.sql },
  ])}
</section>`;
}
