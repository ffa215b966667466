import type { TrackerConfig } from '@analytics-tracker/schema';
import type { DayRange, RangePreset } from '../date-range.js';
import { type Filter, filterDimension } from '../filters.js';
import type { DashboardData, PanelResult } from '../load-dashboard.js';
import type { PanelFailure } from '../panel-failure.js';
import { TABLE_PANELS } from '../panels.js';
import { ALL_APPS, type Selection, selectionQuery } from '../selection.js';
import { DEFAULT_TIME_ZONE } from '../time-zone.js';
import { failureHtml } from './failure.js';
import { headlineHtml } from './headline.js';
import { html, type SafeHtml } from './html.js';
import { sqlDetails } from './sql-details.js';
import { exportLink, tablePanelHtml } from './table-panel.js';
import { trafficPanelHtml } from './traffic-chart.js';

/** What every page of one running dashboard shares. */
export interface PageContext {
  config: Pick<TrackerConfig, 'apps'>;
  backend: { kind: 'local' | 'athena'; label: string };
  /** Seconds between refreshes of the local backend's page; 0 turns the option off. */
  autoRefreshSeconds: number;
}

/** The selector values as the page shows them (also for a request whose values were rejected). */
export interface FormState {
  app: string;
  preset: RangePreset;
  from: string;
  to: string;
  /** Active filters, kept as hidden fields so a new range keeps them. */
  filters?: readonly Filter[];
  /** The zone chosen in the address (`?tz=`); empty means the app's zone (UTC for all apps). */
  tz?: string;
  /** The zone the figures are in, for the selector's default entry. */
  timeZone?: string;
}

const PRESET_LABELS: Record<RangePreset, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom range',
};

/**
 * The selector values of a valid selection.
 *
 * @example
 * formState(selection); // { app: 'all', preset: '7d', from: '2025-03-09', to: '2025-03-15' }
 */
export function formState(selection: Selection): FormState {
  return {
    app: selection.app,
    preset: selection.preset,
    from: selection.range.from,
    to: selection.range.to,
    filters: selection.filters,
    tz: selection.timeZoneFromAddress ? selection.timeZone : '',
    timeZone: selection.timeZone,
  };
}

function describeRange(preset: RangePreset, range: DayRange, timeZone: string): string {
  const days = range.from === range.to ? range.from : `${range.from} – ${range.to}`;
  return `${PRESET_LABELS[preset]}: ${days} (${timeZone})`;
}

// Every zone the `tz` parameter accepts, for the selector.
const ZONES = [
  DEFAULT_TIME_ZONE,
  ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== DEFAULT_TIME_ZONE),
];

const previousLabel = (range: DayRange): string =>
  range.days === 1 ? 'previous day' : `previous ${range.days} days`;

function commonFailure(results: readonly PanelResult[]): PanelFailure | undefined {
  const first = results[0]?.failure;
  if (!first) return undefined;
  return results.every((result) => result.failure?.code === first.code) ? first : undefined;
}

function isEmpty(data: DashboardData): boolean {
  const figures = data.headline.current.rows[0] ?? {};
  return (
    !data.headline.current.failure &&
    figures.page_views === 0 &&
    figures.sessions === 0 &&
    data.traffic.rows.length === 0 &&
    data.tables.every((table) => !table.failure && table.rows.length === 0)
  );
}

function emptyNotice(backend: PageContext['backend']['kind']): SafeHtml {
  return html`<section class="panel notice empty-state" role="status">
  <h2>No events in this range yet</h2>
  ${
    backend === 'local'
      ? html`<p>Start the tracker with <code>npm run offline</code>, send a few events (it prints a curl command to try), and this page picks them up on its next refresh.</p>`
      : html`<p>The tables have no rows for these days. Pick a longer range or another app.</p>`
  }
</section>`;
}

function chips(selection: Selection): SafeHtml | string {
  if (selection.filters.length === 0) return '';
  return html`<nav class="filters" aria-label="Filters">Filtered by ${selection.filters.map((filter) => {
    const rest = selection.filters.filter((other) => other !== filter);
    const name = filterDimension(filter.param)?.label ?? filter.param;
    return html`<span class="chip" data-filter="${filter.param}" data-value="${filter.value}">${name} is ${filter.value}<a href="/?${selectionQuery({ ...selection, filters: rest })}" title="Remove this filter" aria-label="Remove filter ${name} is ${filter.value}">×</a></span>`;
  })}</nav>`;
}

function realtime(data: DashboardData): SafeHtml {
  const result = data.currentVisitors;
  const count = result.rows[0]?.visitors;
  return html`<p class="realtime" data-query="current_visitors" data-value="${result.failure ? '' : (count ?? 0)}">${
    result.failure
      ? 'Visitors in the last 5 minutes: unavailable'
      : html`<strong>${String(count ?? 0)}</strong> ${count === 1 ? 'visitor' : 'visitors'} in the last 5 minutes`
  }</p>`;
}

/**
 * The figures of one selection: filters, headline, traffic chart and table panels (what `/panels`
 * returns and the page swaps in).
 *
 * @example
 * panelsHtml(await loadDashboard(options), 'local').toString();
 */
