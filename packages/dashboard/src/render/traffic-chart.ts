import type { JsonValue } from '@analytics-tracker/schema';
import { type DayRange, daysOf } from '../date-range.js';
import type { PanelResult } from '../load-dashboard.js';
import { failureHtml } from './failure.js';
import { formatCount } from './format.js';
import { html, type SafeHtml } from './html.js';
import { sqlDetails } from './sql-details.js';

/** One point of the x axis: an hour (`'07'`) or a day (`'2025-03-15'`), with its figures. */
export interface TrafficPoint {
  key: string;
  label: string;
  pageViews: number;
  visitors: number;
}

const WIDTH = 1000;
const HEIGHT = 300;
const TICKS = 4;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const number = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);

/**
 * Every hour of the day or every day of the range, with the query's figures (0 where it returned no
 * row), so quiet periods show as zero rather than vanish from the axis.
 *
 * @example
 * trafficPoints([{ hour: '09', page_views: 3, visitors: 2 }], 'hour', range).length; // 24
 */
export function trafficPoints(
  rows: readonly Record<string, JsonValue>[],
  granularity: 'hour' | 'day',
  range: DayRange,
): TrafficPoint[] {
  const keyColumn = granularity === 'hour' ? 'hour' : 'day';
  const byKey = new Map(rows.map((row) => [String(row[keyColumn]), row]));
  const keys =
    granularity === 'hour' ? Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')) : daysOf(range);
  return keys.map((key) => {
    const row = byKey.get(key);
    const label =
      granularity === 'hour'
        ? `${key}:00`
        : `${MONTHS[Number(key.slice(5, 7)) - 1] ?? ''} ${Number(key.slice(8))}`;
    return { key, label, pageViews: number(row?.page_views), visitors: number(row?.visitors) };
  });
}

function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? raw;
  return Math.max(1, step);
}

const percent = (value: number): string => `${Number(value.toFixed(3))}%`;

function line(points: readonly TrafficPoint[], pick: (point: TrafficPoint) => number, yMax: number): string {
  const step = WIDTH / points.length;
  return points
    .map(
      (point, i) => `${((i + 0.5) * step).toFixed(1)},${(HEIGHT - (pick(point) / yMax) * HEIGHT).toFixed(1)}`,
    )
    .join(' ');
}

/**
 * The time series as inline SVG (no chart library, nothing fetched): page views as a filled line,
 * visitors as a second line, a tooltip per hour or day. The SVG stretches to the panel's width;
 * axis labels are HTML so they stay readable on a phone.
 *
 * @example
 * trafficChartSvg(trafficPoints(rows, 'day', range));
 */
export function trafficChartSvg(points: readonly TrafficPoint[]): SafeHtml {
  const max = Math.max(0, ...points.map((point) => Math.max(point.pageViews, point.visitors)));
  const step = niceStep(max);
  // As many steps as the data needs (at most TICKS): a peak of 1 gets an axis of 0-1, not 0-4.
  const steps = Math.min(TICKS, Math.max(1, Math.ceil(max / step)));
  const yMax = step * steps;
  const ticks = Array.from({ length: steps + 1 }, (_, i) => i * step);
  const slot = WIDTH / Math.max(1, points.length);
  const views = line(points, (point) => point.pageViews, yMax);
  const first = `${(slot / 2).toFixed(1)},${HEIGHT}`;
  const last = `${(WIDTH - slot / 2).toFixed(1)},${HEIGHT}`;
  const labelEvery = Math.ceil(points.length / 8);
  return html`<div class="chart-plot">
  <div class="y-labels" aria-hidden="true">${ticks.map(
    (tick) => html`<span style="bottom:${percent((tick / yMax) * 100)}">${formatCount(tick)}</span>`,
  )}</div>
  <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="Page views and visitors over time">
    ${ticks.map(
      (tick) =>
        html`<line class="grid" x1="0" x2="${WIDTH}" y1="${HEIGHT - (tick / yMax) * HEIGHT}" y2="${HEIGHT - (tick / yMax) * HEIGHT}" vector-effect="non-scaling-stroke"/>`,
    )}
    <polygon class="area views" points="${first} ${views} ${last}"/>
    <polyline class="line views" points="${views}" vector-effect="non-scaling-stroke"/>
    <polyline class="line visitors" points="${line(points, (point) => point.visitors, yMax)}" vector-effect="non-scaling-stroke"/>
    ${points.map(
      (point, i) =>
        html`<rect class="hover" x="${(i * slot).toFixed(1)}" y="0" width="${slot.toFixed(1)}" height="${HEIGHT}"><title>${point.label}: ${formatCount(point.pageViews)} page views, ${formatCount(point.visitors)} visitors</title></rect>`,
    )}
  </svg>
  <div class="x-labels" aria-hidden="true">${points.map((point, i) =>
    i % labelEvery === 0
      ? html`<span${(i / labelEvery) % 2 === 1 ? html` class="alt"` : ''} style="left:${percent(((i + 0.5) / points.length) * 100)}">${point.label}</span>`
      : '',
  )}</div>
</div>`;
}

/**
 * The traffic panel: title, legend, chart (or its error), and the SQL behind it.
 *
 * @example
 * trafficPanelHtml(data.traffic, 'day', data.selection.range);
 */
export function trafficPanelHtml(
  traffic: PanelResult,
  granularity: 'hour' | 'day',
  range: DayRange,
): SafeHtml {
  const points = trafficPoints(traffic.rows, granularity, range);
  return html`<section class="panel traffic" data-query="${traffic.query}">
  <header>
    <h2>Traffic ${granularity === 'hour' ? 'by hour (UTC)' : 'by day'}</h2>
    <p class="legend"><span class="swatch views"></span>Page views <span class="swatch visitors"></span>Visitors</p>
  </header>
  ${traffic.failure ? failureHtml(traffic.failure) : trafficChartSvg(points)}
  ${sqlDetails([{ sql: traffic.sql }])}
</section>`;
}
