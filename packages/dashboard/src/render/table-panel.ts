import type { JsonValue } from '@analytics-tracker/schema';
import type { PanelResult } from '../load-dashboard.js';
import type { TablePanel } from '../panels.js';
import { type Selection, selectionQuery } from '../selection.js';
import { failureHtml } from './failure.js';
import { formatCount, formatPercent } from './format.js';
import { html, type SafeHtml } from './html.js';
import { sqlDetails } from './sql-details.js';

const HEADINGS: Record<string, string> = {
  os: 'OS',
  utm_source: 'Source',
  event_type: 'Event type',
  // The goals panel: unique converting visitors and the conversion rate, as Plausible names them.
  conversions: 'Uniques',
  conversion_rate: 'CR',
};

/**
 * A column name as a table heading: `event_type` → `Event type`.
 *
 * @example
 * heading('visitors'); // 'Visitors'
 */
export function heading(column: string): string {
  const words = HEADINGS[column] ?? column.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const label = (value: JsonValue | undefined): string =>
  value === null || value === undefined || value === '' ? '(none)' : String(value);

/**
 * The "CSV" link of a panel: `/export.csv` with the page's selection and the panel's query name.
 *
 * @example
 * exportLink('top_pages', selection); // <a class="export" href="/export.csv?app=all&range=7d&panel=top_pages" download>CSV</a>
 */
export function exportLink(query: string, selection: Selection): SafeHtml {
  const params = new URLSearchParams(selectionQuery(selection));
  params.set('panel', query);
  return html`<a class="export" href="/export.csv?${params.toString()}" download>CSV</a>`;
}

/**
 * The address of the page with one more filter (replacing one on the same dimension).
 *
 * @example
 * filterHref(selection, 'page', '/pricing'); // '/?app=all&range=7d&page=%2Fpricing'
 */
export function filterHref(selection: Selection, param: string, value: string): string {
  const filters = [...selection.filters.filter((filter) => filter.param !== param), { param, value }];
  return `/?${selectionQuery({ ...selection, filters })}`;
}

/**
 * A table panel: label, figures, and a bar behind each row sized by its share of the top row. A
 * row's label filters the whole page when the panel has a filter; an empty result says so instead
 * of showing an empty table.
 *
 * @example
 * tablePanelHtml({ query: 'top_pages', title: 'Top pages', filter: 'page' }, result, selection);
 */
export function tablePanelHtml(panel: TablePanel, result: PanelResult, selection?: Selection): SafeHtml {
  const cell = (value: JsonValue | undefined): SafeHtml | string =>
    panel.filter && selection && value !== null && value !== undefined && value !== ''
      ? html`<a class="filter-link" href="${filterHref(selection, panel.filter, String(value))}" title="Show only ${label(value)}">${label(value)}</a>`
      : label(value);
  const [labelColumn, barColumn, ...rest] = result.columns;
  const numbers = barColumn ? [barColumn, ...rest] : [];
  const top = Math.max(
    1,
    ...result.rows.map((row) => (barColumn && typeof row[barColumn] === 'number' ? row[barColumn] : 0)),
  );
  const body =
    result.failure !== undefined
      ? failureHtml(result.failure)
      : result.rows.length === 0 || labelColumn === undefined
        ? html`<p class="empty">Nothing in this range.</p>`
        : html`<table>
    <thead><tr><th scope="col">${heading(labelColumn)}</th>${numbers.map(
      (column) => html`<th scope="col" class="num">${heading(column)}</th>`,
    )}</tr></thead>
    <tbody>${result.rows.map((row) => {
      const value = barColumn ? row[barColumn] : undefined;
      const share = typeof value === 'number' ? Math.round((value / top) * 1000) / 10 : 0;
      return html`<tr style="--share:${share}%">
      <td class="label" title="${label(row[labelColumn])}"><span>${cell(row[labelColumn])}</span></td>${numbers.map(
        (column) =>
          html`<td class="num" data-column="${column}" data-value="${row[column] ?? ''}">${column.endsWith('_rate') ? formatPercent(row[column]) : formatCount(row[column])}</td>`,
      )}
    </tr>`;
    })}</tbody>
  </table>`;
  return html`<section class="panel table-panel" data-query="${panel.query}">
  <header><h2>${panel.title}</h2>${panel.note ? html`<p class="note">${panel.note}</p>` : ''}${selection ? exportLink(panel.query, selection) : ''}</header>
  ${body}
  ${sqlDetails([{ sql: result.sql }])}
</section>`;
}
