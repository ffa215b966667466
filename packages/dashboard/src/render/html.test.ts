import { describe, expect, it } from 'vitest';
import { html } from './html.js';
import { tablePanelHtml } from './table-panel.js';

describe('html', () => {
  it('escapes every value unless it is html built by html', () => {
    const page = '/"><script>alert(1)</script>';
    expect(html`<td title="${page}">${page}</td>${html`<b>ok</b>`}`.toString()).toBe(
      '<td title="/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td><b>ok</b>',
    );
  });

  it('a table panel writes paths sent by anyone as text, never as markup', () => {
    const out = tablePanelHtml(
      { query: 'top_pages', title: 'Top pages' },
      {
        query: 'top_pages',
        sql: 'SELECT 1',
        columns: ['page', 'views'],
        rows: [{ page: '<img src=x onerror=alert(1)>', views: 2 }],
      },
    ).toString();
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
