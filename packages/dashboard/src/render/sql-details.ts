import { html, type SafeHtml } from './html.js';

/**
 * The "Show SQL" link of a panel: the exact statements that produced it, ready to paste into Athena.
 *
 * @example
 * sqlDetails([{ sql: 'SELECT …' }]);
 */
export function sqlDetails(statements: readonly { label?: string; sql: string }[]): SafeHtml {
  return html`<details class="sql">
  <summary>Show SQL</summary>
  ${statements.map(
    ({ label, sql }) =>
      html`${label ? html`<p class="sql-label">${label}</p>` : ''}<pre><code>${sql};</code></pre>`,
  )}
</details>`;
}
