import { describe, expect, it } from 'vitest';
import { filterConditions, MAX_FILTER_LENGTH, parseFilters, sqlLiteral } from './filters.js';

describe('filters from the query string', () => {
  it('reads each dimension once, in the order of the page', () => {
    expect(parseFilters(new URLSearchParams('country=DE&page=%2Fpricing&app=all'))).toEqual([
      { param: 'page', value: '/pricing' },
      { param: 'country', value: 'DE' },
    ]);
  });

  it.each([
    ['page=', 'page must be 1 to 512 characters'],
    [`page=${'a'.repeat(MAX_FILTER_LENGTH + 1)}`, 'page must be 1 to 512 characters'],
    ['referrer=a%0Ab', 'without control characters'],
    ['country=DE&country=FR', 'country can be given once'],
  ])('refuses %s', (query, message) => {
    expect(() => parseFilters(new URLSearchParams(query))).toThrow(message);
  });
});

describe('filters in SQL', () => {
  it('quotes a value as Trino and DuckDB literals do: a quote inside is written twice', () => {
    // Trino docs, "String literals": a single quote is escaped by another single quote.
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral("x' OR '1'='1")).toBe("'x'' OR ''1''=''1'");
  });

  it('compares the panel’s own expression to the quoted value', () => {
    expect(
      filterConditions([
        { param: 'page', value: '/pricing' },
        { param: 'referrer', value: 'Direct / None' },
      ]),
    ).toEqual([
      "split_part(page, '?', 1) = '/pricing'",
      "coalesce(referrerDomain, 'Direct / None') = 'Direct / None'",
    ]);
    expect(() => filterConditions([{ param: 'eventType) OR (1', value: 'x' }])).toThrow('Not a filter');
  });
});