export function panelsHtml(data: DashboardData, backend: PageContext['backend']['kind']): SafeHtml {
  const { selection } = data;
  const all = [data.headline.current, data.headline.previous, data.traffic, ...data.tables];
  const failure = commonFailure(all);
  const caption = html`<p class="range" data-from="${selection.range.from}" data-to="${selection.range.to}">${describeRange(selection.preset, selection.range, selection.timeZone)}</p>`;
  if (failure) {
    return html`${caption}<section class="panel error-panel">
  ${failureHtml(failure, 'Could not load the figures')}
  ${sqlDetails([{ sql: data.headline.current.sql }])}
</section>`;
  }
  return html`${caption}
${chips(selection)}
${realtime(data)}
${isEmpty(data) ? emptyNotice(backend) : ''}
${headlineHtml(data.headline, previousLabel(selection.range), exportLink('headline', selection))}
${trafficPanelHtml(data.traffic, selection.granularity, selection.range, {
  previous: data.previousTraffic,
  previousRange: selection.previous,
  now: new Date(data.generatedAt),
  exportLink: exportLink(data.traffic.query, selection),
  timeZone: selection.timeZone,
})}
<div class="tables">
${TABLE_PANELS.map((panel, i) => {
  const result = data.tables[i];
  return result ? tablePanelHtml(panel, result, selection) : '';
})}
</div>`;
}

/**
 * What `/panels` shows when the page's parameters were rejected (an unknown app, a bad date).
 *
 * @example
 * badRequestHtml('from must be a date written YYYY-MM-DD (got "yesterday")');
 */
export function badRequestHtml(message: string): SafeHtml {
  return html`<section class="panel error-panel">${failureHtml({
    code: 'BAD_PARAMETER',
    title: 'These settings cannot be shown',
    message,
    hint: 'Pick an app and a range above.',
  })}</section>`;
}

function controls(context: PageContext, form: FormState): SafeHtml {
  const option = (value: string, text: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${text}</option>`;
  const custom = form.preset === 'custom';
  return html`<form class="controls" method="get" action="/">
  <label>App
    <select name="app">
      ${option(ALL_APPS, 'All apps', form.app === ALL_APPS)}
      ${context.config.apps.map((app) => option(app.name, `${app.name} (${app.bucket})`, form.app === app.name))}
    </select>
  </label>
  <label>Range
    <select name="range">
      ${(Object.keys(PRESET_LABELS) as RangePreset[]).map((preset) =>
        option(preset, PRESET_LABELS[preset], form.preset === preset),
      )}
    </select>
  </label>
  <label class="day">From <input type="date" name="from" value="${form.from}"${custom ? '' : html` disabled`} required></label>
  <label class="day">To <input type="date" name="to" value="${form.to}"${custom ? '' : html` disabled`} required></label>
  <label>Time zone
    <select name="tz">
      ${option('', form.app === ALL_APPS ? 'UTC (all apps)' : "The app's zone (UTC if none)", !form.tz)}
      ${(form.tz && !ZONES.includes(form.tz) ? [form.tz, ...ZONES] : ZONES).map((zone) => option(zone, zone, form.tz === zone))}
    </select>
  </label>
  ${(form.filters ?? []).map((filter) => html`<input type="hidden" name="${filter.param}" value="${filter.value}">`)}
  <button type="submit">Show</button>
  ${
    context.backend.kind === 'local' && context.autoRefreshSeconds > 0
      ? html`<label class="refresh"><input type="checkbox" name="refresh" checked data-seconds="${context.autoRefreshSeconds}"> Auto-refresh (${context.autoRefreshSeconds} s)</label>`
      : ''
  }
  <span class="status" role="status" aria-live="polite"></span>
</form>`;
}

function loading(context: PageContext, query: string): SafeHtml {
  const where =
    context.backend.kind === 'athena' ? 'on Athena (this can take a few seconds)' : 'on the local data';
  return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Running the queries ${where}…</div>
<noscript><p class="panel notice">This page loads its figures with JavaScript. Without it, open the <a href="/report?${query}">plain HTML report</a> and use the selectors above.</p></noscript>`;
}

/**
 * The whole page. With `content` (local data, `/report`) a complete page rendered on the server;
 * without, the shell whose script fetches `/panels` (on Athena, whose seconds show as a loading state).
 *
 * @example
 * pageHtml(context, formState(selection), 'app=all&range=7d');
 */
export function pageHtml(context: PageContext, form: FormState, query: string, content?: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Analytics dashboard</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/dashboard.js" defer></script>
</head>
<body>
<header class="top">
  <div class="title">
    <h1>Analytics</h1>
    <span class="backend backend-${context.backend.kind}" title="${context.backend.label}">${context.backend.label}</span>
  </div>
  ${controls(context, form)}
</header>
<main id="panels" data-query="${query}"${content ? '' : html` data-pending aria-busy="true"`}>
${content ?? loading(context, query)}
</main>
<footer>Every figure is a named query of <code>sql/dashboard-queries.sql</code>: “Show SQL” gives the exact statement, which runs unchanged in Athena.</footer>
</body>
</html>
`.toString();
}
