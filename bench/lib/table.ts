/**
 * A Markdown table (readable in a terminal too), columns padded to their widest cell.
 *
 * @example
 * markdownTable(['figure', 'value'], [['requests/s', '1,234']]);
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/**
 * A number with thousands separators and at most `digits` decimals.
 *
 * @example
 * formatNumber(12345.678, 1); // '12,345.7'
 */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
