import type { TrackerConfig } from '@analytics-tracker/schema';
import { type DayRange, dayRange, previousRange, RANGE_PRESETS, type RangePreset } from './date-range.js';
import { BadParameterError } from './errors.js';
import { type Filter, parseFilters } from './filters.js';
import { DEFAULT_TIME_ZONE, parseTimeZone } from './time-zone.js';

/** The value of the app selector that reads every configured app. */
export const ALL_APPS = 'all';

/** What the page shows: validated app and days. */
export interface Selection {
  /** An app name from tracker.config.ts, or `all`. */
  app: string;
  preset: RangePreset;
  range: DayRange;
  /** The range before, for the headline's change. */
  previous: DayRange;
  /** Hourly chart for a one-day range, daily otherwise. */
  granularity: 'hour' | 'day';
  /** Values clicked on the page (`page=/pricing`), applied to every figure. */
  filters: Filter[];
  /** IANA zone of the days and hours shown: `?tz=`, else the app's `timeZone`, else UTC. */
  timeZone: string;
  /** Whether `?tz=` chose the zone (kept in links), rather than the app or the default. */
  timeZoneFromAddress: boolean;
}

/** The selector defaults: every app, the last 7 days. */
export const DEFAULT_PRESET: RangePreset = '7d';

/**
 * Reads and validates the page's query string (`app`, `range`, `from`, `to`, `tz`, and the filters of
 * filters.ts). The app must be one of the config's apps (or `all`); dates must be real `YYYY-MM-DD`
 * days; `tz` must be on the IANA list (without it: the app's `timeZone`, and UTC for all apps); filter
 * values are checked by `parseFilters`. Throws `BadParameterError`.
 *
 * @example
 * parseSelection(new URLSearchParams('app=app1&range=today'), config, new Date());
 */
export function parseSelection(
  params: URLSearchParams,
  config: { apps: readonly Pick<TrackerConfig['apps'][number], 'name' | 'timeZone'>[] },
  now: Date,
): Selection {
  const app = params.get('app') || ALL_APPS;
  const chosen = config.apps.find((candidate) => candidate.name === app);
  if (app !== ALL_APPS && !chosen) {
    const names = [ALL_APPS, ...config.apps.map((candidate) => candidate.name)].join(', ');
    throw new BadParameterError(
      `Unknown app "${app}": pick one of ${names} (apps come from tracker.config.ts)`,
    );
  }
  const preset = params.get('range') || DEFAULT_PRESET;
  if (!(RANGE_PRESETS as readonly string[]).includes(preset)) {
    throw new BadParameterError(`range must be one of ${RANGE_PRESETS.join(', ')} (got "${preset}")`);
  }
  const from = params.get('from');
  const to = params.get('to');
  const tz = params.get('tz');
  const timeZone = tz ? parseTimeZone(tz) : (chosen?.timeZone ?? DEFAULT_TIME_ZONE);
  const range = dayRange(preset as RangePreset, {
    now,
    timeZone,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  });
  return {
    app,
    preset: preset as RangePreset,
    range,
    previous: previousRange(range),
    granularity: range.days === 1 ? 'hour' : 'day',
    filters: parseFilters(params),
    timeZone,
    timeZoneFromAddress: Boolean(tz),
  };
}

/**
 * The query string of a selection, for links and the page's own fetches (filters last, in the
 * order of filters.ts).
 *
 * @example
 * selectionQuery(selection); // 'app=all&range=custom&from=2025-03-01&to=2025-03-03&page=%2Fpricing'
 */
export function selectionQuery(
  selection: Pick<Selection, 'app' | 'preset' | 'range'> & {
    filters?: readonly Filter[];
    timeZone?: string;
    timeZoneFromAddress?: boolean;
  },
): string {
  const params = new URLSearchParams({ app: selection.app, range: selection.preset });
  if (selection.preset === 'custom') {
    params.set('from', selection.range.from);
    params.set('to', selection.range.to);
  }
  if (selection.timeZoneFromAddress && selection.timeZone) params.set('tz', selection.timeZone);
  for (const filter of selection.filters ?? []) params.set(filter.param, filter.value);
  return params.toString();
}

/**
 * The configured apps a selection reads.
 *
 * @example
 * selectedApps(config, 'all'); // every app of tracker.config.ts
 */
export function selectedApps<App extends { name: string }>(apps: readonly App[], app: string): App[] {
  return app === ALL_APPS ? [...apps] : apps.filter((candidate) => candidate.name === app);
}
