import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatCsv } from '@analytics-tracker/query';
import type { JsonValue, TrackerConfig } from '@analytics-tracker/schema';
import { loadAssets } from './assets.js';
import type { DashboardBackend } from './backends.js';
import { RANGE_PRESETS, type RangePreset } from './date-range.js';
import { BadParameterError, PortInUseError } from './errors.js';
import { type DashboardData, loadDashboard, type PanelResult, runPanel } from './load-dashboard.js';
import { PANEL_QUERY_NAMES } from './panels.js';
import type { DashboardQueries } from './query-file.js';
import {
  badRequestHtml,
  type FormState,
  formState,
  type PageContext,
  pageHtml,
  panelsHtml,
} from './render/page.js';
import { type TrafficPoint, trafficPoints } from './render/traffic-chart.js';
import { crossSiteRefusal, loadLimiter, type Refusal } from './request-guard.js';
import { ALL_APPS, DEFAULT_PRESET, parseSelection, type Selection, selectionQuery } from './selection.js';

/** Options of `startDashboard`. */
export interface DashboardOptions {
  config: TrackerConfig;
  backend: DashboardBackend;
  /** The parsed sql/dashboard-queries.sql (`loadDashboardQueries`). */
  queries: DashboardQueries;
  /** Default 3001; 0 picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** "Today" for the range presets (on the page's time zone's clocks); tests fix it. */
  clock?: () => Date;
  /** Seconds between refreshes of a local dashboard (default 30; 0 hides the option). */
  autoRefreshSeconds?: number;
  /** Where unexpected errors are written (default stderr); they never reach the page. */
  log?: (line: string) => void;
  /** Page loads (or CSV exports) running or waiting at once; beyond it, 503 + Retry-After. Default 4. */
  maxConcurrentLoads?: number;
}

/** A running dashboard. */
export interface DashboardServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
// Only the dashboard's own files: no CDN, no inline script. Inline styles carry the bar widths.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'cache-control':
      type.startsWith('text/') || type.startsWith('application/json') ? 'no-store' : 'max-age=300',
    ...headers,
  });
  response.end(body);
}

const refuse = (response: ServerResponse, refusal: Refusal): void =>
  send(response, refusal.status, 'text/plain; charset=utf-8', refusal.body, refusal.headers);

/**
 * The rows a panel's CSV holds: what its query returned, except for the traffic chart, whose CSV has
 * every hour or day of the range up to `now` (those without events as 0), like the chart: hours and
 * days still to come are left out, not written as 0.
 */
function exportRows(
  result: PanelResult,
  selection: Selection,
  now: Date,
): { columns: string[]; rows: Record<string, JsonValue>[] } {
  const granularity =
    result.query === 'traffic_by_day' ? 'day' : result.query === 'traffic_by_hour' ? 'hour' : undefined;
  if (!granularity) return { columns: result.columns, rows: result.rows };
  const points = trafficPoints(result.rows, granularity, selection.range, now, selection.timeZone).filter(
    (point) => !point.future,
  );
  const figures = (point: TrafficPoint) => ({ page_views: point.pageViews, visitors: point.visitors });
  return granularity === 'day'
    ? { columns: ['day', 'page_views', 'visitors'], rows: points.map((p) => ({ day: p.key, ...figures(p) })) }
    : {
        columns: ['hour', 'local_time', 'page_views', 'visitors'],
        rows: points.map((p) => ({ hour: Number(p.key), local_time: p.label, ...figures(p) })),
      };
}

