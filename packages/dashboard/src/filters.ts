import { BadParameterError } from './errors.js';

/**
 * A value of a table panel that filters the whole page: its query-string name, the label the page
 * shows, and the SQL expression its panel groups by (so a clicked row and its filter agree).
 */
export interface FilterDimension {
  /** Query-string parameter (`page=/pricing`). */
  param: string;
  /** As the chip says it: "Page is /pricing". */
  label: string;
  /** The same expression the panel groups by; a fixed string of this file, never user input. */
  expression: string;
}

/** The label of the referrer row for visits without a referrer (what the referrer panel shows). */
export const DIRECT_REFERRER = 'Direct / None';

/** Every dimension a click can filter on, in chip order. */
export const FILTER_DIMENSIONS: readonly FilterDimension[] = [
  { param: 'page', label: 'Page', expression: "split_part(page, '?', 1)" },
  { param: 'referrer', label: 'Referrer', expression: `coalesce(referrerDomain, '${DIRECT_REFERRER}')` },
  { param: 'utm_source', label: 'UTM source', expression: 'utm.source' },
  { param: 'utm_campaign', label: 'UTM campaign', expression: 'utm.campaign' },
  { param: 'country', label: 'Country', expression: "coalesce(location.country, 'unknown')" },
  { param: 'device', label: 'Device', expression: "coalesce(device.device_type, 'unknown')" },
  { param: 'browser', label: 'Browser', expression: "coalesce(device.browser, 'unknown')" },
  { param: 'os', label: 'OS', expression: "coalesce(device.os, 'unknown')" },
];

/** One active filter: a dimension and the exact value its rows must have. */
export interface Filter {
  param: string;
  value: string;
}

/** Longest filter value: longer than any path or domain the panels show (pages are cut at `?`). */
export const MAX_FILTER_LENGTH = 512;
// Control characters (and the line breaks among them) never belong in a shown value.
const CONTROL = /\p{Cc}/u;

/**
 * Reads the filters of a query string (`page`, `referrer`, `country`, … once each). A value must be
 * 1-512 characters without control characters; it reaches SQL only as a quoted literal.
 * Throws `BadParameterError`.
 *
 * @example
 * parseFilters(new URLSearchParams('page=/pricing&country=DE'));
 * // [{ param: 'page', value: '/pricing' }, { param: 'country', value: 'DE' }]
 */
export function parseFilters(params: URLSearchParams): Filter[] {
  const filters: Filter[] = [];
  for (const dimension of FILTER_DIMENSIONS) {
    const values = params.getAll(dimension.param);
    if (values.length === 0) continue;
    if (values.length > 1) throw new BadParameterError(`${dimension.param} can be given once`);
    const value = values[0] ?? '';
    if (value.length === 0 || value.length > MAX_FILTER_LENGTH || CONTROL.test(value)) {
      throw new BadParameterError(
        `${dimension.param} must be 1 to ${MAX_FILTER_LENGTH} characters without control characters`,
      );
    }
    filters.push({ param: dimension.param, value });
  }
  return filters;
}

/** The dimension of a filter parameter, or undefined. @example filterDimension('page')?.label; // 'Page' */
export function filterDimension(param: string): FilterDimension | undefined {
  return FILTER_DIMENSIONS.find((dimension) => dimension.param === param);
}

/**
 * A string as an SQL literal, the same in Trino and DuckDB: quoted, a quote doubled (neither engine
 * reads backslashes in literals). Only validated filter values go through here.
 *
 * @example
 * sqlLiteral("it's"); // "'it''s'"
 */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The SQL conditions of the filters, ANDed after the partition filter: each is a fixed expression
 * of `FILTER_DIMENSIONS` compared to a quoted, validated value.
 *
 * @example
 * filterConditions([{ param: 'page', value: '/pricing' }]); // ["split_part(page, '?', 1) = '/pricing'"]
 */
export function filterConditions(filters: readonly Filter[]): string[] {
  return filters.map((filter) => {
    const dimension = filterDimension(filter.param);
    if (!dimension) throw new BadParameterError(`Not a filter: ${filter.param}`);
    if (filter.value.length > MAX_FILTER_LENGTH || CONTROL.test(filter.value)) {
      throw new BadParameterError(`Not a valid ${filter.param} value`);
    }
    return `${dimension.expression} = ${sqlLiteral(filter.value)}`;
  });
}
