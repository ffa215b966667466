import { describe, expect, it } from 'vitest';
import { formatCsv, formatJson, formatTable } from './format.js';
import type { QueryResult } from './result.js';

const result: QueryResult = {
  columns: [
    { name: 'page', type: 'VARCHAR' },
    { name: 'views', type: 'BIGINT' },
    { name: 'device', type: 'STRUCT' },
  ],
  rows: [
    ['/', 12, { is_bot: false }],
    ['=HYPERLINK("http://x")', 3, null],
    ['a,"b"', -1, null],
  ],
  returnsRows: true,
};

describe('formats', () => {
  it('table: aligned columns, numbers on the right, NULL shown, row count', () => {
    expect(formatTable(result)).toBe(
      [
        'page                   | views | device',
        '-----------------------+-------+-----------------',
        '/                      |    12 | {"is_bot":false}',
        '=HYPERLINK("http://x") |     3 | NULL',
        'a,"b"                  |    -1 | NULL',
        '(3 rows)',
      ].join('\n'),
    );
    expect(formatTable({ columns: [], rows: [], returnsRows: false })).toBe('OK');
  });

  it('csv: RFC 4180 quoting, empty NULLs, and no spreadsheet formulas from event data', () => {
    expect(formatCsv(result)).toBe(
      'page,views,device\r\n/,12,"{""is_bot"":false}"\r\n"\'=HYPERLINK(""http://x"")",3,\r\n"a,""b""",-1,\r\n',
    );
  });

  it('json: an array of row objects', () => {
    expect(JSON.parse(formatJson(result))).toEqual([
      { page: '/', views: 12, device: { is_bot: false } },
      { page: '=HYPERLINK("http://x")', views: 3, device: null },
      { page: 'a,"b"', views: -1, device: null },
    ]);
  });
});
