import type { JsonValue } from '@analytics-tracker/schema';
import { type QueryResult, rowObjects } from './result.js';

/** Output formats of `npm run query`. */
export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
/** One output format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const text = (value: JsonValue): string => {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/**
 * A result as an aligned text table, numbers right-aligned, with a row count.
 *
 * @example
 * formatTable({ columns: [{ name: 'views', type: 'BIGINT' }], rows: [[1]], returnsRows: true });
 * // views\n-----\n    1\n(1 row)
 */
export function formatTable(result: QueryResult): string {
  if (!result.returnsRows) return 'OK';
  const cells = result.rows.map((row) => row.map(text));
  const widths = result.columns.map((column, i) =>
    Math.max(column.name.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const numeric = result.columns.map(
    (_, i) =>
      result.rows.length > 0 && result.rows.every((row) => typeof row[i] === 'number' || row[i] === null),
  );
  const line = (values: readonly string[], alignNumbers: boolean): string =>
    values
      .map((value, i) =>
        alignNumbers && numeric[i] ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  const count = `(${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'})`;
  return [
    line(
      result.columns.map((column) => column.name),
      false,
    ),
    widths.map((width) => '-'.repeat(width)).join('-+-'),
    ...cells.map((row) => line(row, true)),
    count,
  ].join('\n');
}

// Event fields come from the internet; a cell such as "=HYPERLINK(...)" must not run as a formula
// when the CSV is opened in a spreadsheet (OWASP "CSV injection"), so such text gets a leading quote.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

function csvCell(value: JsonValue): string {
  if (value === null) return '';
  let cell = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.has(cell.charAt(0))) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * A result as RFC 4180 CSV with a header row (NULL is an empty cell), ready for a spreadsheet.
 *
 * @example
 * formatCsv(result); // 'year,month,day,views\r\n2025,12,17,1\r\n'
 */
export function formatCsv(result: QueryResult): string {
  const lines = [
    result.columns.map((column) => csvCell(column.name)),
    ...result.rows.map((row) => row.map(csvCell)),
  ];
  return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

/**
 * A result as a JSON array of row objects.
 *
 * @example
 * formatJson(result); // '[\n  { "views": 1 }\n]'
 */
export function formatJson(result: QueryResult): string {
  return JSON.stringify(rowObjects(result), null, 2);
}

/**
 * A result in the chosen format.
 *
 * @example
 * process.stdout.write(`${formatResult(result, 'csv')}`);
 */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return formatTable(result);
    case 'csv':
      return formatCsv(result);
    case 'json':
      return formatJson(result);
  }
}
