import type { Column } from './columns.js';

/**
 * Rows the original tracker wrote under the same `analytics/` prefix have its shape: no
 * `device.is_bot`, `visitorId`, `referrerDomain` or `utm`; `"unknown"` locations, an `"Unknown"`
 * browser, `"direct"` for no referrer, a 0×0 viewport when none was sent, and whatever timestamp the
 * client sent (epoch milliseconds included). Every row this tracker writes has a boolean `is_bot`,
 * so a row without one is the original's, and only such rows are rewritten.
 *
 * @example
 * LEGACY_ROW; // '"device".is_bot IS NULL'
 */
export const LEGACY_ROW = '"device".is_bot IS NULL';

/** Trino (and DuckDB) names of the Hive scalar types our structs hold. */
const SQL_TYPES: Record<string, string> = {
  string: 'varchar',
  int: 'integer',
  boolean: 'boolean',
  double: 'double',
};

// `%s` is the field as read (`"device".browser`). Each turns the original's placeholder into our NULL
// (or fills what it never stored), so both writers' rows group together in every figure.
const FIELDS: Record<string, string> = {
  'device.device_type': "nullif(%s, 'unknown')",
  'device.browser': "nullif(%s, 'Unknown')",
  // The original detected no bots: its rows count as people, as they did in its own figures.
  'device.is_bot': 'coalesce(%s, false)',
  'location.country': "nullif(%s, 'unknown')",
  'location.city': "nullif(%s, 'unknown')",
  'location.region': "nullif(%s, 'unknown')",
  'viewport.width': 'CASE WHEN "viewport".width = 0 AND "viewport".height = 0 THEN NULL ELSE %s END',
  'viewport.height': 'CASE WHEN "viewport".width = 0 AND "viewport".height = 0 THEN NULL ELSE %s END',
  'utm.source': `nullif(url_extract_parameter("page", 'utm_source'), '')`,
  'utm.medium': `nullif(url_extract_parameter("page", 'utm_medium'), '')`,
  'utm.campaign': `nullif(url_extract_parameter("page", 'utm_campaign'), '')`,
  'utm.term': `nullif(url_extract_parameter("page", 'utm_term'), '')`,
  'utm.content': `nullif(url_extract_parameter("page", 'utm_content'), '')`,
};

const COLUMNS: Record<string, string> = {
  referrer: `nullif("referrer", 'direct')`,
  referrerdomain: `regexp_replace(lower(url_extract_host(nullif("referrer", 'direct'))), '^www[.]', '')`,
  // The original's `ip` is a per-address hash: the closest it has to a visitor.
  visitorid: '"ip"',
  // Epoch milliseconds become ISO 8601; ISO text stays; anything else (the original kept junk) is NULL,
  // so from_iso8601_timestamp never fails a whole query on one old row.
  timestamp: [
    `CASE WHEN regexp_like("timestamp", '^[0-9]{13}$')`,
    `THEN to_iso8601(from_unixtime(CAST("timestamp" AS double) / 1000))`,
    `WHEN regexp_like("timestamp", '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$')`,
    'THEN "timestamp" END',
  ].join(' '),
};

function structFields(type: string): { name: string; type: string }[] | undefined {
  const inner = /^struct<(.*)>$/.exec(type)?.[1];
  if (inner === undefined || inner.includes('<')) return undefined;
  return inner.split(',').map((field) => {
    const [name = '', fieldType = ''] = field.split(':');
    return { name, type: fieldType };
  });
}

function structExpression(column: Column, fields: { name: string; type: string }[]): string | undefined {
  if (!fields.some((field) => FIELDS[`${column.name}.${field.name}`])) return undefined;
  const quoted = `"${column.name}"`;
  const values = fields.map((field) =>
    (FIELDS[`${column.name}.${field.name}`] ?? '%s').replaceAll('%s', `${quoted}.${field.name}`),
  );
  const types = fields.map((field) => `${field.name} ${SQL_TYPES[field.type] ?? field.type}`);
  return `CAST(ROW(${values.join(', ')}) AS ROW(${types.join(', ')}))`;
}

/**
 * The reading view's expression for a column that rows of the original tracker hold differently,
 * or `undefined` when the column reads the same for both writers. The expression rewrites only the
 * original's rows (`LEGACY_ROW`) and is written in SQL that Athena (Trino) and DuckDB both run, so
 * every query and dashboard panel reads old and new rows alike.
 *
 * @example
 * legacyColumnExpression({ name: 'referrer', jsonKey: 'referrer', type: 'string' });
 * // `CASE WHEN "device".is_bot IS NULL THEN nullif("referrer", 'direct') ELSE "referrer" END`
 */
export function legacyColumnExpression(column: Column): string | undefined {
  const fields = structFields(column.type);
  const legacy = fields ? structExpression(column, fields) : COLUMNS[column.name];
  return legacy === undefined
    ? undefined
    : `CASE WHEN ${LEGACY_ROW} THEN ${legacy} ELSE "${column.name}" END`;
}
