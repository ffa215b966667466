import { describe, expect, it } from 'vitest';
import { createReferrerDomain, utmFields } from './url-fields.js';

const referrerDomain = createReferrerDomain();

describe('utmFields', () => {
  it('reads every utm_ parameter of a relative page path', () => {
    expect(
      utmFields('/p?utm_source=news&utm_medium=email&utm_campaign=launch&utm_term=t&utm_content=c'),
    ).toEqual({
      source: 'news',
      medium: 'email',
      campaign: 'launch',
      term: 't',
      content: 'c',
    });
  });

  it('reads absolute URLs and decodes values', () => {
    expect(utmFields('https://example.com/?utm_source=big%20news').source).toBe('big news');
  });

  it.each([[null], [undefined], ['/plain'], ['::not a url::']])('is all null for %s', (page) => {
    expect(Object.values(utmFields(page)).every((value) => value === null)).toBe(true);
  });
});

describe('referrerDomain', () => {
  it.each([
    ['https://www.google.com/search?q=x', 'google.com'],
    ['https://News.YCombinator.com/item?id=1', 'news.ycombinator.com'],
    ['android-app://com.slack', 'com.slack'],
    ['/relative', null],
    ['', null],
    [null, null],
  ])('%s → %s', (referrer, expected) => {
    expect(referrerDomain(referrer)).toBe(expected);
  });
});
