import { dayIn, type JsonValue } from '@analytics-tracker/schema';
import { type DayRange, daysOf } from '../date-range.js';
import type { PanelResult } from '../load-dashboard.js';
import { DEFAULT_TIME_ZONE, localHours } from '../time-zone.js';
import { failureHtml } from './failure.js';
import { formatCount } from './format.js';
import { html, type SafeHtml } from './html.js';
import { sqlDetails } from './sql-details.js';

/**
 * One point of the x axis: an hour (its count since the day's start, `'7'`, labelled `07:00`) or a day
 * (`'2025-03-15'`), with its figures.
 */
export interface TrafficPoint {
  key: string;
  label: string;
  pageViews: number;
  visitors: number;
  /** After the dashboard's "now": not drawn (a future hour is unknown, not zero). */
  future: boolean;
}

const WIDTH = 1000;
const HEIGHT = 300;
const TICKS = 4;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const number = (value: JsonValue | undefined): number => (typeof value === 'number' ? value : 0);

/**
 * Every hour of the day or every day of the range in `timeZone` (UTC by default), with the query's
 * figures (0 where it returned no row), so quiet periods show as zero rather than vanish from the
 * axis. A daylight-saving day has 23 or 25 hours. Hours and days after `now` are marked `future`:
 * the axis keeps them, the lines stop at now.
 *
 * @example
 * trafficPoints([{ hour: 9, page_views: 3, visitors: 2 }], 'hour', range).length; // 24
 */
export function trafficPoints(
  rows: readonly Record<string, JsonValue>[],
  granularity: 'hour' | 'day',
  range: DayRange,
  now?: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): TrafficPoint[] {
  const keyColumn = granularity === 'hour' ? 'hour' : 'day';
  const byKey = new Map(rows.map((row) => [String(row[keyColumn]), row]));
  const figures = (key: string) => {
    const row = byKey.get(key);
    return { pageViews: number(row?.page_views), visitors: number(row?.visitors) };
  };
  if (granularity === 'hour') {
    return localHours(range, timeZone).map((hour) => ({
      key: String(hour.index),
      label: hour.label,
      ...figures(String(hour.index)),
      future: now !== undefined && hour.start.getTime() > now.getTime(),
    }));
  }
  const today = now ? dayIn(now, timeZone) : undefined;
  return daysOf(range).map((key) => ({
    key,
    label: `${MONTHS[Number(key.slice(5, 7)) - 1] ?? ''} ${Number(key.slice(8))}`,
    ...figures(key),
    future: today !== undefined && key > today,
  }));
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
    .filter((point) => !point.future)
    .map(
      (point, i) => `${((i + 0.5) * step).toFixed(1)},${(HEIGHT - (pick(point) / yMax) * HEIGHT).toFixed(1)}`,
    )
    .join(' ');
}

/**
 * The time series as inline SVG (no chart library, nothing fetched): page views as a filled line,
 * visitors as a second line, the previous period's page views as a dashed line, a tooltip per hour
 * or day. Lines stop at now (future points are not drawn as zero). The SVG stretches to the panel's
 * width; axis labels are HTML so they stay readable on a phone.
 *
 * @example
 * trafficChartSvg(trafficPoints(rows, 'day', range), trafficPoints(previousRows, 'day', previous));
 */
export function trafficChartSvg(
  points: readonly TrafficPoint[],
  previous: readonly TrafficPoint[] = [],
): SafeHtml {
  const shown = points.filter((point) => !point.future);
  const max = Math.max(
    0,
    ...shown.map((point) => Math.max(point.pageViews, point.visitors)),
    ...previous.map((point) => point.pageViews),
  );
  const step = niceStep(max);
  // As many steps as the data needs (at most TICKS): a peak of 1 gets an axis of 0-1, not 0-4.
  const steps = Math.min(TICKS, Math.max(1, Math.ceil(max / step)));
  const yMax = step * steps;
  const ticks = Array.from({ length: steps + 1 }, (_, i) => i * step);
  const slot = WIDTH / Math.max(1, points.length);
  const views = line(points, (point) => point.pageViews, yMax);
  const first = `${(slot / 2).toFixed(1)},${HEIGHT}`;
  const last = `${((Math.max(1, shown.length) - 0.5) * slot).toFixed(1)},${HEIGHT}`;
  // The previous period on the same slots (its first day under this period's first day).
  const before = previous.length === points.length ? line(previous, (point) => point.pageViews, yMax) : '';
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
    ${before ? html`<polyline class="line previous" points="${before}" vector-effect="non-scaling-stroke"/>` : ''}
    ${shown.length > 0 ? html`<polygon class="area views" points="${first} ${views} ${last}"/>` : ''}
    <polyline class="line views" points="${views}" vector-effect="non-scaling-stroke"/>
    <polyline class="line visitors" points="${line(points, (point) => point.visitors, yMax)}" vector-effect="non-scaling-stroke"/>
    ${points.map((point, i) => {
      const was = previous.length === points.length ? previous[i] : undefined;
      const tip = point.future
        ? `${point.label}: not yet`
        : `${point.label}: ${formatCount(point.pageViews)} page views, ${formatCount(point.visitors)} visitors${was ? ` (previous period: ${formatCount(was.pageViews)} page views)` : ''}`;
      return html`<rect class="hover" x="${(i * slot).toFixed(1)}" y="0" width="${slot.toFixed(1)}" height="${HEIGHT}"${point.future ? html` data-future` : ''}><title>${tip}</title></rect>`;
    })}
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
 * trafficPanelHtml(data.traffic, 'day', data.selection.range, { previous: data.previousTraffic, now });
 */
export function trafficPanelHtml(
  traffic: PanelResult,
  granularity: 'hour' | 'day',
  range: DayRange,
  options: {
    previous?: PanelResult;
    previousRange?: DayRange;
    now?: Date;
    exportLink?: SafeHtml;
    timeZone?: string;
  } = {},
): SafeHtml {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const points = trafficPoints(traffic.rows, granularity, range, options.now, timeZone);
  const previous =
    options.previous && !options.previous.failure && options.previousRange
      ? trafficPoints(options.previous.rows, granularity, options.previousRange, undefined, timeZone)
      : [];
  return html`<section class="panel traffic" data-query="${traffic.query}">
  <header>
    <h2 title="Each event counts at its event time, on the clocks of ${timeZone}">Traffic ${granularity === 'hour' ? 'by hour' : 'by day'} (${timeZone})</h2>
    <p class="legend"><span class="swatch views"></span>Page views <span class="swatch visitors"></span>Visitors${previous.length > 0 ? html` <span class="swatch previous"></span>Page views, previous period` : ''}</p>
    ${options.exportLink ?? ''}
  </header>
  ${traffic.failure ? failureHtml(traffic.failure) : trafficChartSvg(points, previous)}
  ${sqlDetails([
    { label: 'This period', sql: traffic.sql },
    ...(options.previous ? [{ label: 'Previous period', sql: options.previous.sql }] : []),
  ])}
</section>`;
}
