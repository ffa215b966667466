import { describe, expect, it } from 'vitest';
import { change, formatCount, formatDuration, formatPercent } from './format.js';

describe('figures as the page writes them', () => {
  it.each([
    [formatCount(1234567), '1,234,567'],
    [formatCount(null), '—'],
    [formatPercent(33.33), '33.3%'],
    [formatPercent(50), '50%'],
    [formatDuration(45), '45s'],
    [formatDuration(125), '2m 05s'],
    [formatDuration(3720), '1h 02m'],
    [formatDuration(null), '—'],
  ])('%s', (shown, expected) => {
    expect(shown).toBe(expected);
  });

  it.each([
    [12, 10, 'relative', { text: '+20%', direction: 'up' }],
    [5, 10, 'relative', { text: '−50%', direction: 'down' }],
    [10, 10, 'relative', { text: '0%', direction: 'flat' }],
    [3, 0, 'relative', { text: 'new', direction: 'up' }],
    [0, 0, 'relative', { text: '0%', direction: 'flat' }],
    [40, 50, 'points', { text: '−10 pts', direction: 'down' }],
    [50, null, 'points', { text: 'new', direction: 'none' }],
    [null, 10, 'relative', { text: '—', direction: 'none' }],
  ] as const)('change(%s, %s, %s)', (current, previous, kind, expected) => {
    expect(change(current, previous, kind)).toEqual(expected);
  });
});
