import type { PanelFailure } from '../panel-failure.js';
import { html, type SafeHtml } from './html.js';

/**
 * The error block: what failed, the message, and what to do.
 *
 * @example
 * failureHtml({ code: 'ATHENA_NO_CREDENTIALS', title: 'No AWS credentials', message: '…' });
 */
export function failureHtml(failure: PanelFailure, what?: string): SafeHtml {
  return html`<div class="failure" role="alert" data-code="${failure.code}">
  <p class="failure-title">${what ? `${what}: ` : ''}${failure.title}</p>
  <p class="failure-message">${failure.message}</p>
  ${failure.hint ? html`<p class="failure-hint">${failure.hint}</p>` : ''}
</div>`;
}