function rawForm(params: URLSearchParams, now: Date): FormState {
  const today = now.toISOString().slice(0, 10);
  const preset = params.get('range');
  return {
    app: params.get('app') || ALL_APPS,
    preset: ((RANGE_PRESETS as readonly (string | null)[]).includes(preset)
      ? preset
      : DEFAULT_PRESET) as RangePreset,
    from: /^\d{4}-\d{2}-\d{2}$/.test(params.get('from') ?? '') ? (params.get('from') ?? today) : today,
    to: /^\d{4}-\d{2}-\d{2}$/.test(params.get('to') ?? '') ? (params.get('to') ?? today) : today,
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    server.listen(port, HOST, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * Serves the dashboard on http://127.0.0.1:<port> (never on other interfaces): the page, its
 * figures (`/panels`, `/report`, `/api/dashboard`), and its own CSS, JS and icon.
 *
 * @example
 * const dashboard = await startDashboard({ config, backend: localBackend({ dataDir: '.data', config }), queries });
 * console.log(dashboard.url); // http://127.0.0.1:3001
 */
export async function startDashboard(options: DashboardOptions): Promise<DashboardServer> {
  const assets = await loadAssets();
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const context: PageContext = {
    config: options.config,
    backend: { kind: options.backend.kind, label: options.backend.label },
    autoRefreshSeconds: options.autoRefreshSeconds ?? 30,
  };
  let allowedHosts: Set<string> = new Set();
  const limiter = loadLimiter(options.maxConcurrentLoads ?? 4);
  const onUnexpectedError = (error: unknown) =>
    log(`dashboard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

  const load = (selection: Selection): Promise<DashboardData> =>
    options.backend.use((engine) =>
      loadDashboard({
        engine,
        queries: options.queries,
        config: options.config,
        selection,
        backend: options.backend.kind,
        concurrency: options.backend.concurrency,
        now: clock,
        onUnexpectedError,
      }),
    );

  async function exportCsv(selection: Selection, panel: string | null, response: ServerResponse) {
    if (!panel || !PANEL_QUERY_NAMES.includes(panel)) {
      return send(
        response,
        400,
        'text/plain; charset=utf-8',
        `panel must be one of ${PANEL_QUERY_NAMES.join(', ')}\n`,
      );
    }
    const outcome = await limiter.run(() =>
      options.backend.use((engine) =>
        runPanel(
          {
            engine,
            queries: options.queries,
            config: options.config,
            selection,
            now: clock,
            onUnexpectedError,
          },
          panel,
        ),
      ),
    );
    if ('refusal' in outcome) return refuse(response, outcome.refusal);
    const result = outcome.value;
    if (result.failure)
      return send(response, 502, 'text/plain; charset=utf-8', `${result.failure.message}\n`);
    const { columns, rows } = exportRows(result, selection, clock());
    const csv = formatCsv({
      columns: columns.map((name) => ({ name, type: '' })),
      rows: rows.map((row) => columns.map((column) => row[column] ?? null)),
      returnsRows: true,
    });
    // The name holds only the validated panel name and days.
    const name = `${panel}-${selection.range.from}-${selection.range.to}.csv`;
    return send(response, 200, 'text/csv; charset=utf-8', csv, {
      'content-disposition': `attachment; filename="${name}"`,
    });
  }

  /** One page load under the bound; answers 503 itself beyond it. */
  async function limited(response: ServerResponse, selection: Selection): Promise<DashboardData | undefined> {
    const outcome = await limiter.run(() => load(selection));
    if ('refusal' in outcome) {
      refuse(response, outcome.refusal);
      return undefined;
    }
    return outcome.value;
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A web page elsewhere must not run queries (an <img> tag) nor read figures (a rebound DNS name).
    const refusal = crossSiteRefusal(request.headers, allowedHosts);
    if (refusal) return refuse(response, refusal);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'Only GET is served here.\n');
      return;
    }
    const asset = assets.get(url.pathname);
    if (asset) return send(response, 200, asset.type, asset.body);
    const html = 'text/html; charset=utf-8';
    const now = clock();
    let selection: Selection;
    try {
      selection = parseSelection(url.searchParams, options.config, now);
    } catch (error) {
      if (!(error instanceof BadParameterError)) throw error;
      const form = rawForm(url.searchParams, now);
      const query = url.searchParams.toString();
      if (url.pathname === '/')
        return send(response, 200, html, pageHtml(context, form, query, badRequestHtml(error.message)));
      if (url.pathname === '/panels')
        return send(response, 400, html, badRequestHtml(error.message).toString());
      if (url.pathname === '/report')
        return send(response, 400, html, pageHtml(context, form, query, badRequestHtml(error.message)));
      if (url.pathname === '/api/dashboard')
        return send(
          response,
          400,
          'application/json',
          JSON.stringify({ error: error.code, message: error.message }),
        );
      return send(response, 404, 'text/plain; charset=utf-8', 'Not found\n');
    }
    const query = selectionQuery(selection);
    if (url.pathname === '/' && options.backend.kind === 'athena') {
      // Athena takes seconds: the selectors show at once, the script fetches the figures.
      return send(response, 200, html, pageHtml(context, formState(selection), query));
    }
    if (url.pathname === '/export.csv') return exportCsv(selection, url.searchParams.get('panel'), response);
    if (!['/', '/panels', '/report', '/api/dashboard'].includes(url.pathname)) {
      return send(response, 404, 'text/plain; charset=utf-8', 'Not found\n');
    }
    const data = await limited(response, selection);
    if (!data) return;
    switch (url.pathname) {
      case '/panels':
        return send(response, 200, html, panelsHtml(data, options.backend.kind).toString());
      case '/api/dashboard':
        return send(response, 200, 'application/json', JSON.stringify(data, null, 2));
      default: // '/' on local data (rendered on the server: no spinner) and '/report'
        return send(
          response,
          200,
          html,
          pageHtml(context, formState(selection), query, panelsHtml(data, options.backend.kind)),
        );
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      log(`dashboard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent)
        send(response, 500, 'text/plain; charset=utf-8', 'The dashboard hit a bug; see its terminal.\n');
      else response.end();
    });
  });
  const requested = options.port ?? 3001;
  const address = await listen(server, requested);
  allowedHosts = new Set([`127.0.0.1:${address.port}`, `localhost:${address.port}`]);
  return {
    url: `http://${HOST}:${address.port}`,
    port: address.port,
    stop: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await options.backend.close?.();
    },
  };
}
