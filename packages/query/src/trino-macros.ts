/**
 * Trino (Athena engine v3) functions the example queries use that DuckDB lacks, as DuckDB macros,
 * so the very same SQL text runs on both engines. Each behaves like its Trino namesake for the
 * inputs our tables hold (ISO 8601 strings, URLs, JSON-encoded metadata).
 */

// Trino's date_format takes MySQL-style specifiers; DuckDB's strftime the C ones. Only the ones that
// differ are translated; `%M` (month name) must be rewritten before `%i` (minutes) becomes `%M`, and
// `%r` and `%T` after it (they produce `%M`). Trino prints `%f` as 6 digits of a millisecond time, as
// strftime does. `%x`/`%v` are the ISO week-year and week (Monday first), strftime's `%G`/`%V`.
const MYSQL_TO_STRFTIME = [
  ['%M', '%B'],
  ['%W', '%A'],
  ['%i', '%M'],
  ['%s', '%S'],
  ['%T', '%H:%M:%S'],
  ['%r', '%I:%M:%S %p'],
  ['%h', '%I'],
  ['%k', '%-H'],
  ['%l', '%-I'],
  ['%v', '%V'],
  ['%x', '%G'],
  ['%e', '%-d'],
  ['%c', '%-m'],
] as const;

// Trino refuses these specifiers ("not currently supported"); strftime would print something.
const UNSUPPORTED_BY_TRINO = '%[DUuVwX]';

const translatedFormat = MYSQL_TO_STRFTIME.reduce(
  (expression, [from, to]) => `replace(${expression}, '${from}', '${to}')`,
  'fmt',
);

/**
 * `CREATE MACRO` statements, run once per local DuckDB connection.
 *
 * @example
 * for (const sql of TRINO_MACROS) await connection.run(sql);
 */
export const TRINO_MACROS: readonly string[] = [
  // Trino returns NULL for objects and arrays, and for text that is not JSON, where DuckDB's
  // json_extract_string returns the JSON text, or fails the whole query.
  `CREATE OR REPLACE MACRO json_extract_scalar(json, path) AS
     CASE WHEN NOT json_valid(json) THEN NULL
          WHEN json_type(json_extract(json, path)) IN ('OBJECT', 'ARRAY') THEN NULL
          ELSE json_extract_string(json, path) END`,
  // Trino's HyperLogLog promises a 2.3% standard error; DuckDB's approx_count_distinct is off by a
  // quarter on 1,000 values. An exact count is within Trino's promise, and 0 for all-NULL input.
  'CREATE OR REPLACE MACRO approx_distinct(x) AS count(DISTINCT x)',
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)',
  `CREATE OR REPLACE MACRO date_format(ts, fmt) AS
     CASE WHEN regexp_matches(fmt, '${UNSUPPORTED_BY_TRINO}')
          THEN error('date_format: Trino does not support %D %U %u %V %w %X (format ' || fmt || ')')
          ELSE strftime(ts, ${translatedFormat}) END`,
  // Trino counts whole units elapsed (10:00:00.900 → 10:00:01.100 is 0 seconds); DuckDB's date_diff
  // counts unit boundaries crossed (1). DuckDB's date_sub counts whole units.
  'CREATE OR REPLACE MACRO date_diff(unit, a, b) AS date_sub(unit, a, b)',
  // Trino's date_trunc returns the type it is given: a date stays a date (DuckDB makes a timestamp).
  `CREATE OR REPLACE MACRO date_trunc(unit, x DATE) AS CAST(datetrunc(unit, x) AS DATE),
     (unit, x TIMESTAMP) AS datetrunc(unit, x), (unit, x TIMESTAMPTZ) AS datetrunc(unit, x)`,
  'CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts)',
  'CREATE OR REPLACE MACRO day_of_week(ts) AS isodow(ts)',
  'CREATE OR REPLACE MACRO regexp_like(text, pattern) AS regexp_matches(text, pattern)',
  `CREATE OR REPLACE MACRO url_extract_host(url) AS
     nullif(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]+)', 1), '')`,
  // Trino returns the first parameter's value decoded as a form (RFC 1866 8.2.1: `+` is a space).
  `CREATE OR REPLACE MACRO url_extract_parameter(url, name) AS
     url_decode(replace(regexp_extract(url, '[?&]' || name || '=([^&#]*)', 1), '+', ' '))`,
  'CREATE OR REPLACE MACRO from_unixtime(seconds) AS to_timestamp(seconds)',
  // Trino writes a UTC timestamp with milliseconds as 2025-12-17T12:00:00.000Z.
  `CREATE OR REPLACE MACRO to_iso8601(ts) AS strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  `CREATE OR REPLACE MACRO url_extract_path(url) AS
     regexp_extract(url, '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)`,
];
